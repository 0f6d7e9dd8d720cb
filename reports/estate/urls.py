"""The London-wide estate views, mounted under /reports/estate/ in the ``reports``
namespace by ``reports.urls``."""

from django.urls import path

from reports.estate import views

urlpatterns: list = [
    path("estate/", views.usage, name="estate"),
    path("estate/contracts/", views.contracts, name="estate-contracts"),
    path("estate/collaboration/", views.collaboration, name="estate-collaboration"),
    path("estate/suppliers/", views.suppliers, name="estate-suppliers"),
]

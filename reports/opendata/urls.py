"""Open data: published results for anyone, no sign-in (mounted at /open-data/)."""

from django.urls import path

from reports.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("data-dictionary/", views.dictionary, name="dictionary"),
    path("<slug:slug>/", views.release, name="release"),
    path("<slug:slug>/data.csv", views.release_csv, name="csv"),
    path("<slug:slug>/aggregates.csv", views.aggregates_csv, name="aggregates-csv"),
    path("<slug:slug>/products.csv", views.products_csv, name="products-csv"),
    path("<slug:slug>/suppliers.csv", views.suppliers_csv, name="suppliers-csv"),
]

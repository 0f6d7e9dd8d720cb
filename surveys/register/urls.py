"""The register's pages, included by ``surveys.journey.urls`` at /assessments/register/ in
the ``surveys`` namespace (``surveys:register``, ``surveys:register-add``...)."""

from django.urls import path

from surveys.register import views

urlpatterns = [
    path("", views.register, name="register"),
    path("add/", views.system_add, name="register-add"),
    path("systems/<int:system_id>/", views.system_change, name="register-system"),
    path("systems/<int:system_id>/remove/", views.system_remove, name="register-system-remove"),
    path(
        "systems/<int:system_id>/history/",
        views.system_history_page,
        name="register-system-history",
    ),
]

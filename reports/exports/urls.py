"""CSV and Excel exports for the CDO office and admins (mounted at /exports/): the page,
and one download URL for each kind of export in ``reports.exports.registry``."""

from django.urls import path

from reports.exports import views
from reports.exports.registry import KINDS

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    *(path(f"{name}/", views.download, {"kind": name}, name=name) for name in KINDS),
]

"""CSV and Excel exports for the CDO office and admins (mounted at /exports/): the page,
one download URL for each kind of export in ``reports.exports.registry``, and the pages of
an export job (its status, as JSON, its file)."""

from django.urls import path

from reports.exports import job_views, views
from reports.exports.registry import KINDS

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:job_id>/", job_views.job, name="job"),
    path("jobs/<int:job_id>/status/", job_views.job_status, name="job-status"),
    path("jobs/<int:job_id>/file/", job_views.job_file, name="job-file"),
    *(path(f"{name}/", views.download, {"kind": name}, name=name) for name in KINDS),
]

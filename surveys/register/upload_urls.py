"""The register's upload and download, included by ``surveys.journey.urls`` at
/assessments/register/ in the ``surveys`` namespace: ``surveys:register-upload`` (the
signed-in person's own authority, in a round) and ``surveys:register-download-csv`` /
``-xlsx`` (an authority's register in a round)."""

from django.urls import path

from surveys.register import upload_views as views

urlpatterns = [
    path("upload/<slug:round_slug>/", views.register_upload, name="register-upload"),
    path(
        "download/<slug:authority_slug>/<slug:round_slug>/register.csv",
        views.register_download,
        {"file_format": "csv"},
        name="register-download-csv",
    ),
    path(
        "download/<slug:authority_slug>/<slug:round_slug>/register.xlsx",
        views.register_download,
        {"file_format": "xlsx"},
        name="register-download-xlsx",
    ),
]

"""CSV and Excel exports for the CDO office and admins (mounted at /exports/)."""

from django.urls import path

from reports.exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.download_summary, name="summary"),
    path("answers/", views.download_answers, name="answers"),
    path("questionnaire/", views.download_questionnaire, name="questionnaire"),
    path("progress/", views.download_progress, name="progress"),
]

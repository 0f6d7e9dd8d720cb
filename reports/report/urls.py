from django.urls import path

from reports.report import views

urlpatterns = [
    path("authorities/<slug:slug>/report/", views.report, name="authority-report"),
    path("authorities/<slug:slug>/report.pdf", views.report_pdf, name="authority-report-pdf"),
]

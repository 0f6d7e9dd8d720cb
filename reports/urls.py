"""The ``reports`` namespace: the dashboards and the leadership report, mounted at
``/reports/`` by ``maturity/urls.py`` (sub-packages, one namespace, no import between
them)."""

from reports.dashboards import urls as dashboards
from reports.estate import urls as estate
from reports.report import urls as report

app_name = "reports"

urlpatterns = dashboards.urlpatterns + report.urlpatterns + estate.urlpatterns

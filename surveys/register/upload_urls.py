"""The register's upload and download, included by ``surveys.journey.urls`` at
/assessments/register/ in the ``surveys`` namespace."""

urlpatterns: list = []

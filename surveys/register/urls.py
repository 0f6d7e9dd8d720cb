"""The register's pages, included by ``surveys.journey.urls`` at /assessments/register/ in
the ``surveys`` namespace."""

urlpatterns: list = []

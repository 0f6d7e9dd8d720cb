"""The London-wide estate views, mounted under /reports/estate/ in the ``reports``
namespace by ``reports.urls``."""

urlpatterns: list = []

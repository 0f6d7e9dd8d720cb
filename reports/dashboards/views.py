"""Dashboard views: each authorises, selects, builds frames and charts, and responds."""

from reports.dashboards.pages.area import area
from reports.dashboards.pages.index import index
from reports.dashboards.pages.overview import overview
from reports.dashboards.pages.profile import authority
from reports.dashboards.pages.ranking import ranking
from reports.dashboards.pages.trends import trends

__all__ = ["area", "authority", "index", "overview", "ranking", "trends"]

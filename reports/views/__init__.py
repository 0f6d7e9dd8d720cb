"""Dashboard views: each authorises, selects, builds frames and charts, and responds."""

from reports.views.area import area
from reports.views.index import index
from reports.views.overview import overview
from reports.views.profile import authority
from reports.views.ranking import ranking
from reports.views.trends import trends

__all__ = ["area", "authority", "index", "overview", "ranking", "trends"]

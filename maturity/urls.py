"""Root URLs. Each app owns its own URL module; this file only mounts them."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from maturity import session_timeout, views
from surveys.views import method

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("maturity.account_urls")),
    path("assessments/", include("surveys.urls")),
    path("review/", include("surveys.review_urls")),
    path("reports/", include("reports.urls")),
    path("exports/", include("reports.export_urls")),
    path("open-data/", include("reports.opendata_urls")),
    path("api/v1/", include("reports.api_urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("how-scores-are-calculated/", method.scoring_method, name="scoring-method"),
    path("session/keep-alive/", session_timeout.keep_alive, name="keep-alive"),
]

handler400 = "maturity.views.bad_request"
handler403 = "maturity.views.permission_denied"
handler404 = "maturity.views.page_not_found"
handler500 = "maturity.views.server_error"

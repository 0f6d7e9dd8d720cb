"""Root URLs. Each app owns its own URL module; this file only mounts them."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import session_timeout
from surveys.results import views as method
from surveys.review import method_views as moderation_method
from web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("assessments/", include("surveys.journey.urls")),
    path("review/", include("surveys.review.urls")),
    path("reports/", include("reports.urls")),
    path("exports/", include("reports.exports.urls")),
    path("open-data/", include("reports.opendata.urls")),
    path("api/v1/", include("reports.api.urls")),
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("how-scores-are-calculated/", method.scoring_method, name="scoring-method"),
    path(
        "how-submissions-are-checked/",
        moderation_method.moderation_method,
        name="moderation-method",
    ),
    path("session/keep-alive/", session_timeout.keep_alive, name="keep-alive"),
]

handler400 = "web.views.bad_request"
handler403 = "web.views.permission_denied"
handler404 = "web.views.page_not_found"
handler500 = "web.views.server_error"

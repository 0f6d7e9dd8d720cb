"""The self-assessment journey, mounted at /assessments/ (namespace ``surveys``)."""

from django.urls import include, path

import surveys.url_converters  # noqa: F401 - registers the <reference:...> converter
from surveys.journey import check_views as journey_check
from surveys.journey import provisional_views as journey_provisional
from surveys.journey import query_views as journey_queries
from surveys.journey import views as journey
from surveys.plans import urls as plan_urls
from surveys.register import upload_urls as register_upload_urls
from surveys.register import urls as register_urls

app_name = "surveys"

urlpatterns = [
    path("", journey.start, name="start"),
    # Before the assessment pages: "plan" would match <reference:...> too.
    path("plan/", include(plan_urls.urlpatterns)),
    path("register/", include(register_urls.urlpatterns + register_upload_urls.urlpatterns)),
    path("rounds/<slug:round_slug>/start/", journey.start_round, name="round-start"),
    path(
        "rounds/<slug:round_slug>/provisional/",
        journey_provisional.provisional,
        name="provisional",
    ),
    path("<reference:reference>/prefill/", journey.prefill, name="prefill"),
    path("<reference:reference>/questions/<slug:code>/", journey.question, name="question"),
    path(
        "<reference:reference>/questions/<slug:code>/history/",
        journey_check.history,
        name="history",
    ),
    path(
        "<reference:reference>/areas/<slug:area_code>/", journey_check.check_area, name="check-area"
    ),
    path(
        "<reference:reference>/queries/<int:query_id>/reply/",
        journey_queries.query_reply,
        name="query-reply",
    ),
    path("<reference:reference>/check/", journey_check.check, name="check"),
    path("<reference:reference>/submit/", journey_check.submit, name="submit"),
    path("<reference:reference>/submitted/", journey_check.submitted, name="submitted"),
]

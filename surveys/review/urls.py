"""The CDO office's review, mounted at /review/ (namespace ``review``)."""

from django.urls import path

import surveys.url_converters  # noqa: F401 - registers the <reference:...> converter
from surveys.review import assessment_views as review_assessment
from surveys.review import moderation_views as moderation
from surveys.review import provisional_views as provisional
from surveys.review import views as review

app_name = "review"

urlpatterns = [
    path("", review.rounds, name="rounds"),
    path("rounds/<slug:slug>/", review.round_detail, name="round"),
    path("rounds/<slug:slug>/release/", provisional.release, name="release"),
    path("rounds/<slug:slug>/release/publish/", provisional.publish, name="release-publish"),
    path(
        "rounds/<slug:slug>/release/corrections/<int:response_id>/resolve/",
        provisional.resolve,
        name="release-resolve",
    ),
    path(
        "assessments/<reference:reference>/", review_assessment.assessment_detail, name="assessment"
    ),
    path(
        "assessments/<reference:reference>/return/",
        review_assessment.return_assessment,
        name="return",
    ),
    path("assessments/<reference:reference>/approve/", review_assessment.approve, name="approve"),
    path("assessments/<reference:reference>/reopen/", review_assessment.reopen, name="reopen"),
    path(
        "assessments/<reference:reference>/flags/check/",
        moderation.flags_check,
        name="flags-check",
    ),
    path(
        "assessments/<reference:reference>/flags/<int:flag_id>/accept/",
        moderation.flag_accept,
        name="flag-accept",
    ),
    path(
        "assessments/<reference:reference>/flags/<int:flag_id>/query/",
        moderation.query_flag,
        name="flag-query",
    ),
    path(
        "assessments/<reference:reference>/questions/<slug:code>/query/",
        moderation.query_question,
        name="query",
    ),
    path(
        "assessments/<reference:reference>/queries/<int:query_id>/resolve/",
        moderation.query_resolve,
        name="query-resolve",
    ),
]

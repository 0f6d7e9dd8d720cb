"""The public page that explains how submissions are moderated before results count."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import MIN_AUTHORITIES
from surveys.results.selectors import published_scale
from surveys.review.flags.described import moderation_method as method_facts


@require_GET
def moderation_method(request):
    """Outlier flags (with the rules' own thresholds and the current questionnaire's
    consistency checks), queries, the provisional release and the senior sign-off."""
    questionnaire, _levels = published_scale()
    return render(
        request,
        "surveys/moderation_method.html",
        {
            "questionnaire": questionnaire,
            "min_authorities": MIN_AUTHORITIES,
            **method_facts(questionnaire=questionnaire),
        },
    )

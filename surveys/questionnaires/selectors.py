"""Reads about the current questionnaire: what the service's own pages say it covers.

The home page, footer and accessibility statement used to name London's four areas and
"33 authorities" whatever was loaded; they read them from the data through here.
"""

from __future__ import annotations

from django.db.models import Subquery
from django.db.models.functions import Coalesce

from surveys.models import Area, Questionnaire, Round


def current_area_names() -> list[str]:
    """The area names, in order, of the current questionnaire: the latest published one,
    else (none published) that of the most recently opened open round; [] if neither.
    One query."""
    latest_published = (
        Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
        .order_by("-published_at", "-version", "-pk")
        .values("pk")[:1]
    )
    newest_open = (
        Round.objects.filter(status=Round.Status.OPEN)
        .order_by("-opens_on", "-pk")
        .values("questionnaire_id")[:1]
    )
    return list(
        Area.objects.filter(
            questionnaire_id=Coalesce(Subquery(latest_published), Subquery(newest_open))
        )
        .order_by("order")
        .values_list("name", flat=True)
    )

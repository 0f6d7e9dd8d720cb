"""What waits for the CDO office in each open round: its landing page's to-do list.

Statuses are those of ``progress``: a draft with no answered question is "Not started",
like an authority with no assessment at all, so the figures here always equal the
round table's and the round summaries'.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Assessment, Round
from surveys.review.progress import ANSWERED


@dataclass(frozen=True)
class RoundTodo:
    """One open round as the CDO office's work: who waits for a review, who was sent
    back, who has not started, and the closing date."""

    round: Round
    today: datetime.date
    waiting: list[Assessment]  # submitted, the longest waiting first
    returned: list[Assessment]  # returned, waiting for the authority to submit again
    not_started: list[Authority]
    in_progress: int
    approved: int

    @property
    def days_left(self) -> int:
        """Days until the round closes (0 on the closing day, negative once it has passed)."""
        return (self.round.closes_on - self.today).days


def open_round_todos(*, today: datetime.date | None = None) -> list[RoundTodo]:
    """Every open round, closing soonest first, with what waits for the CDO office in it.

    Four queries however many rounds, assessments and answers there are: the open
    rounds, their assessments (with authorities), the drafts with an answer, and the
    authorities. Authorities are listed by name; waiting assessments oldest first.
    """
    today = today or timezone.localdate()
    rounds = list(Round.objects.filter(status=Round.Status.OPEN).order_by("closes_on", "name"))
    if not rounds:
        return []
    assessments = list(
        Assessment.objects.filter(round__in=rounds)
        .select_related("authority")
        .order_by("submitted_at", "authority__name")
    )
    started = set(
        Assessment.objects.filter(round__in=rounds, status=Assessment.Status.DRAFT)
        .filter(Exists(Answer.objects.filter(ANSWERED, assessment=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    authorities = list(Authority.objects.order_by("name"))
    return [_todo(round_, today, assessments, started, authorities) for round_ in rounds]


def _todo(round_, today, assessments, started, authorities) -> RoundTodo:
    mine = [a for a in assessments if a.round_id == round_.pk]
    status = Assessment.Status
    drafts = [a for a in mine if a.status == status.DRAFT]
    begun = {a.authority_id for a in mine if a.status != status.DRAFT or a.pk in started}
    return RoundTodo(
        round=round_,
        today=today,
        waiting=[a for a in mine if a.status == status.SUBMITTED],
        returned=sorted(
            (a for a in mine if a.status == status.RETURNED), key=lambda a: a.authority.name
        ),
        not_started=[authority for authority in authorities if authority.pk not in begun],
        in_progress=sum(1 for a in drafts if a.pk in started),
        approved=sum(1 for a in mine if a.status == status.APPROVED),
    )

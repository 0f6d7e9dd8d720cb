"""What waits for the CDO office in each round not yet published: its landing page's to-do
list.

Open rounds first (closing soonest first), then closed rounds waiting to be published:
moderation goes on after a round closes. For each: who waits for a review, who was sent
back, who has not started (open rounds), and the moderation still to do (outlier flags
to decide, queries the authority has answered, corrections to the provisional release).

Statuses are those of ``progress``: a draft with no answered question is "Not started",
like an authority with no assessment at all, so the figures here always equal the
round table's and the round summaries'.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import (
    Answer,
    Assessment,
    AssessmentFlag,
    ProvisionalResponse,
    ReviewQuery,
    Round,
)
from surveys.review.progress import ANSWERED

# The rounds with work left for the CDO office.
TODO_STATUSES = (Round.Status.OPEN, Round.Status.CLOSED)


@dataclass(frozen=True)
class Counted:
    """An assessment and how many of something (flags, queries) wait in it."""

    assessment: Assessment
    count: int


@dataclass(frozen=True)
class RoundTodo:
    """One round not yet published as the CDO office's work: who waits for a review, who
    was sent back, who has not started, the moderation left, and the closing date."""

    round: Round
    today: datetime.date
    waiting: list[Assessment]  # submitted, the longest waiting first
    returned: list[Assessment]  # returned, waiting for the authority to submit again
    not_started: list[Authority]
    in_progress: int
    approved: int
    # Submitted assessments with outlier flags still to decide, by authority name.
    flagged: list[Counted]
    # Assessments with open queries the authority has replied to, or that are submitted
    # (again): the reviewer's turn. By authority name.
    queried: list[Counted]
    # Corrections to the provisional release not yet resolved, by authority name.
    corrections: list[ProvisionalResponse]

    @property
    def is_open(self) -> bool:
        return self.round.status == Round.Status.OPEN

    @property
    def days_left(self) -> int:
        """Days until the round closes (0 on the closing day, negative once it has passed)."""
        return (self.round.closes_on - self.today).days

    @property
    def open_flags(self) -> int:
        return sum(item.count for item in self.flagged)

    @property
    def waiting_queries(self) -> int:
        return sum(item.count for item in self.queried)


def open_round_todos(*, today: datetime.date | None = None) -> list[RoundTodo]:
    """Every round not yet published (open ones first, closing soonest first; then closed
    ones, the latest to close first), with what waits for the CDO office in it.

    Seven queries however many rounds, assessments, answers, flags, queries and responses
    there are: the rounds, their assessments (with authorities), the drafts with an
    answer, the authorities, the open flags per submitted assessment, the queries
    waiting per assessment, and the open corrections (with authorities). Authorities are
    listed by name; waiting assessments oldest first.
    """
    today = today or timezone.localdate()
    found = list(Round.objects.filter(status__in=TODO_STATUSES).order_by("closes_on", "name"))
    closed = [r for r in found if r.status != Round.Status.OPEN]
    rounds = [r for r in found if r.status == Round.Status.OPEN] + sorted(
        closed, key=lambda r: r.closes_on, reverse=True
    )
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
    moderation = _Moderation(
        flags=_counts(
            AssessmentFlag.objects.filter(
                assessment__round__in=rounds,
                assessment__status=Assessment.Status.SUBMITTED,
                decision=AssessmentFlag.Decision.OPEN,
            )
        ),
        queries=_counts(
            ReviewQuery.objects.filter(
                assessment__round__in=rounds, status=ReviewQuery.Status.OPEN
            ).filter(
                Q(replied_at__isnull=False) | Q(assessment__status=Assessment.Status.SUBMITTED)
            )
        ),
        corrections=list(
            ProvisionalResponse.objects.filter(
                round__in=rounds,
                kind=ProvisionalResponse.Kind.CORRECTION,
                resolved_at__isnull=True,
            )
            .select_related("authority")
            .order_by("authority__name")
        ),
    )
    return [
        _todo(round_, today, assessments, started, authorities, moderation) for round_ in rounds
    ]


@dataclass(frozen=True)
class _Moderation:
    flags: Counter[int]  # assessment id -> open flags
    queries: Counter[int]  # assessment id -> queries waiting for the reviewer
    corrections: list[ProvisionalResponse]


def _counts(rows) -> Counter[int]:
    """``{assessment_id: number of rows}`` in one grouped query."""
    return Counter(
        dict(
            rows.order_by()
            .values_list("assessment_id")
            .annotate(count=Count("pk"))
            .values_list("assessment_id", "count")
        )
    )


def _counted(assessments: list[Assessment], counts: Counter[int]) -> list[Counted]:
    return sorted(
        (Counted(a, counts[a.pk]) for a in assessments if counts[a.pk]),
        key=lambda item: item.assessment.authority.name,
    )


def _todo(round_, today, assessments, started, authorities, moderation) -> RoundTodo:
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
        flagged=_counted(mine, moderation.flags),
        queried=_counted(mine, moderation.queries),
        corrections=[r for r in moderation.corrections if r.round_id == round_.pk],
    )

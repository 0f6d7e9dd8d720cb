"""Reads for the CDO office's review: rounds, progress of every authority, reminders.

Progress statuses are the assessment statuses with one refinement: a draft with no
answered question is "Not started", like an authority with no assessment at all.
"Answered" means what scoring counts towards completion (N/A counts, blank text does
not), so the completion shown here always equals ``results_for``'s.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from boroughs.models import Authority, Membership, PeerGroup
from surveys.answers.kinds import answered_condition
from surveys.models import Answer, Area, Assessment, ProvisionalResponse, Round
from surveys.results import scoring
from surveys.review.provisional_selectors import provisional_responses
from surveys.review.query_selectors import ModerationCounts, moderation_counts

NO_MODERATION = ModerationCounts()


class Progress(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.replace("_", " ").capitalize()

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.value]


# The one colour of each status (a GOV.UK tag colour: govuk-frontend 6 has grey, blue (the
# default), green, purple, red, orange, teal, magenta, yellow), wherever it is shown: the
# tags in tables and task lists, and the tiles and legend of the round map (classes
# govuk-tag--<colour> and ldm-colour--<colour>, static/scss/main.scss). Assessment statuses
# (draft...) and area task statuses (completed) have theirs here too.
STATUS_COLOURS = {
    "not_started": "grey",
    "in_progress": "blue",
    "draft": "blue",
    "submitted": "purple",
    "returned": "orange",
    "approved": "green",
    "completed": "green",
    "closed": "grey",
    # Moderation: a flag's decision, a query's state, a provisional-release response.
    "to_decide": "yellow",
    "accepted": "green",
    "queried": "orange",
    "not_sent": "grey",
    "sent": "blue",
    "replied": "purple",
    "resolved": "green",
    "confirmed": "green",
    "correction": "red",
}
STATUS_LABELS = {
    "draft": "Draft",
    "completed": "Completed",
    "closed": "Closed",
    "to_decide": "To decide",
    "not_sent": "Not sent yet",
    "sent": "Sent",
    "correction": "Correction raised",
}


def status_display(status: str) -> tuple[str, str]:
    """``(label, colour)`` of any status value shown with a tag or a coloured tile."""
    value = str(status)
    label = STATUS_LABELS.get(value) or value.replace("_", " ").capitalize()
    return label, STATUS_COLOURS.get(value, "grey")


# Workflow order: sorting by status follows it.
PROGRESS_ORDER = {status: index for index, status in enumerate(Progress)}
PROGRESS_CHOICES = [(status.value, status.label) for status in Progress]

# A stored answer that counts as answered, as ``surveys.results.selectors.is_answered``
# decides it, expressed in SQL so it can be counted by the database.
ANSWERED = answered_condition("question__kind")


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    counts: dict[Progress, int]

    @property
    def count_list(self) -> list[tuple[Progress, int]]:
        return [(status, self.counts[status]) for status in Progress]


def _assessments_at(status: str) -> Count:
    """A round's assessments at ``status``, counted."""
    return Count("assessments", filter=Q(assessments__status=status))


def round_summaries() -> list[RoundSummary]:
    """Every round (newest first) with how many authorities are at each progress status.

    Three queries however many rounds and assessments. Counts add up to the number
    of authorities (33): authorities with no assessment count as not started.
    """
    rounds = list(
        Round.objects.select_related("questionnaire")
        .annotate(
            n_submitted=_assessments_at(Assessment.Status.SUBMITTED),
            n_returned=_assessments_at(Assessment.Status.RETURNED),
            n_approved=_assessments_at(Assessment.Status.APPROVED),
        )
        .order_by("-opens_on", "name")
    )
    in_progress = dict(
        Assessment.objects.filter(status=Assessment.Status.DRAFT)
        .filter(Exists(Answer.objects.filter(ANSWERED, assessment=OuterRef("pk"))))
        .values_list("round_id")
        .annotate(n=Count("id"))
    )
    total = Authority.objects.count()
    summaries = []
    for round_ in rounds:
        counts = {
            Progress.IN_PROGRESS: in_progress.get(round_.pk, 0),
            Progress.SUBMITTED: round_.n_submitted,
            Progress.RETURNED: round_.n_returned,
            Progress.APPROVED: round_.n_approved,
        }
        counts[Progress.NOT_STARTED] = total - sum(counts.values())
        summaries.append(RoundSummary(round_, counts))
    return summaries


def round_for_review() -> QuerySet[Round]:
    return Round.objects.select_related("questionnaire")


@dataclass(frozen=True)
class AreaProgress:
    code: str
    name: str
    completion: float


@dataclass(frozen=True)
class ProgressRow:
    """One authority's progress in a round; ``assessment`` is None when it has none."""

    authority: Authority
    assessment: Assessment | None
    status: Progress
    completion: float
    areas: list[AreaProgress] = field(default_factory=list)
    moderation: ModerationCounts = NO_MODERATION  # open flags and queries
    provisional: ProvisionalResponse | None = None  # the response to a provisional release

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def last_activity_at(self) -> datetime.datetime | None:
        return self.assessment.last_activity_at if self.assessment else None

    @property
    def last_activity_by(self) -> str:
        user = self.assessment.last_activity_by if self.assessment else None
        return (user.get_full_name() or user.get_username()) if user else ""

    @property
    def submitted_at(self) -> datetime.datetime | None:
        return self.assessment.submitted_at if self.assessment else None


def round_progress(
    *, round: Round, status: str | None = None, peer_group: PeerGroup | None = None
) -> list[ProgressRow]:
    """Progress of every authority (33 rows, by name) in ``round``, optionally filtered.

    Six queries whatever the number of assessments, answers or questions: the
    authorities, the round's assessments, the areas with their required-question
    counts, answered-question counts per assessment and area (conditional
    aggregation in the database), and open flags and queries per assessment; one
    more, the responses, once a provisional release has been sent.
    ``status`` is a ``Progress`` value.
    """
    authorities = Authority.objects.order_by("name")
    if peer_group is not None:
        authorities = authorities.filter(peer_groups=peer_group)
    assessments = {
        a.authority_id: a
        for a in Assessment.objects.filter(round=round).select_related("last_activity_by")
    }
    areas = list(
        Area.objects.filter(questionnaire_id=round.questionnaire_id)
        .annotate(required=Count("questions", filter=Q(questions__required=True)))
        .order_by("order")
        .values("id", "code", "name", "required")
    )
    answered: dict[int, dict[int, int]] = defaultdict(dict)
    answered_any: dict[int, int] = defaultdict(int)
    for counts in (
        Answer.objects.filter(
            ANSWERED,
            assessment__round=round,
            question__questionnaire_id=round.questionnaire_id,
        )
        .values("assessment_id", "question__area_id")
        .annotate(required=Count("id", filter=Q(question__required=True)), any=Count("id"))
        .order_by()
    ):
        answered[counts["assessment_id"]][counts["question__area_id"]] = counts["required"]
        answered_any[counts["assessment_id"]] += counts["any"]
    moderation = moderation_counts(assessment_ids=[a.pk for a in assessments.values()])
    responses = provisional_responses(round) if round.provisional_sent_at else {}
    rows = []
    for authority in authorities:
        assessment = assessments.get(authority.pk)
        done = answered.get(assessment.pk, {}) if assessment else {}
        row = ProgressRow(
            authority=authority,
            assessment=assessment,
            status=_progress(assessment, answered_any),
            completion=_completion(
                assessment, sum(done.values()), sum(a["required"] for a in areas)
            ),
            areas=[
                AreaProgress(
                    a["code"],
                    a["name"],
                    _completion(assessment, done.get(a["id"], 0), a["required"]),
                )
                for a in areas
            ],
            moderation=moderation.get(assessment.pk, NO_MODERATION)
            if assessment
            else NO_MODERATION,
            provisional=responses.get(authority.pk),
        )
        if status is None or row.status == status:
            rows.append(row)
    return rows


def _progress(assessment: Assessment | None, answered_any: dict[int, int]) -> Progress:
    if assessment is None:
        return Progress.NOT_STARTED
    if assessment.status == Assessment.Status.DRAFT:
        return Progress.IN_PROGRESS if answered_any.get(assessment.pk) else Progress.NOT_STARTED
    return Progress(assessment.status)


def _completion(assessment: Assessment | None, done: int, required: int) -> float:
    # Without an assessment nothing is answered, even when nothing is required.
    if assessment is None:
        return 0.0
    return _completion_percent(done, required)


@functools.lru_cache(maxsize=4096)
def _completion_percent(done: int, required: int) -> float:
    # Memoised: a national round asks for thousands of completions, of few distinct pairs.
    return scoring.to_float(scoring.completion(done, required))


SORT_KEYS = {
    "name": lambda row: row.authority.name,
    "status": lambda row: PROGRESS_ORDER[row.status],
    "completion": lambda row: row.completion,
    "last_activity": lambda row: row.last_activity_at,
    "submitted": lambda row: row.submitted_at,
}


def sort_progress(rows: list[ProgressRow], *, sort: str, descending: bool) -> list[ProgressRow]:
    """Rows sorted by ``sort`` (a SORT_KEYS key), ties by name; missing dates always last."""
    key = SORT_KEYS[sort]
    by_name = sorted(rows, key=lambda row: row.authority.name)
    present = [row for row in by_name if key(row) is not None]
    missing = [row for row in by_name if key(row) is None]
    return sorted(present, key=key, reverse=descending) + missing


@dataclass(frozen=True)
class Reminder:
    round: Round
    authority: Authority
    status: Progress
    recipients: list[tuple[str, str]]  # (name, email) of the authority's leads


def reminders_due(
    *, days: int, round: Round | None = None, today: datetime.date | None = None
) -> list[Reminder]:
    """Authorities that have not submitted in open rounds closing within ``days`` days.

    "Not submitted" is not started, in progress or returned. Rounds that close
    today count (0 days). Recipients are the authority's active leads with an email
    address; an authority without any is still listed, with no recipients.
    """
    today = today or timezone.localdate()
    rounds = Round.objects.filter(
        status=Round.Status.OPEN,
        closes_on__gte=today,
        closes_on__lte=today + datetime.timedelta(days=days),
    ).order_by("closes_on", "name")
    if round is not None:
        rounds = rounds.filter(pk=round.pk)
    leads: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for membership in (
        Membership.objects.filter(role=Membership.Role.LEAD, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__last_name", "user__username")
    ):
        user = membership.user
        leads[membership.authority_id].append((user.get_full_name() or user.username, user.email))
    reminders = []
    for round_ in rounds:
        for row in round_progress(round=round_):
            if row.status in (Progress.SUBMITTED, Progress.APPROVED):
                continue
            reminders.append(Reminder(round_, row.authority, row.status, leads[row.authority.pk]))
    return reminders

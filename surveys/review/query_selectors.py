"""Reads of moderation for one assessment: its outlier flags and the CDO office's queries,
as the reviewer sees them (everything) and as the authority sees them (sent queries only).

Who may call which is the views' business (the review pages check ``may_review``; the
journey's pages scope the assessment to the user's authority first).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from surveys.models import Area, Assessment, AssessmentFlag, Question, ReviewQuery


@dataclass(frozen=True)
class Moderation:
    """One assessment's flags and queries, in questionnaire order, and by question."""

    flags: list[AssessmentFlag]
    queries: list[ReviewQuery]
    flags_by_question: dict[int, list[AssessmentFlag]] = field(default_factory=dict)
    queries_by_question: dict[int, list[ReviewQuery]] = field(default_factory=dict)

    @property
    def open_flags(self) -> list[AssessmentFlag]:
        return [f for f in self.flags if f.decision == AssessmentFlag.Decision.OPEN]

    @property
    def open_queries(self) -> list[ReviewQuery]:
        return [q for q in self.queries if q.status == ReviewQuery.Status.OPEN]

    @property
    def unsent_queries(self) -> list[ReviewQuery]:
        return [q for q in self.open_queries if q.sent_at is None]

    @property
    def area_flags(self) -> list[AssessmentFlag]:
        """Flags on a whole area (its score moved), not on one question."""
        return [f for f in self.flags if f.question_id is None]


def _by_question(rows) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        if row.question_id is not None:
            grouped[row.question_id].append(row)
    return dict(grouped)


def assessment_moderation(*, assessment: Assessment) -> Moderation:
    """Every flag and query of the assessment, for the CDO office's review page.

    Two queries whatever their number (three when an area's score is flagged). Flags in
    questionnaire order (area flags, which have no question, first), each with its
    question; queries in questionnaire order, oldest first, with who raised, answered
    and resolved them.
    """
    flags = list(
        AssessmentFlag.objects.filter(assessment=assessment)
        .select_related("question__area", "decided_by")
        .order_by("question__area__order", "question__order", "pk")
    )
    if any(flag.question_id is None for flag in flags):  # an area's flag names its area
        names = dict(
            Area.objects.filter(questionnaire_id=assessment.round.questionnaire_id).values_list(
                "code", "name"
            )
        )
        for flag in flags:
            flag.area_name = names.get(flag.area_code, flag.area_code)  # type: ignore[attr-defined]
    queries = list(
        ReviewQuery.objects.filter(assessment=assessment)
        .select_related("question__area", "created_by", "replied_by", "resolved_by", "flag")
        .order_by("question__area__order", "question__order", "pk")
    )
    return Moderation(flags, queries, _by_question(flags), _by_question(queries))


def sent_queries(*, assessment: Assessment, question: Question | None = None) -> list[ReviewQuery]:
    """The queries the authority has been sent (open first, then resolved), in
    questionnaire order; only one question's with ``question``. One query."""
    rows = ReviewQuery.objects.filter(assessment=assessment, sent_at__isnull=False)
    if question is not None:
        rows = rows.filter(question=question)
    return sorted(
        rows.select_related("question__area", "replied_by"),
        key=lambda q: (
            q.status != ReviewQuery.Status.OPEN,
            q.question.area.order,
            q.question.order,
            q.pk,
        ),
    )


def open_sent_queries_by_question(*, assessment: Assessment) -> dict[int, list[ReviewQuery]]:
    """The open queries the authority has been sent, by question id (check answers, the
    task list). One query."""
    return _by_question(
        ReviewQuery.objects.filter(
            assessment=assessment, status=ReviewQuery.Status.OPEN, sent_at__isnull=False
        ).select_related("question__area")
    )


@dataclass(frozen=True)
class ModerationCounts:
    open_flags: int = 0
    open_queries: int = 0
    replied_queries: int = 0


def moderation_counts(*, assessment_ids) -> dict[int, ModerationCounts]:
    """Open flags, open queries and open queries with a reply, by assessment id, for the
    round view's columns. Two queries however many assessments."""
    flags = dict(
        AssessmentFlag.objects.filter(
            assessment_id__in=assessment_ids, decision=AssessmentFlag.Decision.OPEN
        )
        .values_list("assessment_id")
        .annotate(n=Count("id"))
    )
    queries: dict[int, dict] = {
        row["assessment_id"]: dict(row)
        for row in ReviewQuery.objects.filter(
            assessment_id__in=assessment_ids, status=ReviewQuery.Status.OPEN
        )
        .values("assessment_id")
        .annotate(n=Count("id"), replied=Count("id", filter=Q(replied_at__isnull=False)))
    }
    counts = {}
    for assessment_id in set(flags) | set(queries):
        query_row: dict = queries.get(assessment_id, {})
        counts[assessment_id] = ModerationCounts(
            open_flags=flags.get(assessment_id, 0),
            open_queries=query_row.get("n", 0),
            replied_queries=query_row.get("replied", 0),
        )
    return counts


def open_sent_queries_for(*, assessment_ids) -> dict[int, list[ReviewQuery]]:
    """The open queries each assessment's authority has been sent, in questionnaire
    order, by assessment id (the task list of every open round). One query."""
    grouped: dict[int, list[ReviewQuery]] = defaultdict(list)
    rows = (
        ReviewQuery.objects.filter(
            assessment_id__in=assessment_ids,
            status=ReviewQuery.Status.OPEN,
            sent_at__isnull=False,
        )
        .select_related("question__area")
        .order_by("question__area__order", "question__order", "pk")
    )
    for query in rows:
        grouped[query.assessment_id].append(query)
    return dict(grouped)

"""Reads for one question of the plan: the authority's answer, the suggestions from the
gap (the questionnaire's next-level descriptors), who to learn from, and the actions
carried over from earlier rounds (shown on the journey's question page).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from accounts.access import Viewer, names_visible
from surveys.models import Answer, Assessment, LevelDescriptor, PlanAction, Round
from surveys.plans.selectors import PlanOverview


@dataclass(frozen=True)
class Suggestion:
    """What the question's answer looks like at one level above the current one."""

    level: int
    level_name: str
    text: str


@dataclass(frozen=True)
class Peer:
    """An authority that answered the question at ``level`` or above; ``evidence`` only
    where it ticked "share this evidence" (else "")."""

    authority_name: str
    level: int
    level_name: str
    evidence: str


# How many authorities "who to learn from" lists in full; the rest are named in a sentence.
LEARN_FROM_LISTED = 5


@dataclass(frozen=True)
class LearnFrom:
    """Who to learn from, in the round ``round_name`` (None: no round the viewer may see
    names in has approved answers to the question)."""

    round_name: str | None
    level: int
    peers: tuple[Peer, ...]

    @property
    def listed(self) -> tuple[Peer, ...]:
        """The first few, listed with their level and evidence."""
        return self.peers[:LEARN_FROM_LISTED]

    @property
    def also(self) -> tuple[Peer, ...]:
        """The rest, named in one sentence so a long list does not bury the actions."""
        return self.peers[LEARN_FROM_LISTED:]


@dataclass(frozen=True)
class CarriedAction:
    """An action planned on the question in an earlier round: "In the 2025 assessment you
    planned: ... (done)"."""

    title: str
    status: str
    status_label: str
    round_name: str


def current_answer(*, overview: PlanOverview, question_code: str) -> Answer | None:
    """The authority's answer to the question in the overview's round (one query)."""
    return (
        Answer.objects.filter(
            assessment__authority_id=overview.authority_id,
            assessment__round_id=overview.round_id or 0,
            question__code=question_code,
        )
        .select_related("question")
        .first()
    )


def suggestions(
    *, overview: PlanOverview, question_code: str, current: int | None, target: int | None
) -> list[Suggestion]:
    """The questionnaire's descriptors of each level above ``current`` (none: from the
    first) up to ``target`` (none: the next level only). One query."""
    low = current or 0
    high = target if target is not None else low + 1
    names = overview.level_names
    rows = LevelDescriptor.objects.filter(
        question__questionnaire_id=overview.questionnaire_id or 0,
        question__code=question_code,
        level__gt=low,
        level__lte=high,
    ).order_by("level")
    return [
        Suggestion(level=row.level, level_name=names.get(row.level, str(row.level)), text=row.text)
        for row in rows
    ]


def learn_from(
    *, viewer: Viewer, overview: PlanOverview, question_code: str, level: int
) -> LearnFrom:
    """Other authorities that answered the question at ``level`` or above, in the most
    recent round with approved answers to it where the viewer may see names
    (``accounts.access.names_visible``), by name, with their evidence only where they
    shared it: those who shared first, then by level (highest first) and name. Approved
    assessments only; the viewer's own authority left out. Two queries."""
    rounds = (
        Round.objects.filter(
            assessments__status=Assessment.Status.APPROVED,
            assessments__answers__question__code=question_code,
        )
        .distinct()
        .order_by("-opens_on", "-pk")
    )
    round_ = next((r for r in rounds if names_visible(viewer, r)), None)
    if round_ is None:
        return LearnFrom(round_name=None, level=level, peers=())
    answers = (
        Answer.objects.filter(
            assessment__round=round_,
            assessment__status=Assessment.Status.APPROVED,
            question__code=question_code,
            level__gte=level,
        )
        .exclude(assessment__authority_id=overview.authority_id)
        .select_related("assessment__authority")
        # Those who shared their evidence first: they are the ones a lead can learn from
        # on the page; then the highest level.
        .order_by(F("evidence_shared").desc(), "-level", "assessment__authority__name")
    )
    names = overview.level_names
    peers = tuple(
        Peer(
            authority_name=answer.assessment.authority.name,
            level=answer.level or 0,
            level_name=names.get(answer.level or 0, str(answer.level)),
            evidence=answer.evidence if answer.evidence_shared else "",
        )
        for answer in answers
    )
    return LearnFrom(round_name=round_.name, level=level, peers=peers)


def carried_over(*, assessment: Assessment, question_code: str) -> list[CarriedAction]:
    """The authority's plan's actions on the question planned in rounds that opened
    before the assessment's round, done ones first, then by round (newest first). One
    query."""
    rows = (
        PlanAction.objects.filter(
            plan__authority_id=assessment.authority_id,
            question_code=question_code,
            planned_in__opens_on__lt=assessment.round.opens_on,
        )
        .select_related("planned_in")
        .order_by("-planned_in__opens_on", "pk")
    )
    actions = [
        CarriedAction(
            title=row.title,
            status=row.status,
            status_label=row.get_status_display(),
            round_name=row.planned_in.name if row.planned_in else "",
        )
        for row in rows
    ]
    return sorted(actions, key=lambda a: a.status != PlanAction.Status.DONE)

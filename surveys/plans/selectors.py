"""Reads for an authority's improvement plan (issue 15, docs/plans.md).

:func:`plan_overview` is the plan's read model: every page and report that shows an
authority's plan (the lead's plan pages, the leadership report, the CDO office's view of
one authority) reads it, so they all agree on current levels, targets and gaps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404

from boroughs.models import Authority
from surveys.answers.kinds import LEVELLED_KINDS
from surveys.models import (
    Answer,
    Area,
    Assessment,
    Plan,
    PlanAction,
    Question,
    Round,
    ScaleLevel,
    Target,
)


@dataclass(frozen=True)
class PlanTarget:
    """A target: ``level`` (named ``level_name`` on the round's scale) by ``by_year``'s
    assessment. ``version`` goes into the form that changes it."""

    id: int
    area_code: str
    question_code: str
    level: int
    level_name: str
    by_year: int
    version: int

    @property
    def label(self) -> str:
        """ "Developing by the 2027 assessment"."""
        return f"{self.level_name} by the {self.by_year} assessment"


@dataclass(frozen=True)
class PlanActionRow:
    """One action of the plan, as the pages show it."""

    id: int
    area_code: str
    question_code: str
    title: str
    owner: str
    due_on: datetime.date | None
    status: str
    status_label: str
    note: str
    planned_in: str | None  # the name of the round it was planned in
    planned_in_id: int | None
    version: int


@dataclass(frozen=True)
class PlanQuestion:
    """One maturity question of the round's questionnaire, with where the authority
    stands on it and what it plans."""

    code: str
    text: str
    label: str
    order: int
    current_level: int | None  # None: not answered, or answered "not applicable"
    current_level_name: str | None
    target: PlanTarget | None
    actions: tuple[PlanActionRow, ...]

    @property
    def gap(self) -> int | None:
        """Target level minus current level; None when either is missing."""
        if self.target is None or self.current_level is None:
            return None
        return self.target.level - self.current_level


@dataclass(frozen=True)
class PlanArea:
    """One area of the round's questionnaire: its own target and actions, and its
    maturity questions."""

    code: str
    name: str
    target: PlanTarget | None
    actions: tuple[PlanActionRow, ...]
    questions: tuple[PlanQuestion, ...]


@dataclass(frozen=True)
class PlanOverview:
    """An authority's plan read against one round.

    Guarantees:
    - ``round`` is the round asked for, else the authority's most recent round (by
      opening date) with an assessment; None only when neither exists, and then
      ``areas`` is empty.
    - ``areas`` holds every area of the round's questionnaire in order, each with every
      maturity question in order (other kinds have no level and are left out).
    - A current level is the authority's answer in that round, whatever the assessment's
      status (``assessment_status`` says it, so a page can say "not yet approved").
    - Targets and actions are the plan's (kept per authority, not per round) matched by
      code: a question's by its question code, an area's own by area code with an empty
      question code. Those matching nothing in this questionnaire are in ``unplaced``.
    - ``exists`` is False and everything plan-related is empty when the authority has no
      plan yet.
    - Built in a constant number of queries (8), however many areas, questions, targets
      and actions there are.
    """

    authority_id: int
    authority_name: str
    round_id: int | None
    round_name: str | None
    questionnaire_id: int | None
    assessment_reference: str | None
    assessment_status: str | None
    exists: bool
    shared: bool
    levels: tuple[tuple[int, str], ...]  # the scale: (number, name)
    areas: tuple[PlanArea, ...]
    unplaced_targets: tuple[PlanTarget, ...]
    unplaced_actions: tuple[PlanActionRow, ...]

    @property
    def level_names(self) -> dict[int, str]:
        return dict(self.levels)

    def area(self, code: str) -> PlanArea | None:
        return next((area for area in self.areas if area.code == code), None)

    def question(self, code: str) -> PlanQuestion | None:
        for area in self.areas:
            for question in area.questions:
                if question.code == code:
                    return question
        return None

    @property
    def action_count(self) -> int:
        return sum(
            len(area.actions) + sum(len(q.actions) for q in area.questions) for area in self.areas
        )


def overview_round(
    *, authority: Authority, round: Round | None
) -> tuple[Round | None, Assessment | None]:
    """The round an overview reads (see :class:`PlanOverview`) and the authority's
    assessment in it, if any. One query."""
    assessments = Assessment.objects.filter(authority=authority).select_related("round")
    if round is not None:
        return round, assessments.filter(round=round).first()
    assessment = assessments.order_by("-round__opens_on", "-round__pk").first()
    return (assessment.round if assessment else None), assessment


def action_of(*, authority: Authority, action_id: int) -> PlanAction:
    """An action of the authority's own plan, or 404 (another authority's included)."""
    action = (
        PlanAction.objects.filter(pk=action_id, plan__authority=authority)
        .select_related("plan")
        .first()
    )
    if action is None:
        raise Http404("No such action in your plan")
    return action


def plan_overview(*, authority: Authority, round: Round | None = None) -> PlanOverview:
    """The authority's plan read against ``round`` (see :class:`PlanOverview` for what it
    guarantees). Eight queries, whatever the sizes."""
    round_, assessment = overview_round(authority=authority, round=round)
    plan = Plan.objects.filter(authority=authority).first()
    # Without a round, the filters below match nothing (no row has id 0) at the same cost.
    questionnaire_id = round_.questionnaire_id if round_ else 0
    levels = tuple(
        ScaleLevel.objects.filter(questionnaire_id=questionnaire_id)
        .order_by("number")
        .values_list("number", "name")
    )
    names = dict(levels)
    areas = list(Area.objects.filter(questionnaire_id=questionnaire_id).order_by("order"))
    questions = list(
        Question.objects.filter(
            questionnaire_id=questionnaire_id, kind__in=LEVELLED_KINDS
        ).order_by("area__order", "order")
    )
    current = dict(
        Answer.objects.filter(
            assessment__authority=authority,
            assessment__round_id=round_.pk if round_ else 0,
            question__kind__in=LEVELLED_KINDS,
        ).values_list("question_id", "level")
    )
    targets = [
        _target_row(target, names)
        for target in Target.objects.filter(plan__authority=authority).order_by("pk")
    ]
    actions = [
        _action_row(action)
        for action in PlanAction.objects.filter(plan__authority=authority).select_related(
            "planned_in"
        )
    ]
    return _assemble(
        authority=authority,
        round_=round_,
        assessment=assessment,
        plan=plan,
        levels=levels,
        areas=areas,
        questions=questions,
        current=current,
        targets=targets,
        actions=actions,
    )


def _target_row(target: Target, names: dict[int, str]) -> PlanTarget:
    return PlanTarget(
        id=target.pk,
        area_code=target.area_code,
        question_code=target.question_code,
        level=target.level,
        level_name=names.get(target.level, f"Level {target.level}"),
        by_year=target.by_year,
        version=target.version,
    )


def _action_row(action: PlanAction) -> PlanActionRow:
    return PlanActionRow(
        id=action.pk,
        area_code=action.area_code,
        question_code=action.question_code,
        title=action.title,
        owner=action.owner,
        due_on=action.due_on,
        status=action.status,
        status_label=action.get_status_display(),
        note=action.note,
        planned_in=action.planned_in.name if action.planned_in else None,
        planned_in_id=action.planned_in_id,
        version=action.version,
    )


def _assemble(
    *,
    authority: Authority,
    round_: Round | None,
    assessment: Assessment | None,
    plan: Plan | None,
    levels: tuple[tuple[int, str], ...],
    areas: list[Area],
    questions: list[Question],
    current: dict[int, int | None],
    targets: list[PlanTarget],
    actions: list[PlanActionRow],
) -> PlanOverview:
    names = dict(levels)
    question_codes = {question.code for question in questions}
    area_codes = {area.code for area in areas}
    question_targets = {t.question_code: t for t in targets if t.question_code}
    area_targets = {t.area_code: t for t in targets if not t.question_code}
    by_question: dict[str, list[PlanActionRow]] = {}
    by_area: dict[str, list[PlanActionRow]] = {}
    for action in actions:
        if action.question_code:
            by_question.setdefault(action.question_code, []).append(action)
        else:
            by_area.setdefault(action.area_code, []).append(action)
    plan_areas = []
    for area in areas:
        rows = []
        for question in questions:
            if question.area_id != area.pk:
                continue
            level = current.get(question.pk)
            rows.append(
                PlanQuestion(
                    code=question.code,
                    text=question.text,
                    label=question.label,
                    order=question.order,
                    current_level=level,
                    current_level_name=names.get(level) if level is not None else None,
                    target=question_targets.get(question.code),
                    actions=tuple(by_question.get(question.code, ())),
                )
            )
        plan_areas.append(
            PlanArea(
                code=area.code,
                name=area.name,
                target=area_targets.get(area.code),
                actions=tuple(by_area.get(area.code, ())),
                questions=tuple(rows),
            )
        )
    return PlanOverview(
        authority_id=authority.pk,
        authority_name=authority.name,
        round_id=round_.pk if round_ else None,
        round_name=round_.name if round_ else None,
        questionnaire_id=round_.questionnaire_id if round_ else None,
        assessment_reference=assessment.reference if assessment else None,
        assessment_status=assessment.status if assessment else None,
        exists=plan is not None,
        shared=plan.shared if plan else False,
        levels=levels,
        areas=tuple(plan_areas),
        unplaced_targets=tuple(
            t
            for t in targets
            if (t.question_code and t.question_code not in question_codes)
            or (not t.question_code and t.area_code not in area_codes)
        ),
        unplaced_actions=tuple(
            a
            for a in actions
            if (a.question_code and a.question_code not in question_codes)
            or (not a.question_code and a.area_code not in area_codes)
        ),
    )

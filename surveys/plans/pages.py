"""What the plan pages show, built from the read models: the subject of a page (a
question or an area) and its context. No writes, no requests: the views pass what they
read."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from accounts.access import viewer_for
from surveys.plans import question_selectors
from surveys.plans.selectors import PlanActionRow, PlanArea, PlanOverview, PlanQuestion, PlanTarget
from surveys.plans.services import target_years


@dataclass(frozen=True)
class Subject:
    """What a target or an action is on: a maturity question, or a whole area
    (``question`` None)."""

    area: PlanArea
    question: PlanQuestion | None

    @property
    def area_code(self) -> str:
        return self.area.code

    @property
    def question_code(self) -> str:
        return self.question.code if self.question else ""

    @property
    def name(self) -> str:
        return self.question.text if self.question else self.area.name

    @property
    def target(self) -> PlanTarget | None:
        return self.question.target if self.question else self.area.target

    @property
    def actions(self) -> tuple[PlanActionRow, ...]:
        return self.question.actions if self.question else self.area.actions

    @property
    def url(self) -> str:
        if self.question:
            return reverse("surveys:plan-question", args=[self.question.code])
        return reverse("surveys:plan-area", args=[self.area.code])

    @property
    def action_url(self) -> str:
        if self.question:
            return reverse("surveys:plan-question-action", args=[self.question.code])
        return reverse("surveys:plan-area-action", args=[self.area.code])


def question_subject(overview: PlanOverview, code: str) -> Subject:
    """The question with that code in the overview's round, or 404."""
    for area in overview.areas:
        for question in area.questions:
            if question.code == code:
                return Subject(area=area, question=question)
    raise Http404("No such question in your plan")


def area_subject(overview: PlanOverview, code: str) -> Subject:
    area = overview.area(code)
    if area is None:
        raise Http404("No such area in your plan")
    return Subject(area=area, question=None)


def subject_of_action(overview: PlanOverview, area_code: str, question_code: str) -> Subject | None:
    """The subject an action is on, if it is in the overview's round."""
    try:
        if question_code:
            return question_subject(overview, question_code)
        return area_subject(overview, area_code)
    except Http404:
        return None


def learning_level(question: PlanQuestion, top: int) -> int | None:
    """The level "who to learn from" looks for: the target, else the next level up from
    the current one (None when there is nothing above)."""
    if question.target is not None:
        return question.target.level
    if question.current_level is not None and question.current_level < top:
        return question.current_level + 1
    return None


def question_extras(*, user, overview: PlanOverview, question: PlanQuestion) -> dict:
    """The question page's own reads: the answer, suggestions, who to learn from."""
    target = question.target.level if question.target else None
    level = learning_level(question, top=max(overview.level_names, default=0))
    return {
        "answer": question_selectors.current_answer(overview=overview, question_code=question.code),
        "suggestions": question_selectors.suggestions(
            overview=overview,
            question_code=question.code,
            current=question.current_level,
            target=target,
        ),
        "learn_from": question_selectors.learn_from(
            viewer=viewer_for(user), overview=overview, question_code=question.code, level=level
        )
        if level is not None
        else None,
    }


def subject_context(*, user, overview: PlanOverview, subject: Subject, target_form, action_form):
    """The context of a question's or an area's plan page."""
    context = {
        "overview": overview,
        "subject": subject,
        "target_form": target_form,
        "action_form": action_form,
        "error_form": next(
            (f for f in (target_form, action_form) if f.is_bound and f.errors), None
        ),
        "years": target_years(),
    }
    if subject.question is not None:
        context |= question_extras(user=user, overview=overview, question=subject.question)
    return context

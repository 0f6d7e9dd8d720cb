"""Helpers shared by the journey tests (no tests here): a small round and row snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from surveys.journey.services.assessments import assessment_start
from surveys.models import (
    Answer,
    AnswerChange,
    Assessment,
    AssessmentEvent,
    Question,
    Questionnaire,
    Round,
)
from tests import factories

KINDS = ("maturity", "yes_no", "number", "text")


@dataclass
class Journey:
    questionnaire: Questionnaire
    round: Round
    assessment: Assessment

    def question(self, code: str) -> Question:
        return self.questionnaire.questions.get(code=code)


def make_journey(
    user, *, areas: int = 2, questions_per_area: int = 2, kinds=("maturity",), **round_kwargs
) -> Journey:
    """An open round on a small questionnaire, and the user's authority's assessment in it."""
    questionnaire = factories.make_questionnaire(
        areas=areas, questions_per_area=questions_per_area, kinds=kinds
    )
    round_ = factories.RoundFactory(questionnaire=questionnaire, **round_kwargs)
    assessment = assessment_start(authority=user.membership.authority, round=round_, actor=user)
    return Journey(questionnaire, round_, assessment)


def rows() -> dict:
    """Everything the journey writes, to compare before and after a refused request."""
    return {
        "answers": sorted(
            Answer.objects.values_list(
                "pk",
                "assessment_id",
                "question_id",
                "level",
                "not_applicable",
                "yes_no",
                "number",
                "text",
                "evidence",
                "version",
                "changed_by_id",
            )
        ),
        "changes": AnswerChange.objects.count(),
        "events": AssessmentEvent.objects.count(),
        "assessments": sorted(
            Assessment.objects.values_list(
                "pk", "status", "submitted_at", "submitted_by_id", "last_activity_at"
            )
        ),
    }


def answer_all(journey: Journey, user, level: int = 3) -> None:
    """Answer every question of the journey's assessment directly (fast setup)."""
    from surveys.journey.services.answers import answer_save

    for question in journey.questionnaire.questions.all():
        values = {
            "maturity": {"level": level},
            "yes_no": {"yes_no": True},
            "number": {"number": 12},
            "text": {"text": "Some words"},
        }[question.kind]
        answer_save(
            assessment=journey.assessment,
            question=question,
            actor=user,
            expected_version=0,
            **values,
        )


def make_answered_journey(user) -> Journey:
    """``make_journey`` with question a1-q1 answered "3" with evidence "Strategy"."""
    from surveys.journey.services.answers import answer_save

    journey = make_journey(user)
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=user,
        level=3,
        evidence="Strategy",
        expected_version=0,
    )
    return journey


def url(name: str, journey: Journey, kwargs: dict | None) -> str:
    """A journey URL; ``kwargs`` None for the start page, else added to the reference."""
    if kwargs is None:
        return reverse(f"surveys:{name}")
    return reverse(f"surveys:{name}", kwargs={"reference": journey.assessment.reference, **kwargs})


def submit_ready(journey, lead) -> None:
    """Answer the questions ``make_answered_journey`` left open, so the lead may submit."""
    from surveys.journey.services.answers import answer_save

    for code in ("a1-q2", "a2-q1", "a2-q2"):
        answer_save(
            assessment=journey.assessment,
            question=journey.question(code),
            actor=lead,
            level=2,
            expected_version=0,
        )

"""Every writer of answer history stores values as the journey does (``value_of``)."""

import random

import pytest
from django.utils import timezone

from surveys import demo
from surveys.answers.values import value_of
from surveys.models import Answer, AnswerChange
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = ("maturity", "yes_no", "number", "text")


def test_the_demo_history_holds_the_journeys_values():
    """The demo wrote every field, and numbers as "123.00" where a save writes "123"."""
    questionnaire = factories.make_questionnaire(areas=2, questions_per_area=8, kinds=KINDS)
    assessment = factories.AssessmentFactory(
        round=factories.RoundFactory(questionnaire=questionnaire)
    )
    questions = list(questionnaire.questions.select_related("area"))
    demo._fill(
        assessment,
        questions,
        {"area-1": 2.5, "area-2": 3.5},
        random.Random(1),
        fraction=1.0,
        actor=factories.make_member(),
        at=timezone.now(),
    )
    changes = AnswerChange.objects.filter(answer__assessment=assessment).select_related(
        "answer__question"
    )
    assert changes.count() == len(questions) == Answer.objects.count()
    numbers = []
    for change in changes:
        answer = change.answer
        assert change.new_value == value_of(kind=answer.question.kind, answer=answer)
        if answer.question.kind == "number":
            numbers.append(change.new_value["number"])
    assert numbers and all("." not in number for number in numbers)  # whole numbers: "123"

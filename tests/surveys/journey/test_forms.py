"""The answer form: each kind of question, plain-English errors, and the textarea hint rule."""

from decimal import Decimal

import pytest
from crispy_forms.utils import render_crispy_form

from surveys.journey.forms import AnswerForm, SubmitForm
from surveys.models import Question, ScaleLevel
from tests import factories
from tests.surveys.journey.support import KINDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    questionnaire = factories.make_questionnaire(areas=1, questions_per_area=4, kinds=KINDS)
    questionnaire.questions.update(hint="")  # no hints anywhere: the risky case
    return questionnaire


def form_for(questionnaire, code, data=None, **kwargs):
    question = questionnaire.questions.get(code=code)
    return AnswerForm(
        data,
        question=question,
        levels=list(ScaleLevel.objects.filter(questionnaire=questionnaire)),
        descriptors={1: "Paper records"},
        not_applicable_label="Don't know",
        **kwargs,
    )


@pytest.mark.parametrize("code", ["a1-q1", "a1-q2", "a1-q3", "a1-q4"])
def test_every_kind_renders_without_a_question_hint(questionnaire, code):
    """crispy-forms-gds raises KeyError('aria-describedby') for a character-counted
    textarea without a hint: every counted textarea here must carry one."""
    form = form_for(questionnaire, code)
    html = render_crispy_form(form)
    counted = [name for name in ("evidence", "text") if name in form.fields]
    assert counted
    for name in counted:
        assert form.fields[name].help_text, f"{name} has a character count but no hint"
        assert f'aria-describedby="id_{name}_hint id_{name}-info"' in html
    # And the bound, invalid form renders too (the error path adds to aria-describedby).
    render_crispy_form(form_for(questionnaire, code, data={"version": "0", "evidence": "x" * 2001}))


def test_maturity_choices_are_the_levels_then_or_then_not_applicable(questionnaire):
    choices = form_for(questionnaire, "a1-q1").fields["level"].choices
    assert [c[0] for c in choices] == ["1", "2", "3", "4", "5", "na"]
    assert choices[0].hint == "Paper records"
    assert choices[4].divider == "or"
    assert choices[5][1] == "Don't know"


@pytest.mark.parametrize(
    ("code", "data", "values"),
    [
        ("a1-q1", {"level": "4"}, {"level": 4, "not_applicable": False, "evidence": ""}),
        ("a1-q1", {"level": "na"}, {"level": None, "not_applicable": True, "evidence": ""}),
        ("a1-q2", {"yes_no": "no", "evidence": "e"}, {"yes_no": False, "evidence": "e"}),
        ("a1-q3", {"number": " 1,200.5 "}, {"number": Decimal("1200.5"), "evidence": ""}),
        ("a1-q4", {"text": "line\r\nbreak"}, {"text": "line\nbreak", "evidence": ""}),
    ],
)
def test_answer_values(questionnaire, code, data, values):
    form = form_for(questionnaire, code, data={"version": "0", **data})
    assert form.is_valid(), form.errors
    # The "share this evidence" tick is off unless ticked (issue 15).
    assert form.answer_values() == {**values, "evidence_shared": False}


def test_the_share_evidence_tick(questionnaire):
    form = form_for(
        questionnaire, "a1-q1", data={"version": "0", "level": "4", "evidence_shared": "on"}
    )
    assert form.is_valid(), form.errors
    assert form.answer_values()["evidence_shared"] is True
    assert "Share this evidence with other London authorities" in render_crispy_form(form)


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        (
            "a1-q1",
            {},
            "Select the level that best describes your authority, or select ‘Don't know’",
        ),
        ("a1-q1", {"level": "9"}, "Select one of the levels shown"),
        ("a1-q2", {}, "Select yes or no"),
        ("a1-q3", {"number": "lots"}, "Enter a number, like 12 or 12.5"),
        ("a1-q3", {"number": "-1"}, "Enter a number that is 0 or more"),
        ("a1-q4", {}, "Enter your answer"),
        (
            "a1-q1",
            {"level": "1", "evidence": "é" * 2001},
            "Evidence must be 2,000 characters or fewer",
        ),
    ],
)
def test_errors_are_in_plain_english(questionnaire, code, data, message):
    form = form_for(questionnaire, code, data={"version": "0", **data})
    assert not form.is_valid()
    assert message in [error for errors in form.errors.values() for error in errors]


def test_come_back_later_allows_a_blank_required_answer(questionnaire):
    assert not form_for(questionnaire, "a1-q1", data={"version": "0"}).is_valid()
    assert form_for(questionnaire, "a1-q1", data={"version": "0"}, allow_blank=True).is_valid()


def test_optional_questions_can_be_left_blank(questionnaire):
    Question.objects.filter(code="a1-q2", questionnaire=questionnaire).update(required=False)
    assert form_for(questionnaire, "a1-q2", data={"version": "0"}).is_valid()


def test_question_text_is_escaped(questionnaire):
    Question.objects.filter(code="a1-q1", questionnaire=questionnaire).update(
        text="Do you use <b>cloud</b>?", hint="<i>hint</i>"
    )
    html = render_crispy_form(form_for(questionnaire, "a1-q1"))
    assert "<b>cloud</b>" not in html and "&lt;b&gt;cloud&lt;/b&gt;" in html
    assert "<i>hint</i>" not in html


def test_initial_values_show_the_stored_answer(questionnaire):
    question = questionnaire.questions.get(code="a1-q3")
    answer = factories.AnswerFactory.build(
        question=question,
        level=None,
        number=Decimal("100.00"),
        version=4,
        evidence="e",
        evidence_shared=True,
    )
    assert AnswerForm.initial_for(question, answer) == {
        "version": 4,
        "evidence": "e",
        "evidence_shared": True,
        "number": "100",
    }
    assert AnswerForm.initial_for(question, None) == {"version": 0}


def test_the_declaration_is_required():
    form = SubmitForm(data={})
    assert not form.is_valid()
    assert form.errors["declaration"] == [
        "Confirm that these answers are accurate and agreed by your authority"
    ]
    assert SubmitForm(data={"declaration": "on"}).is_valid()

"""The registry of question kinds: each kind's form field, values, reading, export and score."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from surveys.answers.kinds import (
    EMPTY_FIELDS,
    KINDS,
    LEVELLED_KINDS,
    NAMES,
    NOT_ANSWERED,
    SCORABLE_KINDS,
    UnknownKind,
    answered_condition,
    kind_named,
    kind_of,
    kind_of_value,
    named_level,
    names_text,
)
from surveys.models import Question
from surveys.results import scoring
from tests.paths import PROJECT_ROOT

SCALE = scoring.Scale(levels=tuple((n, name, (n - 1) * 20) for n, name in enumerate("ABCDE", 1)))
LEVEL_NAMES = {3: "Learning"}


@dataclass
class Level:
    number: int
    name: str


def question(kind: str, unit: str = "", required: bool = True):
    return SimpleNamespace(kind=kind, text="Q?", hint="", unit=unit, required=required)


@dataclass(frozen=True)
class Case:
    """One stored answer and what each part of the registry makes of it."""

    kind: str
    fields: dict  # what the Answer holds (the other fields are empty)
    form: dict  # the form data showing it
    value: dict  # its value, as the history stores it
    described: str
    export: str | float | None
    score: float | None


CASES = [
    Case("maturity", {"level": 3}, {"level": "3"}, {"level": 3, "not_applicable": False},
         "3: Learning", None, 50.0),
    Case("maturity", {"not_applicable": True}, {"level": "na"},
         {"level": None, "not_applicable": True}, "Don't know", None, None),
    Case("yes_no", {"yes_no": True}, {"yes_no": "yes"}, {"yes_no": True}, "Yes", "yes", 100.0),
    Case("yes_no", {"yes_no": False}, {"yes_no": "no"}, {"yes_no": False}, "No", "no", 0.0),
    Case("number", {"number": Decimal("1200.50")}, {"number": "1200.5"},
         {"number": "1200.5"}, "1200.5 servers", 1200.5, None),
    Case("number", {"number": Decimal("12.00")}, {"number": "12"}, {"number": "12"},
         "12 servers", 12.0, None),
    Case("text", {"text": "Line one\nline two"}, {"text": "Line one\nline two"},
         {"text": "Line one\nline two"}, "Line one\nline two", "Line one\nline two", None),
]  # fmt: skip


def stored(case: Case) -> dict:
    return {**EMPTY_FIELDS, **case.fields}


def bound_field(case: Case):
    kind = kind_named(case.kind)
    field, _layout = kind.field(
        question(case.kind, unit="servers"),
        required=True,
        levels=[Level(n, name) for n, name in enumerate("ABCDE", 1)],
        descriptors={},
        not_applicable_label="Don't know",
    )
    return kind, field


def test_every_stored_kind_has_an_entry_and_nothing_else():
    assert tuple(Question.Kind.values) == NAMES
    assert all(KINDS[name].name == name for name in NAMES)


def test_what_each_kind_can_do():
    assert SCORABLE_KINDS == scoring.SCORED_KINDS == {"maturity", "yes_no"}
    assert {"maturity"} == LEVELLED_KINDS
    assert [name for name in NAMES if KINDS[name].has_unit] == ["number"]
    assert [name for name in NAMES if not KINDS[name].has_evidence] == ["text"]
    assert names_text() == "maturity, yes_no, number or text"


def test_unknown_kinds_are_refused():
    with pytest.raises(UnknownKind):
        kind_named("essay")
    with pytest.raises(UnknownKind):
        kind_of(SimpleNamespace(kind=None))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.kind}-{c.described}")
def test_round_trip(case):
    """Stored answer -> form data -> cleaned -> values to save -> checked value, and back."""
    kind, field = bound_field(case)
    assert kind.initial(stored(case)) == case.form
    cleaned = {kind.answer_field: field.clean(case.form[kind.answer_field])}
    to_save = kind.to_value(cleaned)
    assert kind.normalise({**EMPTY_FIELDS, **to_save}, scale_size=5) == case.value
    assert kind.value(stored(case)) == case.value
    assert kind.value_of(SimpleNamespace(**stored(case))) == case.value
    assert kind.initial(case.value) == case.form  # a history value shows as the answer did
    assert kind_of_value(case.value) is kind


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.kind}-{c.described}")
def test_reading_exporting_and_scoring(case):
    kind = kind_named(case.kind)
    read = {"na_label": "Don't know", "unit": "servers", "level_label": named_level(LEVEL_NAMES)}
    assert kind.describe(case.value, **read) == case.described
    assert kind.describe(stored(case), **read) == case.described
    assert kind.export_value(stored(case)) == case.export
    assert kind.score(stored(case), scale=SCALE) == case.score
    assert kind.answered(stored(case))


def test_level_and_number_styles():
    kind = kind_named("maturity")
    value = {"level": 3, "not_applicable": False}
    assert kind.describe(value, na_label="", level_label=named_level({})) == "Level 3"
    review = named_level(LEVEL_NAMES, prefix="Level ")
    assert kind.describe(value, na_label="", level_label=review) == "Level 3: Learning"
    number = {"number": Decimal("1234567.50")}
    assert kind_named("number").describe(number, na_label="", group_digits=True) == "1,234,567.5"


@pytest.mark.parametrize("name", NAMES)
def test_no_answer(name):
    kind = kind_named(name)
    assert kind.value_of(None) == kind.value(EMPTY_FIELDS)
    assert kind.initial(EMPTY_FIELDS) == ({"text": ""} if name == "text" else {})
    assert kind.describe(None, na_label="N/A") == NOT_ANSWERED
    assert kind.describe(kind.value_of(None), na_label="N/A") == NOT_ANSWERED
    assert not kind.answered(EMPTY_FIELDS)
    assert kind.answered({**EMPTY_FIELDS, "not_applicable": True})
    assert kind.score(EMPTY_FIELDS, scale=SCALE) is None
    blank = {kind.answer_field: None if name == "number" else ""}  # a blank field, cleaned
    to_save = {**EMPTY_FIELDS, **kind.to_value(blank)}
    assert kind.normalise(to_save, scale_size=5) == kind.value_of(None)


def test_blank_text_is_not_an_answer_that_counts():
    kind = kind_named("text")
    assert not kind.answered({"text": "  \n "})
    assert kind.answered({"text": " x "})


def test_an_unscored_question_does_not_score():
    assert kind_named("yes_no").score({"yes_no": True}, scale=SCALE, scored=False) is None


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        ("maturity", {"level": 6}, "The level must be between 1 and 5"),
        ("maturity", {"level": 2, "not_applicable": True}, "cannot have a level"),
        ("number", {"number": "lots"}, "must be a number"),
        ("number", {"number": Decimal("1e12")}, "too large"),
        ("number", {"number": "NaN"}, "too large"),
        ("text", {"text": "x" * 5001}, "5000 characters or fewer"),
    ],
)
def test_normalise_refuses_what_the_question_cannot_take(name, given, message):
    with pytest.raises(ValidationError, match=message):
        kind_named(name).normalise({**EMPTY_FIELDS, **given}, scale_size=5)


def test_normalise_cleans_what_it_keeps():
    assert kind_named("number").normalise({"number": "12.499"}, scale_size=5) == {"number": "12.5"}
    assert kind_named("text").normalise({"text": "a\r\nb"}, scale_size=5) == {"text": "a\nb"}


def test_the_form_fields_speak_plain_english():
    _, field = bound_field(CASES[0])
    assert field.error_messages["required"] == (
        "Select the level that best describes your authority, or select ‘Don't know’"
    )
    _, field = bound_field(CASES[4])
    with pytest.raises(ValidationError, match="Enter a number, like 12 or 12.5"):
        field.clean("lots")
    assert field.clean(" 1,200.5 ") == Decimal("1200.5")
    _, field = bound_field(CASES[-1])
    assert field.clean("a\r\nb") == "a\nb"
    assert "maxlength" not in field.widget.attrs  # the character count tells people


class Sampler:
    def level(self, question):
        return None if question == "na" else 4

    def yes_no(self, question):
        return False

    def number(self, question):
        return 7

    def text(self, question):
        return "words"


def test_samples_are_answer_fields():
    sampler = Sampler()
    assert kind_named("maturity").sample(sampler, "q") == {"level": 4}
    assert kind_named("maturity").sample(sampler, "na") == {"not_applicable": True}
    assert kind_named("yes_no").sample(sampler, "q") == {"yes_no": False}
    assert kind_named("number").sample(sampler, "q") == {"number": 7}
    assert kind_named("text").sample(sampler, "q") == {"text": "words"}


def test_the_answered_condition_is_each_kinds_rule():
    assert answered_condition() == (
        Q(not_applicable=True)
        | Q(question__kind="maturity", level__isnull=False)
        | Q(question__kind="yes_no", yes_no__isnull=False)
        | Q(question__kind="number", number__isnull=False)
        | Q(question__kind="text", text__regex=r"\S")
    )


def test_a_value_of_another_shape_names_no_kind():
    assert kind_of_value(None) is None
    assert kind_of_value({}) is None
    assert kind_of_value({**EMPTY_FIELDS}) is None  # every field: read as the question's kind


def test_the_registry_loads_without_django_settings():
    """The load test's users (no Django) build their form data with it."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, surveys.answers.kinds, bench.loadtest.payloads; "
        "assert not any(m.startswith('surveys.models') for m in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

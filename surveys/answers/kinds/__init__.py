"""The registry of question kinds: each kind of question is described once, here.

``Question.kind`` stores a kind's ``name`` (``Question.Kind`` holds the choices).
Whatever depends on the kind (the form field, the form's initial data, the values
saved and kept in the history, how people read an answer, the export's value, the
score, whether it has levels, a unit or evidence) is asked of the kind::

    kind_of(question).describe(value, na_label=..., unit=question.unit)

Nothing outside ``surveys/answers/`` compares kinds (a test checks the source).
No model is imported, so this loads without Django settings (the load test's users
build their form data with it) and the models may use it.
"""

from __future__ import annotations

from django.db.models import Q

from surveys.answers.kinds.base import (
    EMPTY_FIELDS,
    FIELDS,
    NOT_ANSWERED,
    AnswerKind,
    AnswerSampler,
    fields_of,
    grouped_number,
    named_level,
    number_text,
    plain_level,
    stored_fields,
)
from surveys.answers.kinds.maturity import NOT_APPLICABLE, Maturity
from surveys.answers.kinds.number import Number
from surveys.answers.kinds.text import TEXT_MAX_LENGTH, Text
from surveys.answers.kinds.yes_no import YesNo

__all__ = [
    "EMPTY_FIELDS",
    "FIELDS",
    "KINDS",
    "LEVELLED_KINDS",
    "NAMES",
    "NOT_ANSWERED",
    "NOT_APPLICABLE",
    "SCORABLE_KINDS",
    "TEXT_MAX_LENGTH",
    "AnswerKind",
    "AnswerSampler",
    "UnknownKind",
    "answered_condition",
    "fields_of",
    "grouped_number",
    "kind_named",
    "kind_of",
    "kind_of_value",
    "named_level",
    "names_text",
    "number_text",
    "plain_level",
    "stored_fields",
]

KINDS: dict[str, AnswerKind] = {kind.name: kind for kind in (Maturity(), YesNo(), Number(), Text())}
NAMES: tuple[str, ...] = tuple(KINDS)  # in the order people are told them
SCORABLE_KINDS = frozenset(name for name, kind in KINDS.items() if kind.scorable)
LEVELLED_KINDS = frozenset(name for name, kind in KINDS.items() if kind.has_levels)


class UnknownKind(ValueError):
    """A kind name that is not in the registry."""


def kind_named(name: str) -> AnswerKind:
    """The kind called ``name``; raises UnknownKind for a name not in the registry."""
    try:
        return KINDS[name]
    except (KeyError, TypeError):
        raise UnknownKind(f"Unknown question kind {name!r}") from None


def kind_of(question) -> AnswerKind:
    """The kind of ``question`` (anything with a ``kind`` name: a Question, a spec...)."""
    return kind_named(question.kind)


_SHAPES = {frozenset(kind.value(EMPTY_FIELDS)): kind for kind in KINDS.values()}


def kind_of_value(value) -> AnswerKind | None:
    """The kind whose values have exactly the keys of ``value`` (a history entry's value
    names its kind by its shape); None for None or any other shape."""
    return _SHAPES.get(frozenset(value)) if value else None


def answered_condition(kind_lookup: str = "question__kind") -> Q:
    """Answers holding an answer that counts towards completion (``AnswerKind.answered``),
    as a database condition; ``kind_lookup`` reaches the question's kind from the rows."""
    condition = Q(not_applicable=True)
    for kind in KINDS.values():
        condition |= Q(**{kind_lookup: kind.name}, **kind.answered_lookup)
    return condition


def names_text(*, conjunction: str = "or", names=NAMES) -> str:
    """ "maturity, yes_no, number or text": kind names as a sentence lists them."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"

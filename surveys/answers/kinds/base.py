"""What every kind of question answers to: the common interface, and helpers.

An answer's *fields* are a mapping of the Answer model's field names (``level``,
``not_applicable``, ``yes_no``, ``number``, ``text``) to values: a row from
``.values()``, ``fields_of(answer)``, or a *value* (the smaller dict of the fields a
kind uses, as ``value_of`` gives it and ``AnswerChange.old_value``/``new_value``
store it). Missing names read as "no answer".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from django import forms
from django.utils.formats import number_format

from surveys.results import scoring

FIELDS = ("level", "not_applicable", "yes_no", "number", "text")
EMPTY_FIELDS: Mapping[str, Any] = {
    "level": None,
    "not_applicable": False,
    "yes_no": None,
    "number": None,
    "text": "",
}
NOT_ANSWERED = "Not answered"


def fields_of(answer) -> dict:
    """The answer fields of a stored Answer (or of no answer, for None)."""
    if answer is None:
        return dict(EMPTY_FIELDS)
    return {name: getattr(answer, name) for name in FIELDS}


def stored_fields(value: Mapping) -> dict:
    """Model field values for an answer holding ``value`` (and nothing else)."""
    fields = {**EMPTY_FIELDS, **value}
    if fields["number"] is not None:
        fields["number"] = Decimal(fields["number"])
    return fields


def number_text(number: Decimal | int | str) -> str:
    """A number without trailing zeros or exponent: 12.50 -> "12.5", 100.00 -> "100"."""
    return format(Decimal(number).normalize(), "f")


def plain_level(level: int) -> str:
    return f"Level {level}"


def named_level(level_names: Mapping[int, str], *, prefix: str = "") -> Callable[[int], str]:
    """Reads a level as "3: Learning" (or "Level 3: Learning" with ``prefix="Level "``);
    a level without a name is "Level 3"."""

    def label(level: int) -> str:
        name = level_names.get(level)
        return f"{prefix}{level}: {name}" if name else plain_level(level)

    return label


def grouped_number(number: Decimal | str) -> str:
    """1200.50 -> "1,200.5", in the active locale's format."""
    return number_format(Decimal(number).normalize(), use_l10n=True, force_grouping=True)


class AnswerSampler(Protocol):
    """Picks plausible answers (demo and benchmark data, load-test saves), one per kind."""

    def level(self, question) -> int | None: ...  # None: "not applicable"

    def yes_no(self, question) -> bool: ...

    def number(self, question) -> int | Decimal: ...

    def text(self, question) -> str: ...


class AnswerKind:
    """One kind of question. Subclasses describe everything that depends on the kind.

    ``answer_field`` is both the form field and the Answer field holding the answer;
    ``answered_lookup`` the Answer lookups true when it holds an answer that counts.
    """

    name: ClassVar[str]
    answer_field: ClassVar[str]
    answered_lookup: ClassVar[Mapping[str, Any]]
    has_levels: ClassVar[bool] = False  # answered with a level of the maturity scale
    has_unit: ClassVar[bool] = False  # the question may name a unit ("servers")
    has_evidence: ClassVar[bool] = True  # evidence may be given with the answer
    # A scorable kind answered in words rather than levels: each answer's score and the
    # word for it, highest first (the dashboards count "Yes" and "No", not levels).
    scored_answers: ClassVar[tuple[tuple[float, str], ...]] = ()
    # How a questionnaire's consistency check may compare an answer of this kind
    # (surveys.models.CheckOperator values: "is" yes or no, "at_least"/"at_most" a level).
    check_operators: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} kind {self.name!r}>"

    @property
    def scorable(self) -> bool:
        """Whether a question of this kind can score (the scoring rules decide)."""
        return self.name in scoring.SCORED_KINDS

    # The form ---------------------------------------------------------------------

    def field(
        self,
        question,
        *,
        required: bool,
        levels: list,
        descriptors: Mapping[int, str],
        not_applicable_label: str,
    ) -> tuple[forms.Field, Any]:
        """The form field asking ``question``, and its crispy-forms layout object."""
        raise NotImplementedError

    def initial(self, fields: Mapping) -> dict:
        """Form data showing the stored answer (``{}`` when it holds none)."""
        raise NotImplementedError

    def to_value(self, cleaned: Mapping) -> dict:
        """``answer_save`` keyword arguments from the form's cleaned data."""
        raise NotImplementedError

    # Values -----------------------------------------------------------------------

    def value(self, fields: Mapping) -> dict:
        """The small dict of the fields this kind uses (``AnswerChange`` stores it)."""
        raise NotImplementedError

    def value_of(self, answer) -> dict:
        """``value`` of a stored Answer, or of no answer for None."""
        return self.value(fields_of(answer))

    def normalise(self, fields: Mapping, *, scale_size: int) -> dict:
        """``value`` of the fields a save was given, checked: raises ValidationError for a
        value the question cannot take (a level outside the scale, text too long...)."""
        raise NotImplementedError

    def answered(self, fields: Mapping) -> bool:
        """Whether the fields hold an answer that counts towards completion, as scoring
        counts it: "not applicable" does, blank text does not."""
        return bool(fields.get("not_applicable")) or self._holds_answer(fields)

    def _holds_answer(self, fields: Mapping) -> bool:
        raise NotImplementedError

    # Reading ----------------------------------------------------------------------

    def describe(
        self,
        value: Mapping | None,
        *,
        na_label: str,
        unit: str = "",
        level_label: Callable[[int], str] = plain_level,
        group_digits: bool = False,
    ) -> str:
        """The answer as a person reads it, e.g. "3: Learning", "Yes", "12 servers".

        ``level_label`` names a level (``named_level``); ``group_digits`` writes
        1,200 rather than 1200. "Not answered" when the value holds no answer.
        """
        if not value:
            return NOT_ANSWERED
        if value.get("not_applicable"):
            return na_label
        read = self._read(value, unit=unit, level_label=level_label, group_digits=group_digits)
        return NOT_ANSWERED if read is None else read

    def _read(self, value: Mapping, *, unit, level_label, group_digits) -> str | None:
        raise NotImplementedError

    def export_value(self, fields: Mapping) -> str | float | None:
        """The answers export's ``answer_value``: empty for "not applicable" and maturity."""
        if fields.get("not_applicable"):
            return None
        return self._export(fields)

    def _export(self, fields: Mapping) -> str | float | None:
        return None

    # Scores and samples -------------------------------------------------------------

    def score(self, fields: Mapping, *, scale: scoring.Scale, scored: bool = True) -> float | None:
        """The answer's score (0-100) by the scoring rules; None when it does not score."""
        question = scoring.QuestionSpec(code="", area_code="", kind=self.name, scored=scored)
        answer = scoring.AnswerValue(
            question_code="",
            level=fields.get("level"),
            yes_no=fields.get("yes_no"),
            not_applicable=bool(fields.get("not_applicable")),
        )
        return scoring.to_float(scoring.question_score(question, answer, scale))

    def sample(self, sampler: AnswerSampler, question) -> dict:
        """Answer fields for a plausible answer to ``question``, as ``sampler`` picks it."""
        raise NotImplementedError

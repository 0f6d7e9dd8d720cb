"""Number questions: 0 or more, at most 2 decimal places, in the question's unit. Never scored.

Stored as a Decimal with 2 places (12.00); everywhere else written as ``number_text``
gives it ("12", "12.5"), so a history entry reads as the form showed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from surveys.answers.fields import NUMBER_TEMPLATE, LenientDecimalField, escaped
from surveys.answers.kinds.base import AnswerKind, grouped_number, number_text

LIMIT = Decimal("1e12")


class Number(AnswerKind):
    name = "number"
    answer_field = "number"
    answered_lookup = {"number__isnull": False}
    has_unit = True

    def field(self, question, *, required, levels, descriptors, not_applicable_label):
        unit_hint = f"Give the number in {question.unit}." if question.unit else ""
        field = LenientDecimalField(
            label=escaped(question.text),
            help_text=escaped(" ".join(p for p in (question.hint, unit_hint) if p)),
            required=required,
            min_value=0,
            max_digits=14,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            error_messages={
                "required": "Enter a number",
                "invalid": "Enter a number, like 12 or 12.5",
                "min_value": "Enter a number that is 0 or more",
                "max_digits": "Enter a number smaller than 1,000,000,000,000",
                "max_decimal_places": "Enter a number with no more than 2 decimal places",
                "max_whole_digits": "Enter a number smaller than 1,000,000,000,000",
            },
        )
        layout = Field(
            self.answer_field,
            template=NUMBER_TEMPLATE,
            context={"unit": question.unit, "label_size": Size.for_label(Size.LARGE)},
            css_class="govuk-input--width-10",
        )
        return field, layout

    def initial(self, fields: Mapping) -> dict:
        number = fields.get("number")
        return {} if number is None else {"number": number_text(number)}

    def to_value(self, cleaned: Mapping) -> dict:
        number = cleaned.get("number")
        return {"number": None if number is None else Decimal(number)}

    def value(self, fields: Mapping) -> dict:
        number = fields.get("number")
        return {"number": None if number is None else number_text(number)}

    def normalise(self, fields: Mapping, *, scale_size: int) -> dict:
        number = fields.get("number")
        if number is None or number == "":
            return {"number": None}
        try:
            value = Decimal(str(number)).quantize(Decimal("0.01"))
        except InvalidOperation as error:
            raise ValidationError("The answer must be a number") from error
        if not value.is_finite() or abs(value) >= LIMIT:
            raise ValidationError("The number is too large")
        return {"number": number_text(value)}

    def _holds_answer(self, fields: Mapping) -> bool:
        return fields.get("number") is not None

    def _read(self, value, *, unit, level_label, group_digits):
        number = value.get("number")
        if number is None or number == "":
            return None
        return f"{grouped_number(number) if group_digits else number_text(number)} {unit}".strip()

    def _export(self, fields: Mapping) -> float | None:
        number = fields.get("number")
        return None if number is None else float(number)

    def sample(self, sampler, question) -> dict:
        return {"number": sampler.number(question)}

"""Maturity questions: a level of the questionnaire's scale, or "not applicable"."""

from __future__ import annotations

from collections.abc import Mapping

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field
from django import forms
from django.core.exceptions import ValidationError

from surveys.answers.fields import RADIOS_TEMPLATE, escaped, heading
from surveys.answers.kinds.base import AnswerKind

NOT_APPLICABLE = "na"  # the form's value for "not applicable / don't know"


class Maturity(AnswerKind):
    name = "maturity"
    answer_field = "level"
    answered_lookup = {"level__isnull": False}
    has_levels = True
    check_operators = ("at_least", "at_most")

    def field(self, question, *, required, levels, descriptors, not_applicable_label):
        choices = [
            Choice(str(level.number), level.name, hint=descriptors.get(level.number, ""))
            for level in levels
        ]
        if choices:
            choices[-1].divider = "or"
        choices.append(Choice(NOT_APPLICABLE, not_applicable_label))
        field = forms.ChoiceField(
            label=escaped(question.text),
            help_text=escaped(question.hint),
            choices=choices,
            widget=forms.RadioSelect,
            required=required,
            error_messages={
                "required": f"Select the level that best describes your authority, or "
                f"select ‘{not_applicable_label}’",
                "invalid_choice": "Select one of the levels shown",
            },
        )
        return field, Field(self.answer_field, template=RADIOS_TEMPLATE, context=heading())

    def initial(self, fields: Mapping) -> dict:
        if fields.get("not_applicable"):
            return {"level": NOT_APPLICABLE}
        if fields.get("level") is not None:
            return {"level": str(fields["level"])}
        return {}

    def to_value(self, cleaned: Mapping) -> dict:
        level = cleaned.get("level") or ""
        return {
            "not_applicable": level == NOT_APPLICABLE,
            "level": int(level) if level.isdigit() else None,
        }

    def value(self, fields: Mapping) -> dict:
        return {"level": fields.get("level"), "not_applicable": fields.get("not_applicable", False)}

    def normalise(self, fields: Mapping, *, scale_size: int) -> dict:
        level, not_applicable = fields.get("level"), fields.get("not_applicable", False)
        if not_applicable and level is not None:
            raise ValidationError("An answer cannot have a level and be not applicable")
        if level is not None and not (1 <= int(level) <= scale_size):
            raise ValidationError(f"The level must be between 1 and {scale_size}")
        return {"level": None if level is None else int(level), "not_applicable": not_applicable}

    def _holds_answer(self, fields: Mapping) -> bool:
        return fields.get("level") is not None

    def _read(self, value, *, unit, level_label, group_digits):
        return None if value.get("level") is None else level_label(value["level"])

    def sample(self, sampler, question) -> dict:
        level = sampler.level(question)
        return {"not_applicable": True} if level is None else {"level": level}

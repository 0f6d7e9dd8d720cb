"""Free-text questions: the answer is the text itself (no separate evidence). Never scored."""

from __future__ import annotations

from collections.abc import Mapping

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError

from surveys.answers.fields import MultilineField, counted, escaped
from surveys.answers.kinds.base import AnswerKind

TEXT_MAX_LENGTH = 5000
TEXT_HINT = "Write your answer in plain English."


class Text(AnswerKind):
    name = "text"
    answer_field = "text"
    answered_lookup = {"text__regex": r"\S"}
    has_evidence = False

    def field(self, question, *, required, levels, descriptors, not_applicable_label):
        field = MultilineField(
            label=escaped(question.text),
            # Always a hint: crispy-forms-gds fails on a counted textarea without one.
            help_text=escaped(question.hint) or TEXT_HINT,
            required=required,
            max_length=TEXT_MAX_LENGTH,
            widget=forms.Textarea,
            error_messages={
                "required": "Enter your answer",
                "max_length": f"Your answer must be {TEXT_MAX_LENGTH:,} characters or fewer",
            },
        )
        layout = Field.textarea(
            self.answer_field,
            label_size=Size.LARGE,
            label_tag="h1",
            rows=8,
            max_characters=TEXT_MAX_LENGTH,
        )
        return counted(field), layout

    def initial(self, fields: Mapping) -> dict:
        return {"text": fields.get("text", "")}

    def to_value(self, cleaned: Mapping) -> dict:
        return {"text": cleaned.get("text", "")}

    def value(self, fields: Mapping) -> dict:
        return {"text": fields.get("text", "")}

    def normalise(self, fields: Mapping, *, scale_size: int) -> dict:
        text = (fields.get("text") or "").replace("\r\n", "\n")
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(f"The answer must be {TEXT_MAX_LENGTH} characters or fewer")
        return {"text": text}

    def _holds_answer(self, fields: Mapping) -> bool:
        return bool((fields.get("text") or "").strip())

    def _read(self, value, *, unit, level_label, group_digits):
        return value.get("text") or None

    def _export(self, fields: Mapping) -> str | None:
        return fields.get("text")

    def sample(self, sampler, question) -> dict:
        return {"text": sampler.text(question)}

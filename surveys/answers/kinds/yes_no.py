"""Yes/no questions: scored 100 for yes and 0 for no where the question is scored."""

from __future__ import annotations

from collections.abc import Mapping

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field
from django import forms

from surveys.answers.fields import RADIOS_TEMPLATE, escaped, heading
from surveys.answers.kinds.base import AnswerKind

FORM_VALUES = {True: "yes", False: "no"}


class YesNo(AnswerKind):
    name = "yes_no"
    answer_field = "yes_no"
    answered_lookup = {"yes_no__isnull": False}
    scored_answers = ((100.0, "Yes"), (0.0, "No"))
    check_operators = ("is",)

    def field(self, question, *, required, levels, descriptors, not_applicable_label):
        field = forms.ChoiceField(
            label=escaped(question.text),
            help_text=escaped(question.hint),
            choices=[Choice("yes", "Yes"), Choice("no", "No")],
            widget=forms.RadioSelect,
            required=required,
            error_messages={
                "required": "Select yes or no",
                "invalid_choice": "Select yes or no",
            },
        )
        context = {**heading(), "radios_inline": True}
        return field, Field(self.answer_field, template=RADIOS_TEMPLATE, context=context)

    def initial(self, fields: Mapping) -> dict:
        yes_no = fields.get("yes_no")
        return {} if yes_no is None else {"yes_no": FORM_VALUES[bool(yes_no)]}

    def to_value(self, cleaned: Mapping) -> dict:
        return {"yes_no": {"yes": True, "no": False}.get(cleaned.get("yes_no") or "")}

    def value(self, fields: Mapping) -> dict:
        return {"yes_no": fields.get("yes_no")}

    def normalise(self, fields: Mapping, *, scale_size: int) -> dict:
        return {"yes_no": fields.get("yes_no")}

    def _holds_answer(self, fields: Mapping) -> bool:
        return fields.get("yes_no") is not None

    def _read(self, value, *, unit, level_label, group_digits):
        yes_no = value.get("yes_no")
        return None if yes_no is None else ("Yes" if yes_no else "No")

    def _export(self, fields: Mapping) -> str | None:
        yes_no = fields.get("yes_no")
        return None if yes_no is None else FORM_VALUES[bool(yes_no)]

    def sample(self, sampler, question) -> dict:
        return {"yes_no": sampler.yes_no(question)}

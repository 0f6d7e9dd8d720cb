"""Forms of the self-assessment journey: one question per page, the submission declaration."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils.html import conditional_escape

from surveys.answers.values import number_text
from surveys.journey.services.answers import EVIDENCE_MAX_LENGTH, TEXT_MAX_LENGTH
from surveys.models import Answer, Question, ScaleLevel

NOT_APPLICABLE = "na"
RADIOS_TEMPLATE = "surveys/journey/fields/radios.html"
NUMBER_TEMPLATE = "surveys/journey/fields/number.html"
EVIDENCE_HINT = (
    "Say what supports this answer, for example a strategy, a report, an audit or the "
    "name of a system. Do not include personal information."
)
TEXT_HINT = "Write your answer in plain English."


class MultilineField(forms.CharField):
    """Counts a line break as one character, as the character count on the page does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class LenientDecimalField(forms.DecimalField):
    """Accepts "1,200" and " 12 " as people type them."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "")
        return super().to_python(value)


def _safe(text: str) -> str:
    # crispy-forms-gds marks labels and hints |safe: escape them here, once.
    return conditional_escape(text)


class AnswerForm(forms.Form):
    """The answer to one question, plus evidence and the version the page was shown with.

    ``allow_blank`` lets "Save and come back later" keep a required question unanswered.
    ``answer_values()`` gives the keyword arguments of ``answer_save``.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        question: Question,
        levels: list[ScaleLevel],
        descriptors: dict[int, str],
        not_applicable_label: str,
        allow_blank: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.question = question
        required = question.required and not allow_blank
        label, hint = _safe(question.text), _safe(question.hint)
        kind = question.kind
        self.answer_field = {
            Question.Kind.MATURITY: "level",
            Question.Kind.YES_NO: "yes_no",
            Question.Kind.NUMBER: "number",
            Question.Kind.TEXT: "text",
        }[kind]
        heading = {"legend_size": Size.for_legend(Size.LARGE), "legend_tag": "h1"}
        if kind == Question.Kind.MATURITY:
            choices = [
                Choice(str(level.number), level.name, hint=descriptors.get(level.number, ""))
                for level in levels
            ]
            if choices:
                choices[-1].divider = "or"
            choices.append(Choice(NOT_APPLICABLE, not_applicable_label))
            self.fields["level"] = forms.ChoiceField(
                label=label,
                help_text=hint,
                choices=choices,
                widget=forms.RadioSelect,
                required=required,
                error_messages={
                    "required": f"Select the level that best describes your authority, or "
                    f"select ‘{not_applicable_label}’",
                    "invalid_choice": "Select one of the levels shown",
                },
            )
            answer_layout = Field("level", template=RADIOS_TEMPLATE, context=heading)
        elif kind == Question.Kind.YES_NO:
            self.fields["yes_no"] = forms.ChoiceField(
                label=label,
                help_text=hint,
                choices=[Choice("yes", "Yes"), Choice("no", "No")],
                widget=forms.RadioSelect,
                required=required,
                error_messages={
                    "required": "Select yes or no",
                    "invalid_choice": "Select yes or no",
                },
            )
            answer_layout = Field(
                "yes_no", template=RADIOS_TEMPLATE, context={**heading, "radios_inline": True}
            )
        elif kind == Question.Kind.NUMBER:
            unit_hint = f"Give the number in {question.unit}." if question.unit else ""
            self.fields["number"] = LenientDecimalField(
                label=label,
                help_text=_safe(" ".join(p for p in (question.hint, unit_hint) if p)),
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
            answer_layout = Field(
                "number",
                template=NUMBER_TEMPLATE,
                context={"unit": question.unit, "label_size": Size.for_label(Size.LARGE)},
                css_class="govuk-input--width-10",
            )
        else:
            self.fields["text"] = MultilineField(
                label=label,
                # Always a hint: crispy-forms-gds fails on a counted textarea without one.
                help_text=hint or TEXT_HINT,
                required=required,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea,
                error_messages={
                    "required": "Enter your answer",
                    "max_length": f"Your answer must be {TEXT_MAX_LENGTH:,} characters or fewer",
                },
            )
            answer_layout = Field.textarea(
                "text",
                label_size=Size.LARGE,
                label_tag="h1",
                rows=8,
                max_characters=TEXT_MAX_LENGTH,
            )
        fields = [answer_layout]
        if kind != Question.Kind.TEXT:
            self.fields["evidence"] = MultilineField(
                label="Evidence (optional)",
                help_text=EVIDENCE_HINT,  # see the note on TEXT_HINT above
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea,
                error_messages={
                    "max_length": f"Evidence must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
                },
            )
            fields.append(
                Field.textarea(
                    "evidence", label_size=Size.SMALL, rows=5, max_characters=EVIDENCE_MAX_LENGTH
                )
            )
        for name in ("evidence", "text"):
            # Let people type past the limit and be told, as the character count expects.
            if name in self.fields:
                self.fields[name].widget.attrs.pop("maxlength", None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*fields, "version")

    @staticmethod
    def initial_for(question: Question, answer: Answer | None) -> dict:
        """Initial data showing the stored answer, and its version (0 when none)."""
        if answer is None:
            return {"version": 0}
        initial = {"version": answer.version, "evidence": answer.evidence}
        if question.kind == Question.Kind.MATURITY:
            if answer.not_applicable:
                initial["level"] = NOT_APPLICABLE
            elif answer.level is not None:
                initial["level"] = str(answer.level)
        elif question.kind == Question.Kind.YES_NO and answer.yes_no is not None:
            initial["yes_no"] = "yes" if answer.yes_no else "no"
        elif question.kind == Question.Kind.NUMBER and answer.number is not None:
            initial["number"] = number_text(answer.number)
        elif question.kind == Question.Kind.TEXT:
            initial["text"] = answer.text
        return initial

    def answer_values(self) -> dict:
        """Keyword arguments for ``answer_save`` from the cleaned data."""
        data = self.cleaned_data
        values: dict = {"evidence": data.get("evidence", "")}
        kind = self.question.kind
        if kind == Question.Kind.MATURITY:
            level = data.get("level") or ""
            values["not_applicable"] = level == NOT_APPLICABLE
            values["level"] = int(level) if level.isdigit() else None
        elif kind == Question.Kind.YES_NO:
            values["yes_no"] = {"yes": True, "no": False}.get(data.get("yes_no") or "")
        elif kind == Question.Kind.NUMBER:
            number = data.get("number")
            values["number"] = None if number is None else Decimal(number)
        else:
            values["text"] = data.get("text", "")
        return values


class SubmitForm(forms.Form):
    """The lead's declaration before submitting."""

    declaration = forms.BooleanField(
        label="I confirm these answers are accurate and have been agreed by my authority",
        required=True,
        error_messages={
            "required": "Confirm that these answers are accurate and agreed by your authority"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.checkbox("declaration"))

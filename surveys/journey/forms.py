"""Forms of the self-assessment journey: one question per page, the submission declaration."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from surveys.answers.fields import MultilineField, counted
from surveys.answers.kinds import fields_of, kind_of
from surveys.journey.services.answers import EVIDENCE_MAX_LENGTH
from surveys.models import Answer, Question, ScaleLevel

EVIDENCE_HINT = (
    "Say what supports this answer, for example a strategy, a report, an audit or the "
    "name of a system. Do not include personal information."
)


def _evidence_field() -> MultilineField:
    return counted(
        MultilineField(
            label="Evidence (optional)",
            # Always a hint: crispy-forms-gds fails on a counted textarea without one.
            help_text=EVIDENCE_HINT,
            required=False,
            max_length=EVIDENCE_MAX_LENGTH,
            widget=forms.Textarea,
            error_messages={
                "max_length": f"Evidence must be {EVIDENCE_MAX_LENGTH:,} characters or fewer"
            },
        )
    )


class AnswerForm(forms.Form):
    """The answer to one question, plus evidence and the version the page was shown with.

    The answer's field comes from the question's kind (``surveys.answers.kinds``).
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
        self.kind = kind_of(question)
        self.answer_field = self.kind.answer_field
        self.fields[self.answer_field], answer_layout = self.kind.field(
            question,
            required=question.required and not allow_blank,
            levels=levels,
            descriptors=descriptors,
            not_applicable_label=not_applicable_label,
        )
        fields = [answer_layout]
        if self.kind.has_evidence:
            self.fields["evidence"] = _evidence_field()
            fields.append(
                Field.textarea(
                    "evidence", label_size=Size.SMALL, rows=5, max_characters=EVIDENCE_MAX_LENGTH
                )
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*fields, "version")

    @staticmethod
    def initial_for(question: Question, answer: Answer | None) -> dict:
        """Initial data showing the stored answer, and its version (0 when none)."""
        if answer is None:
            return {"version": 0}
        return {
            "version": answer.version,
            "evidence": answer.evidence,
            **kind_of(question).initial(fields_of(answer)),
        }

    def answer_values(self) -> dict:
        """Keyword arguments for ``answer_save`` from the cleaned data."""
        data = self.cleaned_data
        return {"evidence": data.get("evidence", ""), **self.kind.to_value(data)}


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

"""Forms of the self-assessment journey: one question per page, the submission declaration."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fluid, Layout, Size
from django import forms

from surveys.answers.fields import MultilineField, counted, escaped
from surveys.answers.kinds import fields_of, kind_of
from surveys.journey.services.answers import EVIDENCE_MAX_LENGTH
from surveys.journey.services.assessments import SIGN_OFF_CONTROL_MESSAGE, sign_off_errors
from surveys.models import Answer, Question, ScaleLevel

EVIDENCE_HINT = (
    "Say what supports this answer, for example a strategy, a report, an audit or the "
    "name of a system. Do not include personal information."
)


EVIDENCE_SHARED_HINT = (
    "It may be quoted to other London authorities' leads planning improvements on this question."
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
            self.fields["evidence_shared"] = forms.BooleanField(
                label="Share this evidence with other London authorities",
                help_text=EVIDENCE_SHARED_HINT,
                required=False,
            )
            fields.append(Field.checkbox("evidence_shared", small=True))
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
            "evidence_shared": answer.evidence_shared,
            **kind_of(question).initial(fields_of(answer)),
        }

    def answer_values(self) -> dict:
        """Keyword arguments for ``answer_save`` from the cleaned data."""
        data = self.cleaned_data
        return {
            "evidence": data.get("evidence", ""),
            "evidence_shared": data.get("evidence_shared", False),
            **self.kind.to_value(data),
        }


SIGN_OFF_HINT = (
    "If a senior officer, such as your chief information officer or a director, signed "
    "these answers off, give their name and role. This is a recorded statement: it does "
    "not give them an account, and they are not contacted. It is shown with your results "
    "to those who may see your authority by name, and in the CDO office's exports."
)


class SubmitForm(forms.Form):
    """The lead's declaration before submitting, and the optional senior sign-off (both or
    neither: ``surveys.journey.services.assessments.sign_off_errors``, which the service
    checks again). ``submit_values()`` gives the sign-off keyword arguments of
    ``assessment_submit``; build it with ``initial=SubmitForm.initial_for(assessment)``
    to show the sign-off given last time (a returned assessment submitted again)."""

    sign_off_name = forms.CharField(
        label="Name of the senior officer who signed this off",
        required=False,
        error_messages={
            "null_characters_not_allowed": SIGN_OFF_CONTROL_MESSAGE.format(what="name")
        },
    )
    sign_off_role = forms.CharField(
        label="Their role",
        help_text="For example, Chief Information Officer or Director of Digital",
        required=False,
        error_messages={
            "null_characters_not_allowed": SIGN_OFF_CONTROL_MESSAGE.format(what="role")
        },
    )
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
        self.helper.layout = Layout(
            Fieldset(
                HTML(f'<div class="govuk-hint" id="sign-off-hint">{escaped(SIGN_OFF_HINT)}</div>'),
                Field.text("sign_off_name", field_width=Fluid.TWO_THIRDS, autocomplete="off"),
                Field.text("sign_off_role", field_width=Fluid.TWO_THIRDS, autocomplete="off"),
                legend="Senior sign-off (optional)",
                legend_size=Size.MEDIUM,
                aria_describedby="sign-off-hint",
            ),
            Field.checkbox("declaration"),
        )

    @staticmethod
    def initial_for(assessment) -> dict:
        return {
            "sign_off_name": assessment.sign_off_name,
            "sign_off_role": assessment.sign_off_role,
        }

    def clean(self):
        data = super().clean() or self.cleaned_data
        name, role = data.get("sign_off_name"), data.get("sign_off_role")
        if name is not None and role is not None:  # each passed its own field's checks
            for field, message in sign_off_errors(name=name, role=role).items():
                self.add_error(field, message)
        return data

    def submit_values(self) -> dict:
        """Keyword arguments for ``assessment_submit`` from the cleaned data."""
        return {
            "sign_off_name": self.cleaned_data["sign_off_name"],
            "sign_off_role": self.cleaned_data["sign_off_role"],
        }

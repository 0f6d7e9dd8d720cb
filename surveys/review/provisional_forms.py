"""Forms of the provisional release: the CDO office's send, resolve and publish forms, and
the lead's confirm-or-correct form. GOV.UK markup through crispy-forms-gds."""

from __future__ import annotations

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.core.exceptions import ValidationError

from surveys.models import ProvisionalResponse
from surveys.review.services.text import TEXT_MAX

CONFIRMED = ProvisionalResponse.Kind.CONFIRMED
CORRECTION = ProvisionalResponse.Kind.CORRECTION


class RespondByField(DateInputField):
    """A GOV.UK date input whose messages say what to do (and never Python's words)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = "Enter the date authorities must respond by"
        self.error_messages["incomplete"] = "Enter the date authorities must respond by"

    def compress(self, data_list) -> datetime.date | None:
        try:
            return super().compress(data_list)
        except ValidationError as error:
            raise ValidationError("The respond-by date must be a real date") from error


class ReleaseSendForm(forms.Form):
    respond_by = RespondByField(
        label="Respond by",
        help_text="Authorities can confirm or correct their results until the end of this day.",
    )

    def __init__(self, *args, sent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("respond_by"),
            Button("send", "Send the release again" if sent else "Send provisional release"),
        )


def _text_field(label: str, required_message: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        max_length=TEXT_MAX,
        error_messages={
            "required": required_message,
            "max_length": f"Enter {TEXT_MAX:,} characters or fewer",
        },
        **kwargs,
    )


class ResolveForm(forms.Form):
    resolution = _text_field(
        "What did you do about this correction?",
        "Enter what you did about the correction",
        help_text=(
            "For example: reopened the assessment so the authority could change an answer, "
            "or why the result stands. The authority's response keeps this note."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("resolution", label_size="m", label_tag="h2", rows=5),
            Button("resolve", "Resolve correction"),
        )


class PublishForm(forms.Form):
    override_reason = _text_field(
        "Why publish with corrections still open?",
        "Enter why you are publishing while corrections are open",
        required=False,
        help_text="Needed only while a correction is open. It is kept with the round and in "
        "the audit log.",
    )

    def __init__(self, *args, corrections_open: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["override_reason"]
        field.required = corrections_open > 0
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's form posts to the publish URL
        fields = (
            [Field.textarea("override_reason", label_size="s", rows=4)] if field.required else []
        )
        self.helper.layout = Layout(*fields, Button.warning("publish", "Publish the round"))


class ResponseForm(forms.Form):
    """Confirm the results, or raise a correction with its text.

    The text box is always shown, below the radios, rather than revealed by the
    correction radio: GOV.UK Frontend's conditional reveal puts ``aria-expanded`` on the
    radios, which ARIA does not allow there and axe reports as a critical problem (a
    known issue, alphagov/govuk-frontend#979); every page here must be axe-clean.
    """

    kind = forms.ChoiceField(
        label="Are your results right?",
        choices=[
            (CONFIRMED, "Yes, we confirm these results"),
            (CORRECTION, "No, we need to raise a correction"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether you confirm your results",
            "invalid_choice": "Choose whether you confirm your results",
        },
    )
    text = _text_field(
        "If you raise a correction: what needs correcting, and why?",
        "Enter what needs correcting",
        required=False,
        help_text="Name the area or answer, and what it should be. The CDO office reads this. "
        "Leave it empty if you confirm your results.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size="m", legend_tag="h3"),
            Field.textarea("text", label_size="s", rows=5),
            Button("respond", "Send your response"),
        )

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if cleaned.get("kind") == CORRECTION and not cleaned.get("text"):
            self.add_error("text", "Enter what needs correcting")
        if cleaned.get("kind") == CONFIRMED:
            cleaned["text"] = ""
        return cleaned

"""Forms of the CDO office's review: the round filter and the return and reopen comments."""

from typing import cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Hidden, Layout
from django import forms

from boroughs.models import PeerGroup
from surveys.review.progress import PROGRESS_CHOICES, SORT_KEYS
from surveys.review.services.text import TEXT_MAX as COMMENT_MAX

SORT_DEFAULT = "name"
DIRECTIONS = ("asc", "desc")


class RoundFilterForm(forms.Form):
    """Filters for the round page, read from the query string so every view is linkable.

    Sort and direction travel with the filters as hidden fields; a bad sort or
    direction quietly falls back to the default (``sort_and_direction``).
    """

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *PROGRESS_CHOICES]
    )
    peer_group = forms.ChoiceField(label="Peer group", required=False)

    def __init__(self, *args, peer_groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = peer_groups if peer_groups is not None else PeerGroup.objects.order_by("name")
        self.peer_groups = {group.slug: group for group in groups}
        # The stubs type every bound form field as Field; this one is declared a ChoiceField.
        peer_group = cast(forms.ChoiceField, self.fields["peer_group"])
        peer_group.choices = [("", "All authorities")] + [
            (slug, group.name) for slug, group in self.peer_groups.items()
        ]
        sort, direction = self.sort_and_direction()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.layout = Layout(
            Field.select("status"),
            Field.select("peer_group"),
            Hidden("sort", sort),
            Hidden("dir", direction),
            Button.secondary("", "Apply filters", css_id="apply-filters"),
        )

    def sort_and_direction(self) -> tuple[str, str]:
        sort = self.data.get("sort", SORT_DEFAULT)
        direction = self.data.get("dir", "asc")
        return (
            sort if sort in SORT_KEYS else SORT_DEFAULT,
            direction if direction in DIRECTIONS else "asc",
        )

    def filters(self) -> dict:
        """The valid filters as ``round_progress`` keyword arguments; invalid ones are ignored."""
        # Each field is judged on its own: one bad value does not drop the other filter.
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "status": cleaned.get("status") or None,
            "peer_group": self.peer_groups.get(cleaned.get("peer_group") or ""),
        }


class _CommentForm(forms.Form):
    label = ""
    hint = ""
    empty_message = ""
    button = ""

    comment = forms.CharField(widget=forms.Textarea, max_length=COMMENT_MAX, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.label = self.label
        field.help_text = self.hint
        field.error_messages["required"] = self.empty_message
        field.error_messages["max_length"] = (
            f"The comment must be {COMMENT_MAX:,} characters or fewer"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("comment", label_size="m", label_tag="h2", rows=6),
            Button("submit", self.button),
        )


class ReturnForm(_CommentForm):
    label = "What needs to change?"
    hint = "The authority's digital leads will see this comment on their task list and by email."
    empty_message = "Enter what the authority needs to change before it submits again"
    button = "Return assessment"

    def __init__(self, *args, queries: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        # With queries on single answers, a comment on the whole is optional (the service
        # refuses a return with neither).
        if queries:
            field = self.fields["comment"]
            field.required = False
            field.label = "Anything else the authority needs to change? (optional)"


class ReopenForm(_CommentForm):
    label = "Why are you reopening this assessment?"
    hint = (
        "The authority's digital leads will see this reason on their task list and by email. "
        "The approved results are withdrawn until the assessment is approved again."
    )
    empty_message = "Enter why you are reopening this assessment"
    button = "Reopen assessment"


class QueryForm(_CommentForm):
    label = "What do you want to ask about this answer?"
    hint = (
        "The authority sees your question on this question's page, on its task list and in "
        "the email sent when you return the assessment. You resolve the query yourself once "
        "you are satisfied: changing the answer does not resolve it."
    )
    empty_message = "Enter your question for the authority"
    button = "Save query"


class ReplyForm(_CommentForm):
    label = "Your reply to the CDO office"
    hint = (
        "Say what you changed, or why the answer stands. The CDO office reads your reply "
        "when you submit the assessment again."
    )
    empty_message = "Enter your reply to the CDO office"
    button = "Save reply"

"""Forms of the plan pages: a target, an action, sharing. GOV.UK markup through
crispy-forms-gds; the services check everything again."""

from __future__ import annotations

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.core.exceptions import ValidationError

from surveys.models import PlanAction
from surveys.plans.services import NOTE_MAX, OWNER_MAX, TITLE_MAX


class TargetForm(forms.Form):
    """A target level (the scale's names) by a year's assessment, and the version the
    target was read at (0: none yet). The "Remove target" button posts ``remove_target``."""

    level = forms.TypedChoiceField(
        label="Target level",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level you aim for"},
    )
    by_year = forms.TypedChoiceField(
        label="By the assessment of",
        coerce=int,
        error_messages={"required": "Choose the year of the assessment"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, levels, years, has_target: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        level_field = self.fields["level"]
        year_field = self.fields["by_year"]
        assert isinstance(level_field, forms.ChoiceField)
        assert isinstance(year_field, forms.ChoiceField)
        level_field.choices = [(n, f"{n} {name}") for n, name in levels]
        year_field.choices = [(y, str(y)) for y in years]
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's <form> says where it posts
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("level", legend_size=Size.SMALL),
            Field.select("by_year"),
            "version",
            Button("save_target", "Save target"),
        )
        if has_target:
            self.helper.layout.append(Button.secondary("remove_target", "Remove target"))

    @staticmethod
    def initial_for(target) -> dict:
        if target is None:
            return {"version": 0}
        return {"level": target.level, "by_year": target.by_year, "version": target.version}


class DueDateField(DateInputField):
    """An optional GOV.UK date input: all three parts or none, a real date."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def compress(self, data_list) -> datetime.date | None:
        if not any(data_list):
            return None
        if not all(data_list):
            raise ValidationError("The due date must include a day, month and year")
        try:
            due = super().compress(data_list)
        except ValidationError as error:
            raise ValidationError("The due date must be a real date") from error
        if due is not None and not 2000 <= due.year <= 2100:
            raise ValidationError("The due date must be a real date")
        return due


class ActionForm(forms.Form):
    """An action: what, owner, due date, status, note; with ``versioned`` (editing) the
    version it was read at."""

    title = forms.CharField(
        label="What will you do?",
        max_length=TITLE_MAX,
        error_messages={
            "required": "Enter what you will do",
            "max_length": f"What you will do must be {TITLE_MAX} characters or fewer",
        },
    )
    owner = forms.CharField(
        label="Owner (optional)",
        help_text="A person's name or a team.",
        max_length=OWNER_MAX,
        required=False,
        error_messages={"max_length": f"The owner must be {OWNER_MAX} characters or fewer"},
    )
    due_on = DueDateField(label="Due date (optional)", help_text="For example, 31 3 2027")
    status = forms.ChoiceField(
        label="Status",
        choices=PlanAction.Status.choices,
        initial=PlanAction.Status.PLANNED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea,
        max_length=NOTE_MAX,
        required=False,
        error_messages={"max_length": f"The note must be {NOTE_MAX:,} characters or fewer"},
    )

    def __init__(self, *args, versioned: bool = False, button: str = "Add action", **kwargs):
        super().__init__(*args, **kwargs)
        fields: list = [
            Field.text("title", field_width=Fluid.FULL),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field("due_on"),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("note", rows=3),
        ]
        if versioned:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
            fields.append("version")
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's <form> says where it posts
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*fields, Button("save_action", button))

    @staticmethod
    def initial_for(action) -> dict:
        return {
            "title": action.title,
            "owner": action.owner,
            "due_on": action.due_on,
            "status": action.status,
            "note": action.note,
            "version": action.version,
        }

    def action_values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("title", "owner", "due_on", "status", "note")}


class ShareForm(forms.Form):
    shared = forms.BooleanField(
        label="Share this plan with other London authorities",
        help_text=(
            "Their leads and contributors will see your targets and actions, so they can "
            "get in touch. The CDO office always sees your plan."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's <form> says where it posts
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.checkbox("shared"), Button("save_sharing", "Save"))

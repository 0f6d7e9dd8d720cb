"""The register upload's form: a CSV or Excel file, and when the register was last
changed as the page read it (posted back so a colleague's change is never overwritten
unseen). Valid only when *every* row of the file is: ``parsed.rows`` then holds the
systems, else ``parsed.problems`` lists each problem with its line and column."""

from __future__ import annotations

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize

from estate.upload import MAX_BYTES, MAX_ROWS, ParsedRegister, parse_register


def changed_token(register) -> str:
    """What the form posts back: the register's ``changed_at`` ("" if not started)."""
    return register.changed_at.isoformat() if register is not None else ""


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Register file (CSV or Excel)",
        help_text=(
            f"A header row naming the columns, then one row per system: up to {MAX_ROWS:,} "
            f"systems, a CSV file saved as UTF-8 or an .xlsx workbook, up to "
            f"{MAX_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={"required": "Choose a CSV or Excel file to upload"},
    )
    changed_at = forms.CharField(widget=forms.HiddenInput, required=False)

    parsed: ParsedRegister | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("file"), "changed_at")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.parsed = parse_register(upload.read(MAX_BYTES + 1), upload.name or "")
        if self.parsed.problems:
            count = len(self.parsed.problems)
            raise ValidationError(
                f"The file has {count} problem{pluralize(count)}: nothing was changed. "
                "Correct the file and upload it again."
            )
        return upload

    def clean_changed_at(self) -> datetime.datetime | None:
        text = self.cleaned_data["changed_at"]
        if not text:
            return None
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError as error:
            raise ValidationError("The form is out of date: open the page again") from error


class RegisterConfirmForm(forms.Form):
    """The confirmation step: the checked rows as CSV text (``estate.download.checked_rows``)
    and the register's ``changed_at`` as the upload page read it, both posted back and
    checked again (a row that fails now was tampered with: the view answers 400)."""

    rows = forms.CharField(widget=forms.HiddenInput, strip=False)
    changed_at = forms.CharField(widget=forms.HiddenInput, required=False)

    parsed: ParsedRegister | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("rows", "changed_at")

    def clean_rows(self) -> str:
        text = self.cleaned_data["rows"]
        self.parsed = parse_register(text.encode("utf-8"), "confirmed.csv")
        if self.parsed.problems:
            raise ValidationError("The confirmed rows are not valid")
        return text

    clean_changed_at = RegisterUploadForm.clean_changed_at

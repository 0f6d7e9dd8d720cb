"""Forms of the boroughs app: the admin's bulk-accounts upload."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts.bulk_import import ParsedAccounts, parse_accounts_csv

MAX_UPLOAD = 1024 * 1024  # bytes: a thousand accounts is well under 100 KB


class BulkAccountsForm(forms.Form):
    """A CSV file of accounts. Valid only when *every* row is: ``parsed.problems``
    then lists nothing, and ``parsed.rows`` holds the accounts to create."""

    file = forms.FileField(
        label="Accounts file (CSV)",
        help_text=(
            "A header row with the columns email, name, gss_code and role (contributor or "
            "lead), then one row per person. UTF-8, up to 1 MB."
        ),
        error_messages={"required": "Choose a CSV file to upload"},
    )

    parsed: ParsedAccounts | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError("The file must be smaller than 1 MB")
        self.parsed = parse_accounts_csv(upload.read())
        if self.parsed.problems:
            count = len(self.parsed.problems)
            raise ValidationError(
                f"The file has {count} problem{'s' if count != 1 else ''}: no accounts were "
                "created. Correct the file and upload it again."
            )
        return upload

"""Forms for people: signing in, passwords, and the admin's bulk-accounts upload.

Every form a person fills in is laid out by crispy-forms with the GOV.UK template pack
(``govuk_helper``), like the rest of the service; a password field is the GOV.UK password
input with its show/hide button (``password``).
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout
from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize

from accounts.bulk_import import ParsedAccounts, parse_accounts_csv
from accounts.oidc.selectors import linked_provider

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
                f"The file has {count} problem{pluralize(count)}: no accounts were "
                "created. Correct the file and upload it again."
            )
        return upload


# --- Laying out a form the GOV.UK way ---------------------------------------------------

SHOW_HIDE_INPUT_TEMPLATE = "accounts/fields/password.html"
CHOOSING_ADVICE = (
    "Use at least 12 characters. Do not use a common password, only numbers, or one like "
    "your name or username."
)


def govuk_helper(*layout) -> FormHelper:
    """A crispy-forms helper for a form whose <form> tag and CSRF token the page writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def text(name: str, *, spellcheck: bool = False, **attributes) -> Field:
    """A GOV.UK text input, two thirds wide (usernames, emails and codes are not prose)."""
    if not spellcheck:
        attributes |= {"spellcheck": "false", "autocapitalize": "none"}
    return Field.text(name, field_width=Fluid.TWO_THIRDS, **attributes)


def password(name: str) -> Field:
    """A GOV.UK password input with its show/hide button."""
    return Field(name, template=SHOW_HIDE_INPUT_TEMPLATE)


# --- Signing in and passwords -------------------------------------------------------------


class SignInForm(AuthenticationForm):
    """The sign-in form with GOV.UK error messages.

    The wrong-credentials message never says which of the two was wrong, so it
    cannot be used to find out whether a username exists.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Contact the London CDO office.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # GOV.UK: never move focus on load (screen reader users lose the page's context).
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.helper = govuk_helper(text("username"), password("password"))

    def confirm_login_allowed(self, user):
        """An account linked to its organisation's provider signs in there only, so someone
        who has left (disabled by their organisation) cannot fall back on a password.
        Checked after the password, so it tells nothing to someone who lacks it."""
        super().confirm_login_allowed(user)
        provider = linked_provider(user)
        if provider is not None:
            raise ValidationError(
                f"Your account signs in through {provider.name}: use “Sign in with your "
                "organisation's account”",
                code="organisation_account",
            )

    def clean_username(self):
        # AuthenticationForm sets the field's max_length only after the field is built, so
        # Django never checks it: an over-long username would reach the lock-out records
        # (a limited column, a 500 on PostgreSQL). A longer one cannot exist, so stop here.
        username = self.cleaned_data["username"]
        limit = self.username_field.max_length
        if limit and len(username) > limit:
            raise ValidationError(f"Username must be {limit} characters or fewer")
        return username


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.error_messages["required"] = "Enter your email address"
        email.error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.gov.uk"
        )
        email.help_text = "Use the email address of your account"
        self.helper = govuk_helper(text("email", spellcheck=False))


class NewPasswordForm(SetPasswordForm):
    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": "The passwords do not match. Enter the same password twice.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.fields["new_password1"].help_text = CHOOSING_ADVICE
        self.fields["new_password2"].help_text = ""
        self.helper = govuk_helper(*(password(name) for name in self.fields))


class ChangePasswordForm(NewPasswordForm, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        **NewPasswordForm.error_messages,
        "password_incorrect": "Your current password is wrong. Enter it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.helper = govuk_helper(*(password(name) for name in self.fields))

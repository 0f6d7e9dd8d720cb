"""Two-factor sign-in forms: a code from the app, a recovery code, the password again."""

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms
from django.core.exceptions import ValidationError

from accounts.forms import govuk_helper, password
from accounts.two_factor import services as tf


class CodeForm(forms.Form):
    """One code, laid out as the page's question: the label is the page's heading when
    ``heading`` is given (the verify pages), a plain label otherwise (set-up)."""

    numeric = False

    def __init__(self, *args, heading: str = "", hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = hint
        field.widget.attrs |= {"autocomplete": "one-time-code"}
        if self.numeric:
            field.widget.attrs["inputmode"] = "numeric"
        width = Fixed.TEN if self.numeric else Fixed.TWENTY
        options = {"field_width": width, "spellcheck": "false", "autocapitalize": "none"}
        if heading:
            field.label = heading
            options |= {"label_size": Size.LARGE, "label_tag": "h1"}
        self.helper = govuk_helper(Field.text("code", **options))


class AppCodeForm(CodeForm):
    numeric = True
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = tf.normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError("The code must be 6 digits, like 123456")
        return code


class RecoveryCodeForm(CodeForm):
    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
    )

    def clean_code(self):
        code = tf.normalise_code(self.cleaned_data["code"])
        if not (code.isalnum() and len(code) <= 16):
            raise ValidationError("Enter a recovery code exactly as it was shown, like abcd 2345")
        return code


class RemoveForm(forms.Form):
    """The password, again: removing the second factor needs both factors of this session."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
        help_text="To check it is you, enter the password you sign in with.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(password("password"))

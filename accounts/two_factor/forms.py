"""Two-factor sign-in forms: a code from the app, a recovery code, the password again."""

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import pluralize

from accounts.forms import govuk_helper, password
from accounts.two_factor import services as tf

APP_HEADING = "Enter the code from your authenticator app"
APP_HINT = (
    "Open the authenticator app on your phone and enter the 6-digit code it shows for "
    "London Digital Maturity."
)
SET_UP_HINT = "The app shows a new 6-digit code every 30 seconds."
RECOVERY_HEADING = "Enter a recovery code"
RECOVERY_HINT = (
    "Use one of the 10 recovery codes you were given when you set up two-factor sign-in. "
    "Each code works once."
)


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


class SetUpCodeForm(AppCodeForm):
    """The first code from a new app: valid only if it is the pending key's code now
    (``cleaned_data["time_step"]`` is then the step it was for, so it cannot be reused)."""

    def __init__(self, *args, hex_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.hex_key = hex_key

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        code = cleaned.get("code")
        if code is not None:
            time_step = tf.matching_time_step(self.hex_key, code)
            if time_step is None:
                self.add_error(
                    "code",
                    "The code is not right. Check the app shows London Digital Maturity and "
                    "enter the code it shows now",
                )
            cleaned["time_step"] = time_step
        return cleaned


def code_form(data, *, recovery: bool) -> CodeForm:
    """The verify page's form: an app code, or a recovery code."""
    if recovery:
        return RecoveryCodeForm(data, heading=RECOVERY_HEADING, hint=RECOVERY_HINT)
    return AppCodeForm(data, heading=APP_HEADING, hint=APP_HINT)


def refusal(result: tf.VerifyResult, *, recovery: bool) -> str:
    """Why a code was refused, in words: throttled (how long to wait), or wrong."""
    wait = result.wait_seconds
    if wait:
        return f"Too many wrong codes. Wait {wait} second{pluralize(wait)}, then try again"
    if recovery:
        return "That recovery code is not right, or has been used already"
    return "The code is not right or has expired. Enter the code the app shows now"


def recovery_code_note(device) -> str:
    left = device.token_set.count()
    return (
        f"You used a recovery code. You have {left} left: each works once. If you have "
        "lost your authenticator app, remove two-factor sign-in and set it up again."
    )

"""Sign in, sign out and password reset: Django's auth views with GOV.UK wording.

The paths are those of ``django.contrib.auth.urls``, listed here (not included) so
each view can be given its options without two patterns sharing a name.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.urls import path

from accounts.two_factor import views as two_factor_views


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


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only), then show the sign-in page with a confirmation banner."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # Stored in the messages cookie, which survives the session being flushed.
        messages.success(request, "You have signed out.")
        return response


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", SignOutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ResetRequestForm),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    # Two-factor sign-in (accounts.two_factor.middleware). Before the code is entered,
    # TwoFactorMiddleware opens only the names in OPEN_BEFORE_THE_CODE, not this prefix.
    path("two-factor/", two_factor_views.account, name="two_factor"),
    path("two-factor/set-up/", two_factor_views.set_up, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path(
        "two-factor/verify/recovery-code/",
        two_factor_views.verify_recovery,
        name="two_factor_recovery",
    ),
    path("two-factor/remove/", two_factor_views.remove, name="two_factor_remove"),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

"""Sign in, sign out and password reset: Django's auth views with GOV.UK wording.

The paths are those of ``django.contrib.auth.urls``, listed here (not included) so
each view can be given its options without two patterns sharing a name.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm, SignInForm
from accounts.two_factor import views as two_factor_views


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

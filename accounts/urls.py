"""Sign in (with a password or through an organisation's provider), sign out and password
reset: Django's auth views with GOV.UK wording, and requests for access.

The paths are those of ``django.contrib.auth.urls``, listed here (not included) so
each view can be given its options without two patterns sharing a name.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm
from accounts.oidc import views as oidc_views
from accounts.two_factor import views as two_factor_views
from accounts.views import SignInView, SignOutView

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    # Signing in through an organisation's OpenID Connect provider (accounts.oidc).
    path("organisation/", oidc_views.organisation_sign_in, name="oidc_sign_in"),
    path("oidc/<slug:provider_id>/start/", oidc_views.start, name="oidc_start"),
    path("oidc/<slug:provider_id>/callback/", oidc_views.callback, name="oidc_callback"),
    path("requests/", oidc_views.account_requests, name="oidc_requests"),
    path("requests/<int:pk>/", oidc_views.account_request_decide, name="oidc_request_decide"),
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

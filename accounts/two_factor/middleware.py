"""Two-factor sign-in: who must enter a code (or set up an app) before anything else.

After a password sign-in, a person with a confirmed authenticator app must enter a code
from it (or a recovery code); a person whose role is in ``TWO_FACTOR_REQUIRED_ROLES``
and has no app must set one up. Until then ``TwoFactorMiddleware`` sends every request
to that page, except the few pages ``OPEN_BEFORE_THE_CODE`` lists for what the session
must do (and static files). Everything else, including the two-factor account page and
removing or setting up an app when one exists, needs a session that has entered a code:
a password alone must never be enough to change the second factor.

What a session must do is decided once, at sign-in, and kept in the session, so pages
cost no extra queries for people who have nothing to do. It is recomputed for sessions
that lack it, and updated by the two-factor views when the person sets up or removes
their app.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.two_factor.services import STATE_OFF, STATE_SET_UP, STATE_VERIFY, two_factor_state_of

STATE_SESSION_KEY = "ldm_two_factor"

# The only URL names a signed-in session that has not entered a code may reach, by what it
# must do. Named one by one, never a path prefix, so a new page is closed until listed.
ALWAYS_OPEN = frozenset({"logout", "health", "keep-alive"})
OPEN_BEFORE_THE_CODE = {
    # Has an app: enter a code from it, or a recovery code.
    STATE_VERIFY: ALWAYS_OPEN | {"two_factor_verify", "two_factor_recovery"},
    # Must use an app and has none yet: set one up, then see the recovery codes once.
    STATE_SET_UP: ALWAYS_OPEN | {"two_factor_setup", "two_factor_recovery_codes"},
}


def set_state(request, state: str) -> None:
    request.session[STATE_SESSION_KEY] = state


def record_state_at_sign_in(sender, request, user, **kwargs) -> None:
    """At every sign-in: decide what the new session must do, and forget any earlier
    verification, so a password alone never carries a verified session."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    set_state(request, two_factor_state_of(user))


def connect() -> None:
    """Connect the sign-in receiver. Safe to call more than once."""
    user_logged_in.connect(record_state_at_sign_in, dispatch_uid="ldm-two-factor-state")


def is_open_before_the_code(request, state: str) -> bool:
    """Whether a session that must ``state`` (verify or set up) may reach this request's
    page before entering a code. Unknown paths are not open."""
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.view_name in OPEN_BEFORE_THE_CODE.get(state, ALWAYS_OPEN)


class TwoFactorMiddleware:
    """Sends a signed-in, unverified person who must verify or set up two-factor sign-in
    to that page first. Install after ``django_otp.middleware.OTPMiddleware`` and
    ``SessionTimeoutMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = request.session.get(STATE_SESSION_KEY)
            if state is None:
                state = two_factor_state_of(user)
                set_state(request, state)
            if (
                state != STATE_OFF
                and not user.is_verified()
                and not is_open_before_the_code(request, state)
            ):
                return self._send_to(request, state)
        return self.get_response(request)

    @staticmethod
    def _send_to(request, state: str):
        name = "two_factor_verify" if state == STATE_VERIFY else "two_factor_setup"
        url = reverse(name)
        # Only a page can be returned to after the code; a form post is not replayed.
        if request.method == "GET" and request.path != reverse("home"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


__all__ = [
    "OPEN_BEFORE_THE_CODE",
    "STATE_OFF",
    "STATE_SET_UP",
    "STATE_VERIFY",
    "TwoFactorMiddleware",
    "set_state",
]

"""Idle and absolute session limits, and the keep-alive that the timeout warning calls.

A session ends after ``SESSION_IDLE_TIMEOUT`` seconds without a request, or
``SESSION_ABSOLUTE_LIFETIME`` seconds after sign-in, whichever comes first.
Answers are saved on every page, so an ended session loses nothing.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

SIGNED_IN_AT = "ldm_signed_in_at"
LAST_SEEN = "ldm_last_seen"
# Writing the session on every request would cost a database write each time;
# once a minute is precise enough for a 30-minute idle limit.
TOUCH_INTERVAL = 60


class SessionTimeoutMiddleware:
    """Signs out idle or too-old sessions, and records activity for the idle clock."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            signed_in_at = request.session.setdefault(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            idle_for = now - last_seen
            if (
                idle_for > settings.SESSION_IDLE_TIMEOUT
                or now - signed_in_at > settings.SESSION_ABSOLUTE_LIFETIME
            ):
                logout(request)
                messages.info(
                    request,
                    "You were signed out to protect your account. Your saved answers are safe: "
                    "sign in again to carry on.",
                )
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            if idle_for >= TOUCH_INTERVAL or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def seconds_left(session, now: int) -> int:
    """Seconds until the server ends this session if nothing happens: the idle limit
    counted from the last recorded activity, or the absolute lifetime, if sooner.

    The warning counts down from this, not from the page load, since the recorded
    activity may be up to ``TOUCH_INTERVAL`` older than the page.
    """
    idle = settings.SESSION_IDLE_TIMEOUT - (now - session.get(LAST_SEEN, now))
    absolute = settings.SESSION_ABSOLUTE_LIFETIME - (now - session.get(SIGNED_IN_AT, now))
    return max(min(idle, absolute), 1)


def timeout_context(request) -> dict:
    """Template context for the warning script: seconds until sign-out, and warning lead time."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_idle_timeout": seconds_left(request.session, int(time.time())),
        "session_warning_before": settings.SESSION_WARNING_BEFORE,
    }


@require_POST
def keep_alive(request):
    """Called by "Stay signed in": counts as activity, so the idle clock restarts.

    Answers the seconds now left (the absolute lifetime still applies)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    now = int(time.time())
    request.session[LAST_SEEN] = now
    return JsonResponse({"signed_in": True, "idle_timeout": seconds_left(request.session, now)})

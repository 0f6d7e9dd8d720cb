"""The audit trail of signing in and out.

Receivers for Django's authentication signals, connected once from
``audit.apps.AuditConfig.ready``. Each records who, what, when and from where
through ``audit.services.audit_record``. A failed sign-in keeps the username
that was tried (it may not exist), never the password.
"""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import DatabaseError

logger = logging.getLogger("maturity.audit")

USERNAME_MAX = 150
# Given as ``purpose=`` to ``authenticate`` when a signed-in person re-enters their password
# to confirm a change (``accounts.two_factor.services.two_factor_remove_own``).
REAUTHENTICATION = "reauthentication"


def bounded_username(value) -> str:
    """A tried username as it may be stored: no NUL (PostgreSQL text cannot hold one) and no
    longer than a username can be (a longer one cannot exist, and the columns are limited)."""
    return str(value or "").replace("\x00", "")[:USERNAME_MAX]


def _record(**kwargs) -> None:
    # Imported here: this module is imported while apps load, before models are ready.
    from audit.services import audit_record

    audit_record(**kwargs)


def record_sign_in(sender, request, user, **kwargs) -> None:
    """Record a sign-in. One through an organisation's provider carries how it was made
    (``ldm_sign_in_detail``, set on the request by accounts.oidc.session before it signs in)."""
    _record(
        action="sign_in",
        actor=user,
        target=user.get_username(),
        request=request,
        detail=getattr(request, "ldm_sign_in_detail", None) or {"method": "password"},
    )


def record_sign_out(sender, request, user, **kwargs) -> None:
    # Django sends the signal even when nobody was signed in; there is nothing to record then.
    if user is None or not user.is_authenticated:
        return
    _record(action="sign_out", actor=user, target=user.get_username(), request=request)


def record_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """Record a refused sign-in. ``credentials`` has the password already masked by Django;
    only the username is kept, so not even the mask reaches the log.

    A password re-entered by a signed-in person to confirm a change is not a sign-in: the
    service that asked records that refusal itself (e.g. ``two_factor.remove_refused``).
    """
    if credentials.get("purpose") == REAUTHENTICATION:
        return
    username = bounded_username(credentials.get("username"))
    detail: dict[str, object] = {"username": username}
    if request is not None and getattr(request, "axes_locked_out", False):
        # Refused by django-axes because of earlier failures, whatever the password.
        detail["locked_out"] = True
    _record(action="sign_in_failed", target=username, request=request, detail=detail)


def record_access_refused(request, status: int) -> None:
    """Record a 403 or 404 answered to a signed-in person.

    Anonymous visitors are not recorded: crawlers and scanners would flood the log, and
    an anonymous request never reaches anything protected (it is sent to sign in).
    The error page must still be shown if the database cannot take the record.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    try:
        _record(
            action="access_refused",
            actor=user,
            target=request.path,
            request=request,
            detail={"path": request.path[:300], "method": request.method, "status": status},
        )
    except DatabaseError:
        logger.exception("could not record refused access to %s", request.path)


def connect() -> None:
    """Connect the receivers. Safe to call more than once."""
    user_logged_in.connect(record_sign_in, dispatch_uid="ldm-audit-sign-in")
    user_logged_out.connect(record_sign_out, dispatch_uid="ldm-audit-sign-out")
    user_login_failed.connect(record_sign_in_failed, dispatch_uid="ldm-audit-sign-in-failed")

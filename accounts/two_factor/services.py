"""Two-factor sign-in: reading and changing a person's authenticator app and recovery codes.

Devices are django-otp's: one confirmed ``TOTPDevice`` (the authenticator app) and one
``StaticDevice`` holding single-use recovery codes. Every write here is atomic and
recorded in the audit log; secrets and codes are never written to the log. When an app
is added or removed, the account's owner is emailed once the change has committed.
"""

from __future__ import annotations

import math
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from accounts.access import role_of
from accounts.emails import absolute_url, send_each
from audit.receivers import REAUTHENTICATION
from audit.services import audit_record

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# The current, previous and next 30-second codes are accepted, for clocks a little out.
TOLERANCE = 1

# What a signed-in person must do before anything else (see accounts.two_factor.middleware).
STATE_VERIFY = "verify"
STATE_SET_UP = "set_up"
STATE_OFF = "off"


# --- Reads ---------------------------------------------------------------------------


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, or None. One query."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_device(user) -> StaticDevice | None:
    """The person's recovery-code device, or None. One query."""
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def two_factor_required(user) -> bool:
    """Whether the person's role must use two-factor sign-in (``TWO_FACTOR_REQUIRED_ROLES``)."""
    if not settings.TWO_FACTOR_REQUIRED_ROLES:
        return False  # no query when no role requires it
    return str(role_of(user)) in {str(r) for r in settings.TWO_FACTOR_REQUIRED_ROLES}


def two_factor_state_of(user, *, mfa_by_provider: bool = False) -> str:
    """``verify`` if the person has a confirmed app; else ``set_up`` if their role requires
    one; else ``off``. At most three queries (role and device).

    ``off`` whatever the app or role when the person signed in through their
    organisation's provider and it asserted multi-factor authentication (``amr``/``acr``,
    accounts.oidc.claims.mfa_asserted): a second factor has already been checked."""
    if mfa_by_provider:
        return STATE_OFF
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return STATE_VERIFY
    return STATE_SET_UP if two_factor_required(user) else STATE_OFF


# --- Secrets and codes (pure) --------------------------------------------------------


def new_secret() -> str:
    """A new random 160-bit key, hex-encoded as django-otp stores it."""
    return random_hex(20)


def secret_base32(hex_key: str) -> str:
    """The key as the base32 text authenticator apps take (no padding: 20 bytes need none)."""
    return b32encode(unhexlify(hex_key)).decode("ascii")


def normalise_code(code: str) -> str:
    """Codes are accepted with spaces or hyphens, in any case."""
    return "".join(ch for ch in code if ch not in " -\t").lower()


def matching_time_step(hex_key: str, code: str) -> int | None:
    """The time step at which ``code`` is this key's code (now, give or take TOLERANCE), or None."""
    code = normalise_code(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(hex_key))
    totp.time = time.time()
    if totp.verify(int(code), tolerance=TOLERANCE):
        return totp.t()
    return None


# --- Writes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SetUpResult:
    device: TOTPDevice
    recovery_codes: list[str]


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def totp_device_create(*, user, hex_key: str, time_step: int, request=None) -> SetUpResult:
    """Give ``user`` a confirmed authenticator app with key ``hex_key`` and ten new recovery
    codes, replacing any earlier recovery codes.

    ``time_step`` is the step of the code the person just entered to prove the app works:
    that code (and earlier ones) can then not be used again to sign in.
    Raises ``ValidationError`` if the person already has a confirmed app (e.g. set up
    in another tab meanwhile): nothing is written then.
    """
    # Lock the account row, so two set-ups at once cannot both succeed.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError("Two-factor sign-in is already set up for this account.")
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user,
        name=DEVICE_NAME,
        key=hex_key,
        tolerance=TOLERANCE,
        confirmed=True,
        last_t=time_step,
    )
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = _new_recovery_codes(static)
    audit_record(
        action="two_factor.setup",
        actor=user,
        target=user.get_username(),
        request=request,
        detail={"recovery_codes": len(codes)},
    )
    _tell_owner_after_commit(user, added=True, actor=user)
    return SetUpResult(device=device, recovery_codes=codes)


@dataclass(frozen=True)
class VerifyResult:
    device: TOTPDevice | StaticDevice | None  # the device that accepted the code, or None
    wait_seconds: int = 0  # when refused because of earlier failures: seconds left to wait


def _seconds_until(moment) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds()))


@transaction.atomic
def two_factor_verify(*, user, code: str, recovery: bool = False, request=None) -> VerifyResult:
    """Check a code from the person's app (or, with ``recovery``, a recovery code, which is
    then used up).

    Wrong codes count towards django-otp's throttling of the device: after n failures in a
    row the next attempt is refused, unchecked, for 2^(n-1) seconds, even with the right
    code; ``wait_seconds`` then says how long is left. Every outcome is recorded in the
    audit log (never the code itself).
    """
    device = recovery_device(user) if recovery else confirmed_totp_device(user)
    method = "recovery_code" if recovery else "authenticator_app"
    if device is None:
        return VerifyResult(device=None)
    # Re-read with a row lock, so two tabs cannot spend one code twice.
    device = type(device).objects.select_for_update().get(pk=device.pk)
    allowed, throttle = device.verify_is_allowed()
    if allowed and device.verify_token(normalise_code(code)):
        detail = {"method": method}
        if recovery:
            detail["recovery_codes_left"] = device.token_set.count()
        audit_record(
            action="two_factor.recovery_code_used" if recovery else "two_factor.verified",
            actor=user,
            target=user.get_username(),
            request=request,
            detail=detail,
        )
        return VerifyResult(device=device)
    audit_record(
        action="two_factor.verify_failed",
        actor=user,
        target=user.get_username(),
        request=request,
        detail={"method": method, "throttled": not allowed},
    )
    wait = 0
    if not allowed and throttle and "locked_until" in throttle:
        wait = _seconds_until(throttle["locked_until"])
    return VerifyResult(device=None, wait_seconds=wait)


@transaction.atomic
def two_factor_remove(*, user, actor, request=None) -> int:
    """Remove the person's authenticator app and recovery codes. Returns how many devices
    were removed (0 if there were none, in which case nothing is recorded or sent).

    No check of who may do it: callers decide (a person removing their own app goes
    through ``two_factor_remove_own``). The owner is emailed once the removal commits.
    """
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    removed += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    if removed:
        audit_record(
            action="two_factor.removed",
            actor=actor,
            target=user.get_username(),
            request=request,
        )
        _tell_owner_after_commit(user, added=False, actor=actor)
    return removed


@dataclass(frozen=True)
class RemoveResult:
    refused: bool  # the password was wrong (or the lock-out was on): nothing removed
    locked_out: bool = False  # refused because of too many wrong passwords (django-axes)


@transaction.atomic
def two_factor_remove_own(*, user, password: str, request) -> RemoveResult:
    """Remove the signed-in person's own app and recovery codes, if ``password`` is theirs.

    Only for a session that has entered a code (``user.is_verified()``, set by django-otp's
    middleware), else ``PermissionDenied``: a password alone never removes the second
    factor. The password is checked through ``authenticate``, so a wrong one counts towards
    django-axes' lock-out of that username at that address as a wrong sign-in does; once
    locked out, even the right one is refused. A refusal changes nothing, is recorded as
    ``two_factor.remove_refused`` and tells nothing more than "refused".
    """
    if not (getattr(user, "is_verified", None) and user.is_verified()):
        raise PermissionDenied("Enter a code from your authenticator app first.")
    # ``purpose`` tells the sign-in audit this is no sign-in: the refusal is recorded here.
    checked = authenticate(
        request, username=user.get_username(), password=password, purpose=REAUTHENTICATION
    )
    if checked is None or checked.pk != user.pk:
        locked_out = bool(getattr(request, "axes_locked_out", False))
        audit_record(
            action="two_factor.remove_refused",
            actor=user,
            target=user.get_username(),
            request=request,
            detail={"reason": "locked_out" if locked_out else "wrong_password"},
        )
        return RemoveResult(refused=True, locked_out=locked_out)
    # Nothing left to remove (removed meanwhile elsewhere) is not a refusal.
    two_factor_remove(user=user, actor=user, request=request)
    return RemoveResult(refused=False)


# --- Telling the owner ------------------------------------------------------------------


def _tell_owner_after_commit(user, *, added: bool, actor) -> None:
    """Email the account's owner (if they have an address) that an app was added to or
    removed from their account, once the change commits: a rolled-back change sends
    nothing. A mail server failure is logged, never undoes the change."""
    address = user.email
    if not address:
        return
    context = {
        "service_name": settings.SERVICE_NAME,
        "username": user.get_username(),
        "when": timezone.localtime(),
        "by_someone_else": actor is not None and actor.pk != user.pk,
        "account_url": absolute_url(reverse("two_factor")),
        "reset_url": absolute_url(reverse("password_reset")),
    }
    template = "emails/two_factor_added.txt" if added else "emails/two_factor_removed.txt"
    subject = (
        "An authenticator app was added to your account"
        if added
        else "Two-factor sign-in was removed from your account"
    )
    body = render_to_string(template, context)
    transaction.on_commit(lambda: send_each(subject, body, [address]), robust=True)

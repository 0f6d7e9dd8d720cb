"""Two-factor sign-in pages: set up an authenticator app, enter a code, use a recovery
code, see new recovery codes once, and remove two-factor sign-in.

Views authorise, bind a form, call a service in ``accounts.two_factor.services`` and
respond; the decision of who is sent here is ``accounts.two_factor.middleware.TwoFactorMiddleware``.
"""

from dataclasses import dataclass

import qrcode
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.redirects import safe_next
from accounts.two_factor import services as tf
from accounts.two_factor.forms import (
    SET_UP_HINT,
    RemoveForm,
    SetUpCodeForm,
    code_form,
    recovery_code_note,
    refusal,
)
from accounts.two_factor.middleware import set_state

PENDING_KEY = "ldm_two_factor_pending_key"
NEW_CODES_KEY = "ldm_two_factor_new_codes"
NEXT_KEY = "ldm_two_factor_next"


# --- Helpers -------------------------------------------------------------------------


def _remember_next(request) -> None:
    target = safe_next(request, request.GET.get("next"))
    if target:
        request.session[NEXT_KEY] = target


def _continue_url(request, *, forget: bool = False) -> str:
    stored = request.session.pop(NEXT_KEY, None) if forget else request.session.get(NEXT_KEY)
    return safe_next(request, stored) or reverse("home")


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@dataclass(frozen=True)
class QrCode:
    """A QR code as the set-up page draws it (``_qr_code.html``): ``size`` modules a side,
    and one SVG path of its dark modules."""

    size: int
    path: str


def qr_code(data: str) -> QrCode:
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    path = "".join(
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return QrCode(size=len(matrix), path=path)


def _verified(request, device, success_message: str | None = None):
    # A new session key for the now stronger session, as at a password sign-in.
    request.session.cycle_key()
    otp_login(request, device)
    set_state(request, tf.STATE_VERIFY)
    if success_message:
        messages.success(request, success_message)
    return redirect(_continue_url(request, forget=True))


# --- Views ---------------------------------------------------------------------------


@login_required
@require_GET
def account(request):
    """The "Two-factor sign-in" account page: on or off, and how to change it."""
    device = tf.confirmed_totp_device(request.user)
    return render(
        request,
        "registration/two_factor/account.html",
        {
            "device": device,
            "codes_left": tf.recovery_codes_left(request.user) if device else 0,
            "required": tf.two_factor_required(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Show a new secret (QR code and text), and confirm it with a code from the app."""
    user = request.user
    if tf.confirmed_totp_device(user) is not None:
        if user.is_verified():
            return redirect("two_factor")
        # Set up meanwhile in another session: this one must now enter a code.
        set_state(request, tf.STATE_VERIFY)
        return redirect("two_factor_verify")
    if request.method == "GET":
        _remember_next(request)
    hex_key = request.session.setdefault(PENDING_KEY, tf.new_secret())
    form = SetUpCodeForm(request.POST or None, hex_key=hex_key, hint=SET_UP_HINT)
    if request.method == "POST" and form.is_valid():
        try:
            result = tf.totp_device_create(
                user=user,
                hex_key=hex_key,
                time_step=form.cleaned_data["time_step"],
                request=request,
            )
        except ValidationError:  # set up in another tab meanwhile
            return redirect("two_factor")
        return _set_up_done(request, result)
    context = {
        "form": form,
        "qr": qr_code(TOTPDevice(user=user, key=hex_key).config_url),
        "secret_grouped": _grouped(tf.secret_base32(hex_key)),
        "required": tf.two_factor_required(user),
    }
    return render(request, "registration/two_factor/set_up.html", context)


def _set_up_done(request, result):
    # A new session key for the now stronger session; the codes are shown once, next.
    del request.session[PENDING_KEY]
    request.session.cycle_key()
    request.session[NEW_CODES_KEY] = result.recovery_codes
    otp_login(request, result.device)
    set_state(request, tf.STATE_VERIFY)
    return redirect("two_factor_recovery_codes")


@login_required
@require_GET
def recovery_codes(request):
    """The new recovery codes, shown once: the session forgets them as they are shown."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        return redirect("two_factor")
    response = render(
        request,
        "registration/two_factor/recovery_codes.html",
        {
            "codes": [_grouped(code) for code in codes],
            "continue_url": _continue_url(request, forget=True),
        },
    )
    # The codes must not be kept by the browser's or any proxy's cache.
    response["Cache-Control"] = "no-store"
    return response


def _check_code(request, *, recovery: bool):
    user = request.user
    if user.is_verified():
        return redirect(_continue_url(request, forget=True))
    if tf.confirmed_totp_device(user) is None and tf.recovery_device(user) is None:
        # Nothing to enter a code for (removed meanwhile, e.g. by an admin): decide afresh
        # what this session must do, so the person is not sent back here.
        set_state(request, tf.two_factor_state_of(user))
        return redirect(_continue_url(request))
    if request.method == "GET":
        _remember_next(request)
    form = code_form(request.POST or None, recovery=recovery)
    if request.method == "POST" and form.is_valid():
        result = tf.two_factor_verify(
            user=user, code=form.cleaned_data["code"], recovery=recovery, request=request
        )
        if result.device is not None:
            note = recovery_code_note(result.device) if recovery else None
            return _verified(request, result.device, note)
        form.add_error("code", refusal(result, recovery=recovery))
    return render(
        request, "registration/two_factor/verify.html", {"form": form, "recovery": recovery}
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Enter the code from your authenticator app."""
    return _check_code(request, recovery=False)


@login_required
@require_http_methods(["GET", "POST"])
def verify_recovery(request):
    """Enter a recovery code instead of an app code; the code is then used up."""
    return _check_code(request, recovery=True)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request):
    """Confirm with the password, then remove the authenticator app and the recovery codes.

    Only a session that has entered a code gets here (``TwoFactorMiddleware``); checked
    again, as the session's state may predate an app set up elsewhere.
    """
    user = request.user
    if tf.confirmed_totp_device(user) is None:
        return redirect("two_factor")
    if not user.is_verified():
        set_state(request, tf.STATE_VERIFY)
        return redirect("two_factor_verify")
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = tf.two_factor_remove_own(
            user=user, password=form.cleaned_data["password"], request=request
        )
        if not result.refused:
            return _removed(request)
        form.add_error("password", "Your password is wrong. Enter it again.")
    return render(
        request,
        "registration/two_factor/remove.html",
        {"form": form, "required": tf.two_factor_required(user)},
    )


def _removed(request):
    user = request.user
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    user.otp_device = None
    state = tf.STATE_SET_UP if tf.two_factor_required(user) else tf.STATE_OFF
    set_state(request, state)
    messages.success(request, "Two-factor sign-in has been removed from your account.")
    return redirect("two_factor_setup" if state == tf.STATE_SET_UP else "two_factor")

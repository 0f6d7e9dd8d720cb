"""Two-factor sign-in: required of the CDO office and admins, offered to everyone else."""

import re
import time
from base64 import b32decode
from binascii import unhexlify
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.services import two_factor_remove
from accounts.two_factor.views import PENDING_KEY, qr_code
from audit.models import AuditEvent
from surveys.demo import DEMO_TOTP_SECRET, ensure_accounts
from tests.factories import make_admin, make_cdo, make_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("required_for_cdo_office"),
]

PASSWORD = "correct-horse-battery-staple"
SET_UP = "/accounts/two-factor/set-up/"
VERIFY = "/accounts/two-factor/verify/"
RECOVERY = "/accounts/two-factor/verify/recovery-code/"
ACCOUNT = "/accounts/two-factor/"
REMOVE = "/accounts/two-factor/remove/"


@pytest.fixture
def required_for_cdo_office():
    with override_settings(TWO_FACTOR_REQUIRED_ROLES=["cdo", "admin"]):
        yield


def code_for(hex_key: str, *, steps_ahead: int = 0) -> str:
    """The authenticator app's code for this key, now (or ``steps_ahead`` 30-second steps on)."""
    totp = TOTP(unhexlify(hex_key))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code(hex_key: str) -> str:
    accepted = {code_for(hex_key, steps_ahead=s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


def give_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def give_recovery_codes(user, codes=("abcd2345", "efgh6723")) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def signed_in_with_password(username: str) -> Client:
    """Signed in through the sign-in form, as a person (or someone with their password) is:
    the session has not entered a code."""
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client


def location_path(response) -> str:
    return response["Location"].split("?")[0]


def audit_actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, action__startswith="two_factor.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def set_up_through_pages(client) -> tuple[str, list[str]]:
    """Set up two-factor sign-in as a person would; returns the key and the recovery codes."""
    page = client.get(SET_UP)
    assert page.status_code == 200
    hex_key = client.session[PENDING_KEY]
    response = client.post(SET_UP, {"code": code_for(hex_key)})
    assert location_path(response) == reverse("two_factor_recovery_codes")
    codes_page = client.get(reverse("two_factor_recovery_codes"))
    codes = re.findall(r"<code>([a-z2-7 ]+)</code>", codes_page.content.decode())
    return hex_key, codes


# --- Forced set-up --------------------------------------------------------------------


def test_cdo_without_an_app_is_sent_to_set_up_on_every_page(cdo):
    client = signed_in(cdo)
    for path in ("/review/", "/reports/", "/accounts/password_change/", "/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert location_path(response) == SET_UP, path
    assert client.get("/review/")["Location"] == f"{SET_UP}?next=%2Freview%2F"
    # A form post is sent to set-up too, and never reaches its view.
    assert location_path(client.post("/accounts/password_change/", {})) == SET_UP


def test_pages_needed_before_the_code_stay_open(cdo):
    client = signed_in(cdo)
    assert client.get("/health/").status_code == 200
    assert client.post(reverse("keep-alive")).status_code == 200
    assert client.get(SET_UP).status_code == 200
    # The account page is not needed to set up, so it waits like any other page.
    assert location_path(client.get(ACCOUNT)) == SET_UP
    response = client.post(reverse("logout"))
    assert location_path(response) == reverse("login")


def test_admin_without_an_app_is_sent_to_set_up(admin_user):
    response = signed_in(admin_user).get("/admin/")
    assert location_path(response) == SET_UP


def test_cdo_sets_up_an_app_and_then_reaches_review(cdo):
    client = signed_in(cdo)
    page = client.get(SET_UP + "?next=/review/")
    html = page.content.decode()
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    hex_key = client.session[PENDING_KEY]
    secret = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)
    assert not TOTPDevice.objects.filter(user=cdo).exists()  # nothing written by a GET

    wrong = client.post(SET_UP, {"code": wrong_code(hex_key)})
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.content.decode()
    assert "The code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=cdo).exists()
    assert location_path(client.get("/review/")) == SET_UP

    response = client.post(SET_UP, {"code": code_for(hex_key)})
    assert location_path(response) == reverse("two_factor_recovery_codes")
    device = TOTPDevice.objects.get(user=cdo)
    assert device.confirmed and device.key == hex_key
    assert audit_actions(cdo) == ["two_factor.setup"]

    codes_page = client.get(reverse("two_factor_recovery_codes"))
    assert codes_page["Cache-Control"] == "no-store"
    codes = re.findall(r"<code>([a-z2-7 ]+)</code>", codes_page.content.decode())
    assert len(codes) == 10 == StaticToken.objects.filter(device__user=cdo).count()
    assert 'href="/review/"' in codes_page.content.decode()
    # Shown once only.
    assert location_path(client.get(reverse("two_factor_recovery_codes"))) == reverse("two_factor")
    assert client.get("/review/").status_code == 200


def test_the_set_up_code_cannot_be_used_again_to_sign_in(cdo):
    hex_key, _ = set_up_through_pages(signed_in(cdo))
    same_code = code_for(hex_key)
    client = signed_in(cdo)
    assert client.post(VERIFY, {"code": same_code}).status_code == 200
    assert location_path(client.get("/review/")) == VERIFY


# --- Entering a code -------------------------------------------------------------------


def test_cdo_with_an_app_must_enter_a_valid_code(cdo):
    device = give_device(cdo)
    client = signed_in(cdo)
    response = client.get("/review/")
    assert location_path(response) == VERIFY
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter the code from your authenticator app" in page.content.decode()

    response = client.post(VERIFY, {"code": code_for(device.key)})
    assert response.status_code == 302
    assert response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200
    assert audit_actions(cdo) == ["two_factor.verified"]


def test_a_wrong_code_is_refused_with_an_error_and_recorded(cdo):
    device = give_device(cdo)
    client = signed_in(cdo)
    response = client.post(VERIFY, {"code": wrong_code(device.key)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_code"' in html
    assert "govuk-input--error" in html
    assert audit_actions(cdo) == ["two_factor.verify_failed"]
    assert location_path(client.get("/review/")) == VERIFY

    for bad in ("", "12345", "abcdef"):
        response = client.post(VERIFY, {"code": bad})
        assert "There is a problem" in response.content.decode(), bad


@override_settings(OTP_TOTP_THROTTLE_FACTOR=600)  # a wait no slow test run can outlast
def test_wrong_codes_are_throttled_even_before_the_right_one(cdo):
    device = give_device(cdo)
    client = signed_in(cdo)
    client.post(VERIFY, {"code": wrong_code(device.key)})
    # Straight after a failure, even the right code must wait.
    response = client.post(VERIFY, {"code": code_for(device.key)})
    assert "Too many wrong codes. Wait 600 seconds" in response.content.decode()
    assert location_path(client.get("/review/")) == VERIFY
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    event = AuditEvent.objects.filter(action="two_factor.verify_failed").order_by("pk").last()
    assert event.detail["throttled"] is True

    device.throttle_reset()
    response = client.post(VERIFY, {"code": code_for(device.key)})
    assert location_path(response) == "/"


def test_a_recovery_code_works_once(cdo):
    give_device(cdo)
    give_recovery_codes(cdo, ["abcd2345", "efgh6723"])
    client = signed_in(cdo)
    assert client.get(RECOVERY).status_code == 200
    response = client.post(RECOVERY, {"code": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get("/review/").status_code == 200
    assert audit_actions(cdo) == ["two_factor.recovery_code_used"]
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6723"]

    again = signed_in(cdo)
    response = again.post(RECOVERY, {"code": "abcd2345"})
    assert "has been used already" in response.content.decode()
    assert location_path(again.get("/review/")) == VERIFY


def test_a_password_sign_in_always_asks_for_the_code_again(cdo):
    device = give_device(cdo)
    client = Client()
    response = client.post("/accounts/login/", {"username": "cdo", "password": PASSWORD})
    assert location_path(client.get(response["Location"])) == VERIFY
    client.post(VERIFY, {"code": code_for(device.key)})
    assert client.get("/review/").status_code == 200

    other = Client()
    other.post("/accounts/login/", {"username": "cdo", "password": PASSWORD})
    assert location_path(other.get("/review/")) == VERIFY


def test_next_never_leaves_the_site(cdo):
    device = give_device(cdo)
    client = signed_in(cdo)
    client.get(VERIFY + "?next=https://evil.example/")
    response = client.post(VERIFY, {"code": code_for(device.key)})
    assert response["Location"] == "/"


# --- Offered to everyone ----------------------------------------------------------------


def test_a_borough_user_is_not_forced_but_can_opt_in_and_is_then_asked(lead):
    client = signed_in(lead)
    assert location_path(client.get("/")) == reverse("surveys:start")
    account = client.get(reverse("two_factor"))
    assert "Two-factor sign-in is <strong>off</strong>" in account.content.decode()

    hex_key, codes = set_up_through_pages(client)
    assert len(codes) == 10
    assert client.get(reverse("surveys:start")).status_code == 200

    later = signed_in(lead)
    assert location_path(later.get(reverse("surveys:start"))) == VERIFY
    later.post(VERIFY, {"code": code_for(hex_key, steps_ahead=1)})
    assert later.get(reverse("surveys:start")).status_code == 200


def test_a_contributor_without_an_app_is_never_sent_to_set_up():
    contributor = make_member("contributor", username="contributor-x")
    client = signed_in(contributor)
    assert client.get(reverse("surveys:start")).status_code == 200
    assert client.get(VERIFY).status_code == 302  # nothing to verify: sent on


# --- Removal ------------------------------------------------------------------------------


def test_a_borough_user_removes_two_factor_sign_in(lead):
    client = signed_in(lead)
    set_up_through_pages(client)
    assert client.get(reverse("two_factor_remove")).status_code == 200
    assert TOTPDevice.objects.filter(user=lead).exists()  # a GET removes nothing

    response = client.post(reverse("two_factor_remove"), {"password": PASSWORD})
    assert location_path(response) == reverse("two_factor")
    assert not TOTPDevice.objects.filter(user=lead).exists()
    assert not StaticDevice.objects.filter(user=lead).exists()
    assert audit_actions(lead) == ["two_factor.setup", "two_factor.removed"]
    assert location_path(signed_in(lead).get("/")) == reverse("surveys:start")


def test_a_cdo_who_removes_the_app_must_set_up_again(cdo):
    client = signed_in(cdo)
    set_up_through_pages(client)
    response = client.post(reverse("two_factor_remove"), {"password": PASSWORD})
    assert location_path(response) == SET_UP
    assert location_path(client.get("/review/")) == SET_UP


def test_state_changes_need_post_and_a_csrf_token(lead):
    give_device(lead)
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    session = client.session
    device = TOTPDevice.objects.get(user=lead)
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert client.get(reverse("two_factor_remove")).status_code == 200
    assert client.post(reverse("two_factor_remove"), {"password": PASSWORD}).status_code == 403
    assert client.post(VERIFY, {"code": code_for(device.key)}).status_code == 403
    assert TOTPDevice.objects.filter(user=lead).exists()
    assert client.put(reverse("two_factor_remove")).status_code in (403, 405)
    assert Client().get(reverse("two_factor")).status_code == 302  # anonymous: sign in


# --- A password alone never changes the second factor ------------------------------------


@pytest.mark.parametrize("make", [make_cdo, make_admin])
def test_a_password_alone_cannot_remove_or_replace_the_app(make):
    owner = make(username="owner")
    device = give_device(owner)
    give_recovery_codes(owner)
    client = signed_in_with_password("owner")

    # Removing: neither the page nor the form, even with the right password.
    assert location_path(client.get(REMOVE)) == VERIFY
    assert location_path(client.post(REMOVE, {"password": PASSWORD})) == VERIFY
    # Setting up another app, or seeing the account page.
    assert location_path(client.get(SET_UP)) == VERIFY
    assert location_path(client.post(SET_UP, {"code": "123456"})) == VERIFY
    assert PENDING_KEY not in client.session
    assert location_path(client.get(ACCOUNT)) == VERIFY
    # Nor anything the app protects.
    for path in ("/exports/", reverse("exports:summary"), "/admin/", "/admin/auth/user/"):
        assert location_path(client.get(path)) == VERIFY, path

    assert list(TOTPDevice.objects.filter(user=owner)) == [device]
    assert StaticToken.objects.filter(device__user=owner).count() == 2
    assert audit_actions(owner) == []
    assert mail.outbox == []


def test_an_app_set_up_after_a_password_sign_in_must_still_be_entered(lead):
    """A session whose state was decided before the person had an app (state off) still
    cannot remove the app without entering a code from it."""
    client = signed_in_with_password("lead-a")
    device = give_device(lead)  # e.g. set up meanwhile in another session
    assert location_path(client.post(REMOVE, {"password": PASSWORD})) == VERIFY
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_removal_needs_the_right_password_then_emails_the_owner(
    cdo, django_capture_on_commit_callbacks
):
    device = give_device(cdo)
    give_recovery_codes(cdo)
    client = signed_in_with_password("cdo")
    client.post(VERIFY, {"code": code_for(device.key)})
    page = client.get(REMOVE)
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()

    for wrong in ("", "not-my-password"):
        response = client.post(REMOVE, {"password": wrong})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and 'href="#id_password"' in html
    assert "Your password is wrong. Enter it again." in html
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert StaticDevice.objects.filter(user=cdo).exists()
    refused = AuditEvent.objects.get(action="two_factor.remove_refused")
    assert (refused.actor, refused.detail) == (cdo, {"reason": "wrong_password"})
    # Not recorded as a sign-in: the person was signed in.
    assert not AuditEvent.objects.filter(action="sign_in_failed").exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REMOVE, {"password": PASSWORD})
    assert location_path(response) == SET_UP
    assert not TOTPDevice.objects.filter(user=cdo).exists()
    assert not StaticDevice.objects.filter(user=cdo).exists()
    assert audit_actions(cdo)[-1] == "two_factor.removed"
    (message,) = mail.outbox
    assert message.to == [cdo.email]
    assert message.subject == "Two-factor sign-in was removed from your account"
    assert "was removed from your London Digital Maturity account (cdo)" in message.body
    assert "contact the London CDO office" in message.body
    assert "by an administrator" not in message.body
    # Replacing the app: the session, no longer verified, may now only set one up.
    assert location_path(client.get("/review/")) == SET_UP
    assert client.get(SET_UP).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_wrong_passwords_on_the_removal_form_lock_it_like_sign_in(lead):
    device = give_device(lead)
    client = signed_in_with_password("lead-a")
    client.post(VERIFY, {"code": code_for(device.key)})
    statuses = [client.post(REMOVE, {"password": "guess"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    # Locked: even the right password is refused, and nothing is removed.
    assert client.post(REMOVE, {"password": PASSWORD}).status_code == 429
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    reasons = list(
        AuditEvent.objects.filter(action="two_factor.remove_refused")
        .order_by("pk")
        .values_list("detail__reason", flat=True)
    )
    assert reasons == ["wrong_password", "wrong_password", "locked_out", "locked_out"]
    # The session itself stays signed in and verified.
    assert client.get(ACCOUNT).status_code == 200


def test_setting_up_an_app_emails_the_owner(lead, django_capture_on_commit_callbacks):
    client = signed_in(lead)
    with django_capture_on_commit_callbacks(execute=True):
        set_up_through_pages(client)
    (message,) = mail.outbox
    assert message.to == [lead.email]
    assert message.subject == "An authenticator app was added to your account"
    assert "added to your London Digital Maturity account (lead-a)" in message.body
    assert "Contact the London CDO office" in message.body
    assert "/accounts/password_reset/" in message.body


def test_nothing_is_emailed_when_the_removal_is_rolled_back(
    lead, django_capture_on_commit_callbacks
):
    give_device(lead)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        two_factor_remove(user=lead, actor=lead)
        raise RuntimeError("rolled back")
    assert mail.outbox == []
    assert TOTPDevice.objects.filter(user=lead).exists()


def test_an_owner_without_an_email_address_is_not_emailed(cdo, django_capture_on_commit_callbacks):
    cdo.email = ""
    cdo.save()
    with django_capture_on_commit_callbacks(execute=True):
        set_up_through_pages(signed_in(cdo))
    assert mail.outbox == []


def test_a_verified_session_still_reaches_everything(admin_user):
    device = give_device(admin_user)
    client = signed_in_with_password("admin")
    client.post(VERIFY, {"code": code_for(device.key)})
    for path in (ACCOUNT, REMOVE, "/exports/", "/admin/", "/admin/auth/user/", "/review/"):
        assert client.get(path).status_code == 200, path
    # With an app already, set-up sends back to the account page.
    assert location_path(client.get(SET_UP)) == ACCOUNT


# --- Parts ------------------------------------------------------------------------------------


def test_the_qr_code_is_plain_svg_without_style_or_script():
    svg = render_to_string(
        "registration/two_factor/_qr_code.html",
        {"qr": qr_code("otpauth://totp/LDM:cdo?secret=ABCDEFGH")},
    )
    svg = svg[svg.index("<svg") :].strip()
    assert svg.endswith("</svg>")
    assert "style" not in svg and "<script" not in svg
    assert 'role="img"' in svg and "<title" in svg
    assert 'd="M4 4h1v1h-1z' in svg  # the first dark module, inside the quiet zone


@override_settings(DEBUG=True)
def test_demo_otp_code_prints_the_current_code(cdo):
    device = give_device(cdo)
    out = StringIO()
    call_command("demo_otp_code", "cdo", stdout=out)
    assert out.getvalue().strip() in {code_for(device.key, steps_ahead=s) for s in (0, 1)}
    with pytest.raises(CommandError):
        call_command("demo_otp_code", "nobody", stdout=StringIO())


@override_settings(DEBUG=False)
def test_demo_otp_code_refuses_when_debug_is_off(cdo):
    give_device(cdo)
    with pytest.raises(CommandError, match="development only"):
        call_command("demo_otp_code", "cdo", stdout=StringIO())


# --- Sessions that change under the person ---------------------------------------------


def test_an_app_removed_elsewhere_does_not_trap_the_session(cdo, lead):
    give_device(lead)
    client = signed_in(lead)
    assert location_path(client.get("/")) == VERIFY
    TOTPDevice.objects.filter(user=lead).delete()  # e.g. by an admin
    response = client.get(VERIFY)
    assert location_path(response) == "/"
    assert location_path(client.get("/")) == reverse("surveys:start")


def test_an_app_set_up_in_another_session_must_then_be_used_here(cdo):
    here = signed_in(cdo)
    assert location_path(here.get("/review/")) == SET_UP
    set_up_through_pages(signed_in(cdo))
    assert location_path(here.get(SET_UP)) == VERIFY
    assert location_path(here.get("/review/")) == VERIFY


def test_the_session_key_changes_when_the_code_is_accepted(cdo):
    device = give_device(cdo)
    client = signed_in(cdo)
    before = client.session.session_key
    client.post(VERIFY, {"code": code_for(device.key)})
    assert client.session.session_key != before
    assert client.get("/review/").status_code == 200


@override_settings(TWO_FACTOR_REQUIRED_ROLES=[])
def test_pages_of_people_with_nothing_to_do_cost_no_two_factor_queries(lead):
    client = signed_in(lead)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("surveys:start")).status_code == 200
    assert not [q for q in queries if "otp_" in q["sql"]]


@override_settings(DEBUG=True)
def test_demo_cdo_and_admin_sign_in_with_the_documented_secret_and_command():
    ensure_accounts("demo-password-for-tests")
    ensure_accounts("demo-password-for-tests")  # idempotent: still one app each
    demo_key = b32decode(DEMO_TOTP_SECRET).hex()
    for username in ("cdo", "admin"):
        assert list(
            TOTPDevice.objects.filter(user__username=username).values_list("key", flat=True)
        ) == [demo_key]
    assert not TOTPDevice.objects.filter(user__username="lead-camden").exists()

    out = StringIO()
    call_command("demo_otp_code", "cdo", stdout=out)
    client = Client()
    client.post("/accounts/login/", {"username": "cdo", "password": "demo-password-for-tests"})
    response = client.post(VERIFY, {"code": out.getvalue().strip()})
    assert response.status_code == 302
    assert client.get("/review/").status_code == 200

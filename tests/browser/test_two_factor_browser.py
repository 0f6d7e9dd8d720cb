"""Two-factor sign-in in a real browser: a CDO sets up an authenticator app, then signs in
with a code. Every two-factor page is checked with axe-core."""

import re
import time
from base64 import b32decode

import pytest
from django.test import override_settings
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def required_for_cdo_office():
    with override_settings(TWO_FACTOR_REQUIRED_ROLES=["cdo", "admin"]):
        yield


def app_code(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app given ``secret`` (base32, spaces allowed) shows now."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_cdo_sets_up_two_factor_sign_in_then_signs_in_with_a_code(
    page, live_server, sign_in, assert_accessible, required_for_cdo_office
):
    factories.make_cdo(username="cdo")
    sign_in(page, live_server, "cdo")

    # Straight to set-up, before anything else.
    expect(page).to_have_url(f"{live_server.url}/accounts/two-factor/set-up/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/reports/")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/set-up/\?next=%2Freports%2F$"))

    secret = page.locator("#two-factor-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)

    code_input = page.get_by_label("Code from your authenticator app")
    code_input.fill("12345")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page).to_have_title(re.compile(r"^Error: Set up two-factor sign-in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code must be 6 digits")
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    # Back to the page asked for before set-up.
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(page).to_have_url(f"{live_server.url}/reports/")

    # The account page, and the removal confirmation, which asks for the password again
    # (a wrong one here: nothing is removed).
    page.goto(f"{live_server.url}/accounts/two-factor/")
    expect(page.get_by_text("Recovery codes left")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Are you sure")
    assert_accessible(page)
    page.get_by_label("Your password").fill("not-the-password")
    page.get_by_role("button", name="Remove two-factor sign-in").click()
    expect(page).to_have_title(re.compile(r"^Error: Remove two-factor sign-in"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your password is wrong")
    assert_accessible(page)

    # Sign out, sign in again: the code is asked for before anything else.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server, "cdo")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)

    page.get_by_text("I cannot use my authenticator app").click()
    page.get_by_role("link", name="sign in with a recovery code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a recovery code")
    assert_accessible(page)
    page.get_by_role("link", name="Use your authenticator app instead").click()

    # The set-up code was spent: the app's next code is the one to use.
    page.get_by_label("Enter the code from your authenticator app").fill(
        app_code(secret, steps_ahead=1)
    )
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/review/")

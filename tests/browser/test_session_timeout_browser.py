"""The idle-timeout warning in a real browser (WCAG 2.2.1 Timing adjustable).

With a 6-second idle limit and a 4-second warning: the dialog opens, takes focus, is
accessible, and "Stay signed in" keeps the session past the original limit; left
alone, the page signs the person out and says their answers are safe.
"""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def short_sessions(settings):
    settings.SESSION_IDLE_TIMEOUT = 6
    settings.SESSION_WARNING_BEFORE = 4


def wait_for_the_warning(page, live_server, sign_in, username: str):
    """Sign a new lead in, open the task list and wait for the warning dialog."""
    factories.RoundFactory()
    factories.make_member("lead", username=username)
    sign_in(page, live_server, username)
    page.goto(f"{live_server.url}/assessments/")
    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    expect(dialog).to_be_visible(timeout=8000)
    return dialog


def test_the_warning_lets_a_person_stay_signed_in_or_signs_them_out(
    page, live_server, sign_in, assert_accessible, transactional_db, short_sessions
):
    dialog = wait_for_the_warning(page, live_server, sign_in, "lead-timeout")
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible(page)

    stay.click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(4000)  # past the first limit of 6 s from the page load
    page.goto(f"{live_server.url}/assessments/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
    assert "/accounts/login/" not in page.url

    # Left alone, the page goes to sign-in when the limit is reached.
    page.wait_for_url("**/accounts/login/**", timeout=12000)
    expect(page.locator("main")).to_contain_text("Your saved answers are safe")


def test_sign_out_in_the_warning_signs_out(
    page, live_server, sign_in, transactional_db, short_sessions
):
    dialog = wait_for_the_warning(page, live_server, sign_in, "lead-leaving")
    dialog.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(f"{live_server.url}/assessments/")
    assert "/accounts/login/" in page.url

"""Signing in and out in a real browser, checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible(page, live_server, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Username")).to_have_attribute("autocomplete", "username")
    expect(page.get_by_label("Password", exact=True)).to_have_attribute(
        "autocomplete", "current-password"
    )
    assert_accessible(page)


def test_wrong_password_shows_an_accessible_error_summary(
    page, live_server, sign_in, assert_accessible
):
    factories.make_member("lead", username="lead-a")
    sign_in(page, live_server, "lead-a", "not-the-password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link", name=re.compile("Enter a correct username and password"))
    expect(link).to_have_attribute("href", "#id_username")
    # The username typed is kept, the password is not.
    expect(page.get_by_label("Username")).to_have_value("lead-a")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert_accessible(page)
    link.click()
    expect(page.get_by_label("Username")).to_be_focused()


@pytest.mark.parametrize(
    ("make_user", "landing"),
    [
        (lambda: factories.make_member("contributor", username="someone"), "/assessments/"),
        (lambda: factories.make_member("lead", username="someone"), "/assessments/"),
        (lambda: factories.make_cdo(username="someone"), "/review/"),
        (lambda: factories.make_admin(username="someone"), "/review/"),
    ],
    ids=["contributor", "lead", "cdo", "admin"],
)
def test_sign_in_lands_where_the_role_starts(page, live_server, sign_in, make_user, landing):
    make_user()
    sign_in(page, live_server, "someone")
    expect(page).to_have_url(f"{live_server.url}{landing}")


def test_sign_out_confirms_and_ends_the_session(page, live_server, sign_in, assert_accessible):
    user = factories.make_cdo(username="cdo")
    sign_in(page, live_server, "cdo")
    page.goto(f"{live_server.url}/accounts/password_change/")
    expect(page.get_by_text(f"Signed in as {user.get_full_name()}")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_accessible(page)
    # The session is over: a page for signed-in people asks to sign in again.
    page.goto(f"{live_server.url}/accounts/password_change/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_two_people_signed_in_at_once_stay_apart(new_context, live_server, sign_in):
    camden = factories.make_member("lead", "E09000007", username="lead-a")
    hackney = factories.make_member("lead", "E09000012", username="lead-b")
    first = new_context().new_page()
    second = new_context().new_page()
    sign_in(first, live_server, "lead-a")
    sign_in(second, live_server, "lead-b")
    for page, user in ((first, camden), (second, hackney)):
        page.goto(f"{live_server.url}/accounts/password_change/")
        expect(page.get_by_text(f"Signed in as {user.get_full_name()}")).to_be_visible()

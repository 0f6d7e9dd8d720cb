"""Signing in through an organisation's provider in Chromium, against a real provider
(node oidc-provider, tests/identity_provider.py): the journey to the task list, a
refusal, a request for access and its approval, and signing out of both; axe on each of
the service's pages."""

from copy import deepcopy

import pytest
from csp.constants import SELF
from playwright.sync_api import expect

from accounts.models import PendingAccount
from maturity.settings.identity_providers import form_action_origins
from surveys.journey.services.assessments import assessment_start
from surveys.models import Round
from tests import factories
from tests.accounts.oidc.support import PASSWORD, PEOPLE, client_config, provider_setting
from tests.identity_provider import start_identity_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def organisation(live_server, settings, transactional_db):
    """A provider that knows the people of tests/accounts/oidc/support.py, and the service
    configured for it (the CSP lets the sign-in form and sign-out go there)."""
    idp = start_identity_provider(clients=[client_config([live_server.url])], accounts=PEOPLE)
    settings.OIDC_PROVIDERS = [provider_setting(idp.issuer)]
    policy = deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [SELF, *form_action_origins(settings.OIDC_PROVIDERS)]
    settings.CONTENT_SECURITY_POLICY = policy
    settings.TWO_FACTOR_REQUIRED_ROLES = ["lead", "contributor"]
    yield idp
    idp.stop()


def sign_in_through_organisation(page, live_server, login: str, *, typed: str = ""):
    """Sign in as ``login`` at the provider, having typed ``typed`` (default: the same
    address) as the work address on the service's sign-in page."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Work email address").fill(typed or login)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Sign in to the test identity provider")
    page.get_by_label("Email address").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_lead_signs_in_through_their_organisation_and_reaches_the_task_list(
    page, live_server, organisation, assert_accessible
):
    questionnaire = factories.make_questionnaire(areas=2, questions_per_area=2)
    factories.RoundFactory(questionnaire=questionnaire, name="2026 assessment", slug="2026")
    lead = factories.make_member("lead", username="amina", email="amina.khan@camden.gov.uk")
    assessment_start(
        authority=lead.membership.authority, round=Round.objects.get(slug="2026"), actor=lead
    )
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "Sign in with your organisation's account"
    )
    assert_accessible(page)
    sign_in_through_organisation(page, live_server, "amina.khan@camden.gov.uk")
    # The provider asserted MFA: no code asked, straight to the task list.
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital maturity self-assessment")
    expect(page.locator(".govuk-task-list")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    # The provider asks to confirm ending its own session, then returns to the service.
    page.get_by_role("button", name="Yes, sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_unknown_domains_are_refused_with_a_reason(
    page, live_server, organisation, assert_accessible, console_errors
):
    console_errors.allow("status of 400")
    console_errors.allow("status of 403")
    # No provider serves the domain typed: the sign-in page says so.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Work email address").fill("dev.patel@example.org")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "There is no organisation sign-in for example.org"
    )
    assert_accessible(page)
    # The provider vouches for an address on a domain it is not configured for.
    sign_in_through_organisation(
        page, live_server, "dev.patel@example.org", typed="dev.patel@camden.gov.uk"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("You could not be signed in")
    expect(page.get_by_test_id("refusal")).to_contain_text(
        "Accounts at example.org cannot sign in through Test Borough Council"
    )
    assert_accessible(page)


def test_a_new_person_asks_for_access_and_the_lead_approves(
    page, new_context, live_server, organisation, assert_accessible, sign_in, settings
):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["contributor"]  # not the lead, who signs in by password
    factories.make_member("lead", username="camden-lead", email="lead@camden.gov.uk")
    sign_in_through_organisation(page, live_server, "ben.lee@camden.gov.uk")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your request for access has been sent"
    )
    assert_accessible(page)

    lead_page = new_context().new_page()
    sign_in(lead_page, live_server, "camden-lead")
    lead_page.get_by_role("link", name="Requests for access").click()
    expect(lead_page.get_by_test_id("request")).to_contain_text("ben.lee@camden.gov.uk")
    assert_accessible(lead_page)
    lead_page.get_by_label("Contributor: fills in answers, cannot submit").check()
    lead_page.get_by_role("button", name="Approve Ben Lee").click()
    expect(lead_page.get_by_text("Ben Lee can now sign in.")).to_be_visible()
    assert PendingAccount.objects.get().status == "approved"

    # The provider still has Ben's session, so it signs him straight back in (no form).
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Work email address").fill("ben.lee@camden.gov.uk")
    page.get_by_role("button", name="Continue").click()
    # A contributor must use two-factor sign-in here and the provider did not assert MFA.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")

"""The CDO office reviews a round in a real browser: axe-clean pages, return and approve."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Assessment, AssessmentEvent
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, assessment

pytestmark = pytest.mark.browser

Status = Assessment.Status


@pytest.fixture
def review_round(transactional_db):
    lead_a = factories.make_member("lead", CAMDEN, username="lead-a")
    lead_b = factories.make_member("lead", HACKNEY, username="lead-b")
    factories.make_cdo(username="cdo")
    round_ = factories.RoundFactory(name="Review round 2026", slug="review-2026")
    camden = assessment(round_, CAMDEN, by=lead_a, level=4)
    hackney = assessment(round_, HACKNEY, by=lead_b, level=2)
    for made, lead in ((camden, lead_a), (hackney, lead_b)):
        AssessmentEvent.objects.create(
            assessment=made, kind="submitted", at=made.submitted_at, actor=lead
        )
    return round_, camden, hackney


def test_cdo_office_returns_one_assessment_and_approves_another(
    page, live_server, sign_in, assert_accessible, review_round
):
    round_, camden, hackney = review_round
    sign_in(page, live_server, "cdo")
    # The landing page is a to-do list: both submissions wait for review, with links.
    expect(page.get_by_role("heading", level=1)).to_have_text("Round progress")
    todo = page.locator("#todo-review-2026")
    expect(todo).to_contain_text("2 submitted, waiting for your review")
    expect(todo.get_by_role("link", name="Camden", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Review round 2026", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review round 2026")
    expect(page.locator("tbody tr")).to_have_count(33)
    expect(page.locator(".ldm-tile-map li")).to_have_count(33)
    assert_accessible(page)

    # Sort by status, descending: the two submitted assessments come first.
    page.get_by_role("link", name=re.compile("^Status")).click()
    page.get_by_role("link", name=re.compile("^Status")).click()
    expect(page.get_by_role("columnheader", name=re.compile("^Status"))).to_have_attribute(
        "aria-sort", "descending"
    )
    # Filter to submitted ones, with the form (GET: the filters land in the address).
    page.get_by_label("Status", exact=True).select_option("submitted")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"status=submitted"))
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)

    # Camden's tile on the map opens its assessment.
    page.get_by_role("link", name="Camden: Submitted").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden")
    expect(page.get_by_text("Evidence for a1-q1")).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    assert_accessible(page)

    # Return it: an empty comment is refused with an error summary first.
    page.get_by_role("button", name="Return with a comment").click()
    page.get_by_role("button", name="Return assessment").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the authority")
    assert_accessible(page)
    page.get_by_label("What needs to change?").fill("Please add evidence for your cloud plans.")
    page.get_by_role("button", name="Return assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Camden's assessment has been returned"
    )
    assert_accessible(page)

    # Approve Hackney's from the table: the decision follows the answers, and approving
    # (which freezes the scores) is confirmed on a page saying what it does.
    page.get_by_role("link", name="Hackney", exact=True).click()
    page.get_by_role("link", name="go to your decision").click()
    expect(page.get_by_role("heading", name="Your decision")).to_be_in_viewport()
    page.get_by_role("button", name="Approve assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve Hackney's assessment")
    expect(page.locator("main")).to_contain_text("its scores are frozen")
    assert_accessible(page)
    hackney.refresh_from_db()
    assert hackney.status == Status.SUBMITTED  # nothing changes until it is confirmed
    page.get_by_role("button", name="Approve assessment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Hackney's assessment has been approved"
    )
    camden.refresh_from_db()
    hackney.refresh_from_db()
    assert (camden.status, camden.return_comment) == (
        Status.RETURNED,
        "Please add evidence for your cloud plans.",
    )
    assert hackney.status == Status.APPROVED
    assert hackney.snapshot is not None

    # A returned assessment offers no review actions, and shows the comment sent.
    page.goto(f"{live_server.url}/review/assessments/{camden.reference}/")
    expect(page.get_by_role("button", name="Approve assessment")).to_have_count(0)
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Please add evidence")
    expect(page.locator("#timeline + ol")).to_contain_text("Returned")
    assert_accessible(page)

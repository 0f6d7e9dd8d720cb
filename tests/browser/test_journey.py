"""The self-assessment journey in a real browser: two people, conflicts, axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from surveys.journey.services.assessments import assessment_start
from surveys.models import Answer, Assessment, Round
from tests import factories

pytestmark = pytest.mark.browser

QUESTION_1 = "Question 1 of area 1"  # maturity
QUESTION_2 = "Question 2 of area 1"  # yes/no
QUESTION_3 = "Question 1 of area 2"  # number
QUESTION_4 = "Question 2 of area 2"  # free text


@pytest.fixture
def people(transactional_db):
    questionnaire = factories.make_questionnaire(
        areas=2, questions_per_area=2, kinds=("maturity", "yes_no", "number", "text")
    )
    questionnaire.questions.filter(kind="number").update(unit="servers")
    factories.RoundFactory(questionnaire=questionnaire, name="2026 assessment", slug="2026")
    return {
        "lead": factories.make_member("lead", username="lead-a"),
        "contributor": factories.make_member("contributor", username="contributor-a"),
    }


@pytest.fixture
def started(people):
    """Camden's assessment in the round, as if someone had pressed "Start this assessment"."""
    lead = people["lead"]
    assessment_start(
        authority=lead.membership.authority, round=Round.objects.get(slug="2026"), actor=lead
    )
    return people


@pytest.fixture
def allow_error_statuses(console_errors):
    # Chromium logs a console error for every 4xx page, including deliberate ones.
    for status in (400, 409):
        console_errors.allow(f"status of {status}")


def task(page, name):
    return page.locator(".govuk-task-list__item", has=page.get_by_role("link", name=name))


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()


def test_contributor_starts_and_lead_finishes_and_submits(
    page, live_server, sign_in, assert_accessible, people, allow_error_statuses
):
    # A contributor answers part of two areas.
    sign_in(page, live_server, "contributor-a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digital maturity self-assessment")
    # Nobody has started it: the page says so and offers to (showing it wrote nothing).
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not started")
    expect(page.locator(".govuk-task-list")).to_have_count(0)
    assert_accessible(page)
    assert not Assessment.objects.exists()
    page.get_by_role("button", name="Start this assessment").click()
    expect(task(page, "Area 1")).to_contain_text("Not started")
    expect(task(page, "Area 1")).to_contain_text("0 of 2 questions answered")
    expect(page.get_by_role("link", name="Submit")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Area 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_1)
    assert_accessible(page)
    page.get_by_label("Learning").check()
    page.get_by_label("Evidence (optional)").fill("Our 2025 technology strategy")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_2)
    page.get_by_role("button", name="Save and continue").click()  # nothing chosen
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select yes or no")
    assert_accessible(page)
    summary.get_by_role("link", name="Select yes or no").click()
    expect(page.get_by_label("Yes", exact=True)).to_be_focused()
    page.get_by_role("button", name="Save and come back later").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer has been saved"
    )
    expect(task(page, "Area 1")).to_contain_text("In progress")
    expect(task(page, "Area 1")).to_contain_text("1 of 2 questions answered")
    assert_accessible(page)

    page.get_by_role("link", name="Area 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_3)
    expect(page.locator(".govuk-input__suffix")).to_have_text("servers")
    assert_accessible(page)
    page.get_by_label(QUESTION_3).fill("1,250")
    page.get_by_role("button", name="Save and come back later").click()
    expect(task(page, "Area 2")).to_contain_text("1 of 2 questions answered")
    sign_out(page)

    # The lead sees the saved answers, finishes every area, checks and submits.
    sign_in(page, live_server, "lead-a")
    expect(task(page, "Area 1")).to_contain_text("1 of 2 questions answered")
    page.get_by_role("link", name="Check your answers").click()
    # The heading first, then the unfinished areas (one link each): no answers to check yet.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting"
    )
    expect(page.locator("main")).to_contain_text(
        "2 required questions not answered yet, in 2 areas"
    )
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)
    expect(page.locator(".govuk-summary-list")).to_have_count(0)
    assert_accessible(page)

    page.locator("#unfinished-list").get_by_role("link", name="Area 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_2)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers: Area 1")
    expect(page.locator("main")).to_contain_text("3: Learning")
    expect(page.locator("main")).to_contain_text("Our 2025 technology strategy")
    # One link a row: Change; the history is on the question page.
    expect(page.get_by_role("link", name=f"Change the answer to: {QUESTION_2}")).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile("^History"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Back to your task list").click()
    expect(task(page, "Area 1")).to_contain_text("Completed")

    page.get_by_role("link", name="Area 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_4)
    assert_accessible(page)
    page.get_by_label(QUESTION_4).fill("We buy through open frameworks.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers: Area 2")
    expect(page.locator("main")).to_contain_text("1250 servers")
    page.get_by_role("button", name="Back to your task list").click()
    expect(task(page, "Area 2")).to_contain_text("Completed")

    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit your assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Submit assessment").click()  # no declaration
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that these answers")
    assert_accessible(page)
    page.get_by_label(re.compile("I confirm these answers are accurate")).check()
    page.get_by_role("button", name="Submit assessment").click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Assessment submitted")
    expect(panel).to_contain_text("LDM-2026-E09000007")
    assert_accessible(page)
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED

    # Now read-only for the authority.
    page.goto(f"{live_server.url}/assessments/LDM-2026-E09000007/questions/a1-q1/")
    expect(page.get_by_role("button", name="Save and continue")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("cannot be changed")
    assert_accessible(page)
    page.get_by_role("link", name="See who changed this answer, and when").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of an answer")
    expect(page.locator("main")).to_contain_text(people["contributor"].get_full_name())
    assert_accessible(page)
    page.goto(f"{live_server.url}/assessments/")
    expect(page.locator("main")).to_contain_text("can no longer be changed")
    expect(page.get_by_role("button", name="Submit")).to_have_count(0)


def test_two_people_editing_one_answer_meet_the_conflict_page(
    new_context, live_server, sign_in, assert_accessible, started, allow_error_statuses
):
    people = started
    first = new_context().new_page()
    second = new_context().new_page()
    sign_in(first, live_server, "lead-a")
    sign_in(second, live_server, "contributor-a")
    question = f"{live_server.url}/assessments/LDM-2026-E09000007/questions/a1-q1/"
    first.goto(question)
    second.goto(question)

    first.get_by_label("Emerging").check()
    first.get_by_role("button", name="Save and continue").click()
    expect(first.get_by_role("heading", level=1)).to_have_text(QUESTION_2)

    second.get_by_label("Developing").check()
    second.get_by_label("Evidence (optional)").fill("Audit report")
    second.get_by_role("button", name="Save and continue").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Someone else changed this answer")
    main = second.locator("main")
    expect(main).to_contain_text("2: Emerging")
    expect(main).to_contain_text("4: Developing")
    expect(main).to_contain_text(people["lead"].get_full_name())
    assert_accessible(second)
    assert Answer.objects.get().level == 2  # nothing lost, nothing overwritten

    second.get_by_role("button", name="Use my answer").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(QUESTION_2)
    answer = Answer.objects.get()
    assert (answer.level, answer.evidence, answer.version) == (4, "Audit report", 2)


def test_keep_their_answer_goes_on_without_saving(
    new_context, live_server, sign_in, started, allow_error_statuses
):
    first = new_context().new_page()
    second = new_context().new_page()
    sign_in(first, live_server, "lead-a")
    sign_in(second, live_server, "contributor-a")
    question = f"{live_server.url}/assessments/LDM-2026-E09000007/questions/a1-q2/"
    first.goto(question)
    second.goto(question)
    first.get_by_label("Yes", exact=True).check()
    first.get_by_role("button", name="Save and come back later").click()
    second.get_by_label("No", exact=True).check()
    second.get_by_role("button", name="Save and come back later").click()
    second.get_by_role("button", name="Keep their answer").click()
    expect(second).to_have_url(f"{live_server.url}/assessments/")
    assert Answer.objects.get().yes_no is True


def test_the_question_page_fits_a_phone(new_context, live_server, sign_in, started):
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(page, live_server, "contributor-a")
    page.goto(f"{live_server.url}/assessments/LDM-2026-E09000007/questions/a1-q1/")
    expect(page.get_by_label("Mastering")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_cdo_office_reads_an_assessment(page, live_server, sign_in, assert_accessible, people):
    factories.make_cdo(username="cdo")
    sign_in(page, live_server, "cdo")
    page.goto(f"{live_server.url}/assessments/")
    assert_accessible(page)
    assessment = Assessment.objects.create(
        authority=people["lead"].membership.authority,
        round=Round.objects.get(slug="2026"),
        reference="LDM-2026-E09000007",
    )
    page.goto(f"{live_server.url}/assessments/{assessment.reference}/check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers")
    expect(page.get_by_role("link", name=re.compile("^Change"))).to_have_count(0)
    assert_accessible(page)


def focused(page) -> dict:
    return page.evaluate(
        "() => ({type: document.activeElement.type || '', text:"
        " (document.activeElement.innerText || document.activeElement.value || '').trim()})"
    )


def tab_to(page, predicate, limit: int = 40) -> dict:
    """Press Tab until the focused element matches ``predicate``; fail after ``limit``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"Tab never reached the element; last focused: {element}")


def test_a_question_can_be_answered_with_the_keyboard_alone(page, live_server, sign_in, started):
    sign_in(page, live_server, "lead-a")
    page.goto(f"{live_server.url}/assessments/LDM-2026-E09000007/questions/a1-q1/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, lambda element: element["type"] == "radio")
    page.keyboard.press("ArrowDown")  # from level 1 to level 2, which it selects
    tab_to(page, lambda element: element["text"] == "Save and continue")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_2)
    answer = Answer.objects.get(question__code="a1-q1")
    assert (answer.level, answer.version) == (2, 1)


def test_several_open_rounds_each_have_their_own_section(
    page, live_server, sign_in, assert_accessible, started
):
    data = factories.RoundFactory(
        questionnaire=factories.make_questionnaire(code="data-maturity"),
        name="Data maturity 2026",
        slug="data-2026",
    )
    sign_in(page, live_server, "lead-a")
    overview = page.get_by_role("list", name="Open assessments")
    expect(overview.get_by_role("link")).to_have_text(["Data maturity 2026", "2026 assessment"])
    assert_accessible(page)
    start = re.compile(r"^Start this assessment\s+for Data maturity 2026$")
    page.get_by_role("button", name=start).click()
    expect(page).to_have_url(f"{live_server.url}/assessments/#round-data-2026")
    section = page.locator("#round-data-2026")
    expect(section.get_by_role("heading", level=2)).to_have_text("Data maturity 2026")
    expect(section.locator(".govuk-task-list__item")).to_have_count(2)
    assert Assessment.objects.filter(round=data).count() == 1
    assert_accessible(page)


def test_a_returned_assessment_has_one_full_width_banner_and_the_comment_on_each_question(
    page, live_server, sign_in, assert_accessible, started
):
    Assessment.objects.update(
        status=Assessment.Status.RETURNED, return_comment="Please add evidence for area 2."
    )
    sign_in(page, live_server, "lead-a")
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text("Please add evidence for area 2.")
    expect(banner).to_contain_text("Check your answers, then submit it again.")
    main = page.locator("main").bounding_box()
    assert banner.bounding_box()["width"] == pytest.approx(main["width"], abs=1)
    assert_accessible(page)

    banner.get_by_role("link", name="Area 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION_3)
    expect(page.locator("#return-comment")).to_contain_text("Please add evidence for area 2.")
    assert_accessible(page)
    page.get_by_label(QUESTION_3).fill("12")
    page.get_by_role("button", name="Save and come back later").click()
    # The saved message joins the one banner instead of stacking a second one.
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text("Your answer has been saved")
    expect(banner).to_contain_text("Please add evidence for area 2.")
    assert_accessible(page)

"""The improvement plan end to end in a real browser (issue 15): a lead sets a target on a
question, reads what the next level looks like and who to learn from (another authority's
shared evidence), adds an action, downloads the report for leadership as a PDF (opened with
pypdf: the authority's name, its scores, the target and the action are in its text) and
marks the action done; in the next round the question page carries the plan over; the CDO
office's view of plans names the authorities working on the same question. Every page on
the way is checked with axe."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.labels import whole
from surveys.models import (
    Assessment,
    PlanAction,
    Question,
    ResultSnapshot,
    ScaleLevel,
    Target,
)
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.surveys.plans.support import add_target, make_plan
from tests.surveys.review.support import CAMDEN, HACKNEY, ISLINGTON, gss_codes

pytestmark = pytest.mark.browser

Status = Assessment.Status
LAST_ROUND = "2025 assessment"
NEXT_ROUND = "2026 assessment"
# Camden's levels, different in each area so that its area scores differ.
CAMDEN_LEVELS = {"a1-q1": 2, "a1-q2": 3, "a2-q1": 4, "a2-q2": 3}
HACKNEY_EVIDENCE = "Hackney's data catalogue, published in March"
ISLINGTON_EVIDENCE = "Islington's private audit notes"
ACTION = "Publish our data catalogue, as Hackney did"
OWNER = "Data team"
# Three more authorities with approved results: London's comparisons need at least five.
OTHERS = 3


def _assessment(round_, gss_code, levels, *, status=Status.APPROVED, shared=()):
    """An assessment with the given level on each question; evidence shared on ``shared``."""
    now = timezone.now()
    fields = {"submitted_at": now, "approved_at": now} if status == Status.APPROVED else {}
    made = factories.AssessmentFactory(
        authority=factories.authority(gss_code),
        round=round_,
        status=status,
        last_activity_at=now,
        **fields,
    )
    questions = Question.objects.filter(questionnaire=round_.questionnaire)
    for question in questions.order_by("area__order", "order"):
        evidence = {HACKNEY: HACKNEY_EVIDENCE, ISLINGTON: ISLINGTON_EVIDENCE}.get(
            gss_code, f"Evidence for {question.code}"
        )
        factories.AnswerFactory(
            assessment=made,
            question=question,
            level=levels.get(question.code, 3),
            evidence=evidence,
            evidence_shared=question.code in shared,
        )
    if status == Status.APPROVED:
        result_snapshot_create(assessment=made)
    return made


@pytest.fixture
def plan_rounds(transactional_db):
    """Last year's published round sharing named results: Camden approved; Hackney (level
    4, evidence shared) and Islington (level 5, evidence not shared) ahead of it on a1-q1;
    three more approved. Hackney's shared plan targets a1-q1 too."""
    today = timezone.localdate()
    questionnaire = factories.make_questionnaire()
    last = factories.RoundFactory(
        questionnaire=questionnaire,
        name=LAST_ROUND,
        slug="assessment-2025",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status="published",
        published_at=timezone.now() - datetime.timedelta(days=200),
        share_named_results=True,
    )
    factories.make_member("lead", CAMDEN, username="lead-camden")
    factories.make_cdo(username="cdo")
    camden = _assessment(last, CAMDEN, CAMDEN_LEVELS)
    _assessment(last, HACKNEY, {"a1-q1": 4}, shared={"a1-q1"})
    _assessment(last, ISLINGTON, {"a1-q1": 5})
    others = [c for c in gss_codes(12) if c not in (CAMDEN, HACKNEY, ISLINGTON)][:OTHERS]
    for code in others:
        _assessment(last, code, {})
    hackney_plan = make_plan(factories.authority(HACKNEY), shared=True)
    add_target(hackney_plan, "area-1", "a1-q1", level=5)
    return questionnaire, last, camden


def _pdf_text(data: bytes) -> str:
    """The PDF's text, its whitespace folded (text extraction breaks lines freely)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_target_actions_report_carry_over_and_collaboration(
    new_context, live_server, sign_in, assert_accessible, plan_rounds
):
    questionnaire, last, camden = plan_rounds
    question = Question.objects.get(questionnaire=questionnaire, code="a1-q1")
    target_year = timezone.localdate().year + 1
    lead = new_context().new_page()

    # 1. The lead opens the plan and goes to the first question.
    sign_in(lead, live_server, "lead-camden")
    lead.goto(f"{live_server.url}/assessments/plan/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Your improvement plan")
    assert_accessible(lead)
    lead.get_by_role("link", name=question.text, exact=True).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(question.text)
    expect(lead.locator("main")).to_contain_text("2 Emerging")

    # 2. Sets a target: level 4 by next year's assessment.
    lead.get_by_label("4 Developing").check()
    lead.get_by_label("By the assessment of").select_option(str(target_year))
    lead.get_by_role("button", name="Save target").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your target has been saved"
    )
    target = Target.objects.get(plan__authority=camden.authority, question_code="a1-q1")
    assert (target.level, target.by_year, target.set_in_id) == (4, target_year, last.pk)
    expect(lead.locator(".govuk-summary-list__row", has_text="Target")).to_contain_text(
        f"Developing by the {target_year} assessment"
    )
    expect(lead.locator(".govuk-summary-list__row", has_text="Gap")).to_contain_text(
        "2 levels to go"
    )

    # 3. The suggestions: each level's descriptor up to the target.
    suggestions = lead.locator("h2:has-text('What the next level looks like') + p + dl")
    expect(suggestions).to_contain_text("3 Learning")
    expect(suggestions).to_contain_text("Level 3 looks like this")
    expect(suggestions).to_contain_text("4 Developing")
    expect(suggestions).to_contain_text("Level 4 looks like this")
    expect(suggestions).not_to_contain_text("Level 5 looks like this")

    # 4. Who to learn from: named in a round that shares names, evidence only where shared.
    learn = lead.locator("h2:has-text('Who to learn from') + p + dl")
    expect(lead.locator("main")).to_contain_text(
        f"In {LAST_ROUND}, these authorities answered at level 4 or above"
    )
    hackney = learn.locator(".govuk-summary-list__row", has_text="Hackney")
    expect(hackney).to_contain_text("4 Developing")
    expect(hackney).to_contain_text(f"Evidence: {HACKNEY_EVIDENCE}")
    islington = learn.locator(".govuk-summary-list__row", has_text="Islington")
    expect(islington).to_contain_text("5 Mastering")
    expect(islington).not_to_contain_text("Evidence")
    expect(lead.locator("main")).not_to_contain_text(ISLINGTON_EVIDENCE)
    expect(learn).not_to_contain_text("Camden")
    assert_accessible(lead)

    # 5. Adds an action, after Hackney's example (the page has no "start from a suggestion"
    # control: the suggestions and evidence are text to read).
    lead.get_by_label("What will you do?").fill(ACTION)
    lead.get_by_label("Owner (optional)").fill(OWNER)
    due = lead.get_by_role("group", name=re.compile("Due date"))
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("3")
    due.get_by_label("Year").fill(str(target_year))
    lead.get_by_label("In progress").check()
    lead.get_by_role("button", name="Add action").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your action has been added to the plan"
    )
    row = lead.locator("table tr", has_text=ACTION)
    expect(row).to_contain_text(OWNER)
    expect(row).to_contain_text(f"31 March {target_year}")
    expect(row).to_contain_text("In progress")
    action = PlanAction.objects.get(plan__authority=camden.authority, title=ACTION)
    assert (action.question_code, action.status, action.planned_in_id) == (
        "a1-q1",
        PlanAction.Status.IN_PROGRESS,
        last.pk,
    )
    assert_accessible(lead)

    # 6. The report for leadership: the printable page, then its PDF.
    lead.goto(f"{live_server.url}/assessments/plan/")
    lead.get_by_role("link", name="See the report to take to leadership").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Camden: digital maturity report")
    snapshot = ResultSnapshot.objects.get(assessment=camden)
    overall = whole(snapshot.overall_score)
    names = dict(
        ScaleLevel.objects.filter(questionnaire=questionnaire).values_list("number", "name")
    )
    areas = {
        r.area.name: (whole(r.score), names[r.level]) for r in snapshot.areas.select_related("area")
    }
    assert len(set(areas.values())) == 2  # the two areas' results differ
    expect(lead.locator("#overall-score")).to_have_text(f"{overall} out of 100")
    assert_accessible(lead)
    with lead.expect_download() as download_info:
        lead.get_by_role("link", name="Download as PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"camden-{last.slug}-report.pdf"
    with open(download.path(), "rb") as pdf:
        data = pdf.read()
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data)
    assert "Camden: digital maturity report" in text
    assert "Prepared for Camden's leadership" in text
    assert f"Overall score {overall} out of 100" in text
    for name, (score, level) in areas.items():
        # The areas table's row: the area, then Camden's score and level, then the medians.
        assert f"{name} {score} {level} " in text, (name, score, level, text)
    assert f"{question.label}: {question.text}" in text  # the target's row
    assert f"Developing by the {target_year} assessment" in text
    assert "2 levels to go" in text
    assert ACTION in text and OWNER in text and f"31 March {target_year}" in text

    # 7. The action is done: the lead says so on its page.
    lead.goto(f"{live_server.url}/assessments/plan/questions/{question.code}/")
    lead.get_by_role("link", name=f"Change {ACTION}").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Change an action")
    expect(lead.get_by_label("What will you do?")).to_have_value(ACTION)
    lead.get_by_label("Done").check()
    assert_accessible(lead)
    lead.get_by_role("button", name="Save").click()
    expect(lead.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your action has been saved"
    )
    expect(lead.locator("table tr", has_text=ACTION)).to_contain_text("Done")

    # 8. The next round opens: its question page carries the plan over.
    next_round = factories.RoundFactory(
        questionnaire=questionnaire, name=NEXT_ROUND, slug="assessment-2026"
    )
    draft = factories.AssessmentFactory(authority=camden.authority, round=next_round)
    lead.goto(f"{live_server.url}/assessments/{draft.reference}/questions/{question.code}/")
    carried = lead.locator("#carried-over")
    expect(carried).to_contain_text("From your improvement plan")
    expect(carried).to_contain_text(f"In {LAST_ROUND} you planned: {ACTION} (done)")
    assert_accessible(lead)
    carried.get_by_role("link", name="See your plan for this question").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(question.text)
    # The other question has no plan to carry over.
    lead.goto(f"{live_server.url}/assessments/{draft.reference}/questions/a1-q2/")
    expect(lead.get_by_role("heading", level=1)).to_be_visible()
    expect(lead.locator("#carried-over")).to_have_count(0)

    # 9. The CDO office's view of plans names both authorities working on a1-q1.
    cdo = new_context().new_page()
    sign_in(cdo, live_server, "cdo")
    cdo.goto(f"{live_server.url}/reports/plans/")
    cdo.wait_for_selector(".js-plotly-plot")
    expect(cdo.get_by_role("heading", name="Working on the same question")).to_be_visible()
    group = cdo.locator("#collaboration ~ .ldm-table-scroll tr", has_text=question.text)
    expect(group).to_have_count(1)
    expect(group.locator("td")).to_have_text("Camden, Hackney")
    assert_accessible(cdo)

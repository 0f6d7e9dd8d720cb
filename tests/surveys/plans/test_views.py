import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from surveys.models import Assessment, PlanAction, Target
from tests import factories
from tests.surveys.plans.support import add_action, add_target, make_plan

HACKNEY, ISLINGTON = "E09000012", "E09000019"
NEXT_YEAR = timezone.localdate().year + 1


@pytest.fixture
def camden_assessment(db):
    assessment = factories.AssessmentFactory(authority=factories.authority())
    factories.AnswerFactory(assessment=assessment, level=2, evidence="Our own roadmap")
    return assessment


def question_url(code="a1-q1"):
    return reverse("surveys:plan-question", args=[code])


def test_plan_urls_sit_under_assessments_plan():
    assert reverse("surveys:plan") == "/assessments/plan/"
    assert question_url() == "/assessments/plan/questions/a1-q1/"
    assert reverse("surveys:plan-action", args=[7]) == "/assessments/plan/actions/7/"


def test_overview_lists_areas_questions_levels_and_targets(client, lead, camden_assessment):
    plan = make_plan(factories.authority())
    add_target(plan, "area-1", "a1-q1", level=4, by_year=NEXT_YEAR)
    add_action(plan, "area-1", "a1-q1")
    client.force_login(lead)
    response = client.get(reverse("surveys:plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Area 1" in html and "Question 1 of area 1" in html
    assert "2 Emerging" in html
    assert f"Developing by the {NEXT_YEAR} assessment" in html
    assert "2 levels to go" in html
    assert "(not yet approved)" in html
    assert reverse("surveys:plan-share") in html


def test_overview_without_an_assessment_says_to_start_one(client, lead):
    client.force_login(lead)
    response = client.get(reverse("surveys:plan"))
    assert response.status_code == 200
    assert "assessment first" in response.content.decode()


def test_the_cdo_office_gets_403(client, cdo, camden_assessment):
    client.force_login(cdo)
    assert client.get(reverse("surveys:plan")).status_code == 403
    assert client.get(question_url()).status_code == 403


def test_setting_a_target(client, contributor, camden_assessment):
    client.force_login(contributor)
    response = client.post(
        question_url(), {"level": "4", "by_year": str(NEXT_YEAR), "version": "0"}
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.question_code, target.level, target.by_year) == ("a1-q1", 4, NEXT_YEAR)
    assert AuditEvent.objects.filter(action="plan.target_set").exists()
    page = client.get(question_url()).content.decode()
    assert f"Developing by the {NEXT_YEAR} assessment" in page


def test_an_invalid_target_shows_the_error_summary_and_changes_nothing(
    client, lead, camden_assessment
):
    client.force_login(lead)
    response = client.post(question_url(), {"by_year": str(NEXT_YEAR), "version": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose the level you aim for" in html
    assert html.count("<title>Error: ") == 1
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"level": "9", "by_year": str(NEXT_YEAR), "version": "0"},
        {"level": "3", "by_year": "1999", "version": "0"},
    ],
)
def test_a_level_or_year_off_the_choices_is_an_error(client, lead, camden_assessment, data):
    client.force_login(lead)
    assert client.post(question_url(), data).status_code == 400
    assert not Target.objects.exists()


def test_a_stale_target_version_shows_the_conflict_page(client, lead, camden_assessment):
    add_target(make_plan(factories.authority()), "area-1", "a1-q1", level=3)
    client.force_login(lead)
    response = client.post(
        question_url(), {"level": "5", "by_year": str(NEXT_YEAR), "version": "0"}
    )
    assert response.status_code == 409
    assert "Someone else changed this part of your plan" in response.content.decode()
    assert Target.objects.get().level == 3


def test_removing_a_target(client, lead, camden_assessment):
    target = add_target(make_plan(factories.authority()), "area-1", "a1-q1")
    client.force_login(lead)
    response = client.post(question_url(), {"version": str(target.version), "remove_target": ""})
    assert response.status_code == 302
    assert not Target.objects.exists()


def test_a_tampered_version_is_400(client, lead, camden_assessment):
    client.force_login(lead)
    assert client.post(question_url(), {"level": "3", "by_year": str(NEXT_YEAR)}).status_code == 400
    assert client.post(question_url(), {"remove_target": "", "version": "x"}).status_code == 400


def test_an_unknown_question_or_area_is_404(client, lead, camden_assessment):
    client.force_login(lead)
    assert client.get(question_url("no-such")).status_code == 404
    assert client.get(reverse("surveys:plan-area", args=["no-such"])).status_code == 404
    url = reverse("surveys:plan-question-action", args=["no-such"])
    assert client.post(url, {"title": "x", "status": "planned"}).status_code == 404


def test_adding_an_action_with_a_due_date(client, lead, camden_assessment):
    client.force_login(lead)
    url = reverse("surveys:plan-question-action", args=["a1-q1"])
    data = {
        "title": "Write a data strategy",
        "owner": "Data team",
        "due_on_0": "31",
        "due_on_1": "3",
        "due_on_2": str(NEXT_YEAR),
        "status": "in_progress",
        "note": "With the CIO",
    }
    assert client.post(url, data).status_code == 302
    action = PlanAction.objects.get()
    assert action.due_on == datetime.date(NEXT_YEAR, 3, 31)
    assert action.planned_in == camden_assessment.round
    assert (action.area_code, action.question_code) == ("area-1", "a1-q1")
    assert "Write a data strategy" in client.get(question_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "status": "planned"}, "Enter what you will do"),
        (
            {
                "title": "x",
                "status": "planned",
                "due_on_0": "31",
                "due_on_1": "2",
                "due_on_2": "2027",
            },
            "The due date must be a real date",
        ),
        (
            {"title": "x", "status": "planned", "due_on_0": "3", "due_on_2": "2027"},
            "The due date must include a day, month and year",
        ),
        ({"title": "x", "status": "maybe"}, "Select a valid choice"),
    ],
)
def test_an_invalid_action_shows_the_error_summary(client, lead, camden_assessment, data, message):
    client.force_login(lead)
    response = client.post(reverse("surveys:plan-question-action", args=["a1-q1"]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not PlanAction.objects.exists()


def test_area_page_sets_the_area_target_and_adds_an_area_action(client, lead, camden_assessment):
    client.force_login(lead)
    url = reverse("surveys:plan-area", args=["area-2"])
    assert client.get(url).status_code == 200
    assert (
        client.post(url, {"level": "3", "by_year": str(NEXT_YEAR), "version": "0"}).status_code
        == 302
    )
    add = reverse("surveys:plan-area-action", args=["area-2"])
    assert client.post(add, {"title": "Train everyone", "status": "planned"}).status_code == 302
    target = Target.objects.get()
    assert (target.area_code, target.question_code) == ("area-2", "")
    assert PlanAction.objects.get().question_code == ""


def test_editing_an_action(client, lead, camden_assessment):
    action = add_action(make_plan(factories.authority()), "area-1", "a1-q1", title="Old")
    client.force_login(lead)
    url = reverse("surveys:plan-action", args=[action.pk])
    assert "Old" in client.get(url).content.decode()
    data = {"title": "New", "status": "done", "version": str(action.version)}
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.status, action.version) == ("New", "done", 2)
    # The same form again is stale now: the conflict page, and nothing changes.
    response = client.post(url, {**data, "title": "Newer"})
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.title == "New"


def test_another_authoritys_action_is_404(client, lead, other_lead, camden_assessment):
    theirs = add_action(make_plan(factories.authority(HACKNEY)), "area-1", "a1-q1")
    client.force_login(lead)
    url = reverse("surveys:plan-action", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"title": "Mine now", "status": "done", "version": "1"}).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.title == "Do it"


def test_sharing_the_plan(client, lead, camden_assessment):
    client.force_login(lead)
    assert client.post(reverse("surveys:plan-share"), {"shared": "on"}).status_code == 302
    assert factories.authority().plan.shared is True
    assert client.post(reverse("surveys:plan-share"), {}).status_code == 302
    assert factories.authority().plan.shared is False
    assert AuditEvent.objects.filter(action="plan.share_set").count() == 2


def test_suggestions_are_the_descriptors_above_the_current_level_up_to_the_target(
    client, lead, camden_assessment
):
    add_target(make_plan(factories.authority()), "area-1", "a1-q1", level=4)
    client.force_login(lead)
    html = client.get(question_url()).content.decode()
    section = html[html.index("What the next level looks like") :]
    assert "3 Learning" in section and "4 Developing" in section
    assert "5 Mastering" not in section.split("Actions")[0]


def _approved(round_, gss_code, level, *, evidence="", shared=False):
    assessment = factories.AssessmentFactory(
        round=round_, authority=factories.authority(gss_code), status=Assessment.Status.APPROVED
    )
    factories.AnswerFactory(
        assessment=assessment, level=level, evidence=evidence, evidence_shared=shared
    )


def _published(questionnaire, *, named: bool, days_ago: int, slug: str):
    today = timezone.localdate()
    return factories.RoundFactory(
        questionnaire=questionnaire,
        name=f"Round {slug}",
        slug=slug,
        opens_on=today - datetime.timedelta(days=days_ago),
        closes_on=today - datetime.timedelta(days=days_ago - 30),
        status="published",
        share_named_results=named,
    )


def test_who_to_learn_from_names_authorities_where_names_are_shared(
    client, lead, camden_assessment
):
    questionnaire = camden_assessment.round.questionnaire
    add_target(make_plan(factories.authority()), "area-1", "a1-q1", level=4)
    named = _published(questionnaire, named=True, days_ago=400, slug="named")
    _approved(named, HACKNEY, 5, evidence="Hackney's shared roadmap", shared=True)
    _approved(named, ISLINGTON, 4, evidence="Islington's private notes", shared=False)
    _approved(named, "E09000001", 2, evidence="Too low")
    # A draft at a high level is not an approved answer: left out.
    factories.AnswerFactory(
        assessment=factories.AssessmentFactory(
            round=named, authority=factories.authority("E09000002")
        ),
        level=5,
    )
    # A more recent round that does not share names is passed over.
    private = _published(questionnaire, named=False, days_ago=200, slug="private")
    _approved(private, "E09000003", 5)
    client.force_login(lead)
    html = client.get(question_url()).content.decode()
    section = html[html.index("Who to learn from") :]
    assert "Round named" in section
    assert "Hackney" in section and "Islington" in section
    assert "Hackney&#x27;s shared roadmap" in section
    assert "private notes" not in section
    assert "City of London" not in section  # E09000001, level 2
    assert "Barking" not in section  # E09000002, a draft
    assert "Barnet" not in section  # E09000003, a round without names


def test_who_to_learn_from_lists_shared_evidence_first_and_names_the_rest_in_a_sentence(
    client, lead, camden_assessment
):
    named = _published(
        camden_assessment.round.questionnaire, named=True, days_ago=400, slug="named"
    )
    # Six authorities at level 5 without shared evidence, and one at level 3 that shared.
    for code in ("E09000001", "E09000002", "E09000003", "E09000004", "E09000005", "E09000006"):
        _approved(named, code, 5)
    _approved(named, ISLINGTON, 3, evidence="Islington's data quality board", shared=True)
    client.force_login(lead)
    html = client.get(question_url()).content.decode()
    section = html[html.index("Who to learn from") : html.index('id="add-action"')]
    listed, also = section.split("Also at level")
    # The one that shared its evidence leads the list, though its level is the lowest.
    assert listed.index("Islington") < listed.index("Barking and Dagenham")
    assert "Islington&#x27;s data quality board" in listed
    # Five are listed in full (then by name); the other two are named in the sentence.
    assert listed.count("govuk-summary-list__row") == 5
    assert "Bromley (5)" in also and "City of London (5)" in also
    assert "Bromley" not in listed


def test_who_to_learn_from_is_empty_without_a_round_that_shares_names(
    client, lead, camden_assessment
):
    private = _published(
        camden_assessment.round.questionnaire, named=False, days_ago=200, slug="private"
    )
    _approved(private, HACKNEY, 5, evidence="Secret", shared=True)
    client.force_login(lead)
    html = client.get(question_url()).content.decode()
    assert "No round that shares authorities' names" in html
    assert "Hackney" not in html


def test_the_question_page_costs_the_same_queries_with_more_plan(client, lead, camden_assessment):
    client.force_login(lead)
    client.get(question_url())
    with CaptureQueriesContext(connection) as small:
        client.get(question_url())
    plan = make_plan(factories.authority())
    for n in range(5):
        add_action(plan, "area-1", "a1-q1", title=f"Action {n}")
    add_target(plan, "area-1", "a1-q1")
    with CaptureQueriesContext(connection) as large:
        client.get(question_url())
    assert len(large) == len(small)

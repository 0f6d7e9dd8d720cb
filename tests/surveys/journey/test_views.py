"""Every journey page for every role, and what the start and question pages show."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape  # names such as O'Brien are escaped in pages

from audit.models import AuditEvent
from surveys.journey.services.answers import answer_save
from surveys.models import Assessment, AssessmentEvent
from tests import factories
from tests.surveys.journey.support import (
    make_answered_journey,
    make_journey,
    rows,
    submit_ready,
    url,
)

pytestmark = pytest.mark.django_db

ROLES = ["lead", "contributor", "other_lead", "cdo", "admin_user", "anonymous"]
VIEWER = {"lead": 200, "contributor": 200, "other_lead": 404, "cdo": 200, "admin_user": 200}
EDITOR_POST = {"lead": 302, "contributor": 302, "other_lead": 404, "cdo": 403, "admin_user": 403}
LEAD_ONLY = {"lead": 200, "contributor": 403, "other_lead": 404, "cdo": 403, "admin_user": 403}

# (name, method, url kwargs, expected by role, POST data)
PAGES = [
    ("start", "get", None, {r: 200 for r in VIEWER}, None),
    ("question", "get", {"code": "a1-q1"}, VIEWER, None),
    ("history", "get", {"code": "a1-q1"}, VIEWER, None),
    ("check-area", "get", {"area_code": "area-1"}, VIEWER, None),
    ("check", "get", {}, VIEWER, None),
    ("submit", "get", {}, LEAD_ONLY, None),
    ("question", "post", {"code": "a1-q2"}, EDITOR_POST, {"version": "0", "level": "2"}),
    ("submit", "post", {}, {**LEAD_ONLY, "lead": 400}, {"declaration": "on"}),
    ("prefill", "post", {}, EDITOR_POST, {}),
]


@pytest.fixture
def journey(lead):
    return make_answered_journey(lead)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "kwargs", "expected", "data"), PAGES)
def test_every_page_for_every_role(
    client, request, journey, role, name, method, kwargs, expected, data
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    target = url(name, journey, kwargs)
    response = getattr(client, method)(target, data or {})
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[role], (name, method, role)


def test_start_page_shows_the_task_list(client, journey, lead):
    client.force_login(lead)
    response = client.get(reverse("surveys:start"))
    html = response.content.decode()
    assert "Camden" in html
    assert journey.round.name in html
    assert journey.round.closes_on.strftime("%B %Y") in html
    assert journey.assessment.reference in html
    assert 'class="govuk-task-list"' in html
    assert html.count('<li class="govuk-task-list__item') == 2
    assert "1 of 2 questions answered" in html
    assert "0 of 2 questions answered" in html
    assert "In progress" in html and "Not started" in html
    assert reverse("surveys:check", args=[journey.assessment.reference]) in html
    # Submitting is offered once every required question is answered; until then the
    # page says how many are left.
    assert reverse("surveys:submit", args=[journey.assessment.reference]) not in html
    assert "You can submit when every required question is answered: 3 still to answer." in html
    # The area in progress links to its next unanswered question.
    assert reverse("surveys:question", args=[journey.assessment.reference, "a1-q2"]) in html


def test_the_lead_is_offered_submit_when_every_required_answer_is_in(client, journey, lead):
    submit_ready(journey, lead)
    client.force_login(lead)
    html = client.get(reverse("surveys:start")).content.decode()
    assert reverse("surveys:submit", args=[journey.assessment.reference]) in html
    assert "still to answer" not in html


def test_contributors_are_not_offered_submit(client, journey, contributor):
    client.force_login(contributor)
    html = client.get(reverse("surveys:start")).content.decode()
    assert reverse("surveys:submit", args=[journey.assessment.reference]) not in html
    assert "digital lead submits" in html


def test_start_page_without_an_open_round_says_so(client, lead):
    client.force_login(lead)
    response = client.get(reverse("surveys:start"))
    assert response.status_code == 200
    assert "There is no assessment round open" in response.content.decode()
    assert Assessment.objects.count() == 0


def _writes() -> tuple[int, int, int]:
    return (Assessment.objects.count(), AssessmentEvent.objects.count(), AuditEvent.objects.count())


def test_the_start_page_never_writes_and_offers_a_start_button(client, lead, contributor, cdo):
    open_round = factories.RoundFactory(slug="2026")
    for user in (lead, contributor, cdo):
        client.force_login(user)  # signing in is audited: count after it
        before = _writes()
        response = client.get(reverse("surveys:start"))
        assert response.status_code == 200
        assert _writes() == before
    assert not Assessment.objects.exists()
    client.force_login(lead)
    html = client.get(reverse("surveys:start")).content.decode()
    assert open_round.name in html and "Not started" in html
    start = reverse("surveys:round-start", args=["2026"])
    form = f'<form method="post" action="{start}" novalidate><input type="hidden"'
    assert f'{form} name="csrfmiddlewaretoken"' in html
    assert "Start this assessment" in html
    assert 'class="govuk-task-list"' not in html


def test_start_creates_the_assessment_once_then_shows_its_task_list(
    client, lead, contributor, open_round
):
    start = reverse("surveys:round-start", args=[open_round.slug])
    client.force_login(lead)
    response = client.post(start)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('surveys:start')}#round-{open_round.slug}"
    client.force_login(contributor)
    assert client.post(start).status_code == 302  # a colleague pressed it too: no second one
    assessment = Assessment.objects.get()
    assert assessment.reference == f"LDM-{open_round.slug}-E09000007".upper()
    assert AssessmentEvent.objects.filter(assessment=assessment).count() == 1
    assert AuditEvent.objects.filter(action="assessment.start").count() == 1
    html = client.get(reverse("surveys:start")).content.decode()
    assert 'class="govuk-task-list"' in html and "Start this assessment" not in html
    assert "In progress" in html and "0 of 4 questions answered" in html


def test_start_is_for_the_authoritys_people_and_open_rounds_only(
    client, lead, cdo, admin_user, open_round
):
    closed = factories.RoundFactory(status="closed")
    client.force_login(lead)
    assert client.get(reverse("surveys:round-start", args=[open_round.slug])).status_code == 405
    for slug in (closed.slug, "no-such-round"):
        assert client.post(reverse("surveys:round-start", args=[slug])).status_code == 404
    for user in (cdo, admin_user):
        client.force_login(user)
        assert (
            client.post(reverse("surveys:round-start", args=[open_round.slug])).status_code == 403
        )
    assert not Assessment.objects.exists()


def test_a_round_closing_while_start_is_pressed_says_so(client, lead, open_round, monkeypatch):
    from surveys.journey import views as journey

    closed = factories.RoundFactory(status="closed")
    monkeypatch.setattr(journey, "open_round_by_slug", lambda slug: closed)
    client.force_login(lead)
    response = client.post(reverse("surveys:round-start", args=[open_round.slug]), follow=True)
    assert "This round has closed, so the assessment was not started." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_returned_assessment_shows_the_cdo_office_comment(client, journey, contributor):
    Assessment.objects.filter(pk=journey.assessment.pk).update(
        status=Assessment.Status.RETURNED, return_comment="Please add <evidence> for security."
    )
    client.force_login(contributor)
    html = client.get(reverse("surveys:start")).content.decode()
    assert "govuk-notification-banner" in html
    assert "returned your assessment" in html
    assert "Please add &lt;evidence&gt; for security." in html


def test_the_question_page_shows_levels_descriptors_and_not_applicable(client, journey, lead):
    client.force_login(lead)
    response = client.get(url("question", journey, {"code": "a1-q2"}))
    html = response.content.decode()
    assert '<h1 class="govuk-fieldset__heading">Question 2 of area 1</h1>' in html
    for name in ("Beginning", "Emerging", "Learning", "Developing", "Mastering"):
        assert name in html
    assert "Level 5 looks like this" in html
    assert '<div class="govuk-radios__divider">or</div>' in html
    assert "Not applicable / don&#x27;t know" in html
    assert 'name="version" value="0"' in html
    assert "Save and continue" in html and "Save and come back later" in html
    assert 'data-maxlength="2000"' in html
    assert 'class="govuk-back-link"' in html


def test_the_question_page_shows_the_saved_answer_and_its_version(client, journey, contributor):
    client.force_login(contributor)
    html = client.get(url("question", journey, {"code": "a1-q1"})).content.decode()
    assert 'value="3" checked' in html
    assert 'name="version" value="1"' in html
    assert "Strategy</textarea>" in html


def test_save_and_continue_goes_to_the_next_question_then_the_area_check(client, journey, lead):
    client.force_login(lead)
    response = client.post(
        url("question", journey, {"code": "a1-q1"}), {"version": "1", "level": "4"}
    )
    assert response["Location"] == url("question", journey, {"code": "a1-q2"})
    response = client.post(
        url("question", journey, {"code": "a1-q2"}),
        {"version": "0", "level": "na", "action": "continue"},
    )
    assert response["Location"] == url("check-area", journey, {"area_code": "area-1"})
    answers = {a.question.code: a for a in journey.assessment.answers.select_related("question")}
    assert answers["a1-q1"].level == 4 and answers["a1-q1"].version == 2
    assert answers["a1-q2"].not_applicable and answers["a1-q2"].level is None


def test_save_and_come_back_later_returns_to_the_task_list_with_a_banner(client, journey, lead):
    client.force_login(lead)
    response = client.post(
        url("question", journey, {"code": "a2-q1"}),
        {"version": "0", "level": "", "evidence": "Ask IT", "action": "later"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("surveys:start")
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Your answer has been saved" in html
    assert journey.assessment.answers.get(question__code="a2-q1").evidence == "Ask IT"


def test_save_and_continue_without_an_answer_shows_an_error(client, journey, lead):
    client.force_login(lead)
    before = rows()
    response = client.post(url("question", journey, {"code": "a2-q1"}), {"version": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_level">Select the level that best describes your authority' in html
    assert 'id="id_level"' in html
    assert "<title>Error: " in html
    assert rows() == before


def test_the_conflict_page_shows_both_answers_and_use_mine_saves(
    client, journey, lead, contributor
):
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=contributor,
        level=1,
        evidence="Theirs",
        expected_version=1,
    )
    client.force_login(lead)
    before = rows()
    response = client.post(
        url("question", journey, {"code": "a1-q1"}),
        {"version": "1", "level": "5", "evidence": "Mine", "action": "continue"},
    )
    assert response.status_code == 409
    assert rows() == before
    html = response.content.decode()
    assert "Someone else changed this answer" in html
    assert "1: Beginning" in html and "Theirs" in html
    assert "5: Mastering" in html and "Mine" in html
    assert escape(contributor.get_full_name()) in html
    assert 'name="version" value="2"' in html
    assert "Use my answer" in html and "Keep their answer" in html
    assert url("question", journey, {"code": "a1-q2"}) in html  # keep theirs and go on

    response = client.post(
        url("question", journey, {"code": "a1-q1"}),
        {"version": "2", "level": "5", "evidence": "Mine", "action": "continue"},
    )
    assert response.status_code == 302
    answer = journey.assessment.answers.get(question__code="a1-q1")
    assert (answer.level, answer.evidence, answer.version, answer.changed_by) == (
        5,
        "Mine",
        3,
        lead,
    )
    assert answer.changes.count() == 3


def test_number_and_text_questions(client, lead):
    journey = make_journey(lead, areas=1, questions_per_area=4, kinds=("number", "text", "yes_no"))
    journey.questionnaire.questions.filter(code="a1-q1").update(unit="servers")
    client.force_login(lead)
    html = client.get(url("question", journey, {"code": "a1-q1"})).content.decode()
    assert '<div class="govuk-input__suffix" aria-hidden="true">servers</div>' in html
    assert 'inputmode="decimal"' in html
    response = client.post(
        url("question", journey, {"code": "a1-q1"}), {"version": "0", "number": "1,250"}
    )
    assert response.status_code == 302
    html = client.get(url("question", journey, {"code": "a1-q2"})).content.decode()
    assert 'data-maxlength="5000"' in html
    client.post(
        url("question", journey, {"code": "a1-q2"}), {"version": "0", "text": "Cloud first"}
    )
    client.post(url("question", journey, {"code": "a1-q3"}), {"version": "0", "yes_no": "no"})
    values = {a.question.code: a for a in journey.assessment.answers.select_related("question")}
    assert values["a1-q1"].number == 1250
    assert values["a1-q2"].text == "Cloud first"
    assert values["a1-q3"].yes_no is False


def test_prefill_is_offered_on_an_empty_assessment_and_copies(client, lead):
    today = timezone.localdate()
    earlier = make_journey(
        lead,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )
    answer_save(
        assessment=earlier.assessment,
        question=earlier.question("a1-q1"),
        actor=lead,
        level=4,
        expected_version=0,
    )
    earlier.round.status = "published"
    earlier.round.save()
    current = factories.RoundFactory(questionnaire=earlier.questionnaire)
    client.force_login(lead)
    html = client.get(reverse("surveys:start")).content.decode()
    assert "Start from last round's answers" not in html  # nothing to copy into yet
    client.post(reverse("surveys:round-start", args=[current.slug]))
    html = client.get(reverse("surveys:start")).content.decode()
    assert "Start from last round's answers" in html
    assert "Previous rounds" in html and earlier.round.name in html
    new = Assessment.objects.get(round=current)
    response = client.post(reverse("surveys:prefill", args=[new.reference]), follow=True)
    assert "1 answer copied from last round" in response.content.decode()
    assert new.answers.get().level == 4
    assert "Start from last round's answers" not in response.content.decode()

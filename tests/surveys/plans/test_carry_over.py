"""Next round's question page shows the actions planned on that question in earlier
rounds ("In the 2025 assessment you planned: ..."), done ones first; and the answer's
"share this evidence" tick."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from surveys.journey.services.answers import answer_save
from surveys.models import Answer, Assessment
from surveys.plans.question_selectors import carried_over
from tests import factories
from tests.surveys.plans.support import add_action, make_plan


@pytest.fixture
def rounds(db):
    today = timezone.localdate()
    questionnaire = factories.make_questionnaire()
    last = factories.RoundFactory(
        questionnaire=questionnaire,
        name="2025 assessment",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status="published",
    )
    this = factories.RoundFactory(questionnaire=questionnaire, name="2026 assessment")
    camden = factories.authority()
    factories.AssessmentFactory(authority=camden, round=last, status=Assessment.Status.APPROVED)
    assessment = factories.AssessmentFactory(authority=camden, round=this)
    return last, this, assessment


def test_earlier_rounds_actions_are_carried_over_done_first(rounds):
    last, this, assessment = rounds
    plan = make_plan(assessment.authority)
    add_action(plan, "area-1", "a1-q1", title="Planned one", planned_in=last)
    add_action(plan, "area-1", "a1-q1", title="Finished one", planned_in=last, status="done")
    add_action(plan, "area-1", "a1-q1", title="Planned this round", planned_in=this)
    add_action(plan, "area-1", "a1-q2", title="Another question", planned_in=last)
    theirs = make_plan(factories.authority("E09000012"))
    add_action(theirs, "area-1", "a1-q1", title="Hackney's", planned_in=last)
    carried = carried_over(assessment=assessment, question_code="a1-q1")
    assert [(a.title, a.status_label, a.round_name) for a in carried] == [
        ("Finished one", "Done", "2025 assessment"),
        ("Planned one", "Planned", "2025 assessment"),
    ]


def question_url(assessment, code="a1-q1"):
    return reverse("surveys:question", args=[assessment.reference, code])


def test_the_question_page_shows_the_carried_over_plan(client, lead, rounds):
    last, _, assessment = rounds
    add_action(
        make_plan(assessment.authority),
        "area-1",
        "a1-q1",
        title="Map our data",
        planned_in=last,
        status="done",
    )
    client.force_login(lead)
    html = client.get(question_url(assessment)).content.decode()
    assert "In 2025 assessment you planned: Map our data (done)" in html
    assert reverse("surveys:plan-question", args=["a1-q1"]) in html
    assert "you planned" not in client.get(question_url(assessment, "a1-q2")).content.decode()


def test_the_read_only_question_page_shows_it_too(client, cdo, rounds):
    last, _, assessment = rounds
    add_action(
        make_plan(assessment.authority), "area-1", "a1-q1", title="Map our data", planned_in=last
    )
    client.force_login(cdo)
    html = client.get(question_url(assessment)).content.decode()
    assert "you planned: Map our data (planned)" in html
    # The CDO office has no plan pages of its own: no link to one.
    assert reverse("surveys:plan-question", args=["a1-q1"]) not in html


def test_the_question_page_costs_the_same_queries_however_many_were_carried_over(
    client, lead, rounds
):
    last, _, assessment = rounds
    plan = make_plan(assessment.authority)
    add_action(plan, "area-1", "a1-q1", title="One", planned_in=last)
    client.force_login(lead)
    client.get(question_url(assessment))
    with CaptureQueriesContext(connection) as one:
        client.get(question_url(assessment))
    for n in range(6):
        add_action(plan, "area-1", "a1-q1", title=f"More {n}", planned_in=last, status="done")
    with CaptureQueriesContext(connection) as seven:
        client.get(question_url(assessment))
    assert len(one) == len(seven)


def test_the_share_evidence_tick_is_saved_and_shown(client, lead, rounds):
    _, _, assessment = rounds
    client.force_login(lead)
    data = {"version": "0", "level": "3", "evidence": "Our strategy", "evidence_shared": "on"}
    assert client.post(question_url(assessment), data).status_code == 302
    answer = Answer.objects.get(assessment=assessment)
    assert answer.evidence_shared is True
    assert AuditEvent.objects.filter(action="answer.save").last().detail["evidence_shared"]
    html = client.get(question_url(assessment)).content.decode()
    assert "Share this evidence with other London authorities" in html
    # Unticking it alone is a change: the version moves on.
    data = {"version": "1", "level": "3", "evidence": "Our strategy"}
    assert client.post(question_url(assessment), data).status_code == 302
    answer.refresh_from_db()
    assert (answer.evidence_shared, answer.version) == (False, 2)


def test_answer_save_leaves_the_tick_alone_unless_told(lead, rounds):
    _, _, assessment = rounds
    question = assessment.round.questionnaire.questions.get(code="a1-q1")
    values = {"assessment": assessment, "question": question, "actor": lead, "level": 2}
    answer = answer_save(expected_version=0, evidence_shared=True, **values)
    assert answer.evidence_shared is True
    answer = answer_save(expected_version=1, evidence="New", **values)
    assert (answer.evidence_shared, answer.version) == (True, 2)
    # Off by default on a new answer.
    other = assessment.round.questionnaire.questions.get(code="a1-q2")
    fresh = answer_save(expected_version=0, **{**values, "question": other})
    assert fresh.evidence_shared is False

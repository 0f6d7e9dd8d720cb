"""Check-answers, submit, confirmation and history pages: what each shows and allows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape  # names such as O'Brien are escaped in pages

from surveys.journey.services.answers import answer_save
from surveys.models import Assessment
from tests.surveys.journey.support import (
    answer_all,
    make_answered_journey,
    make_journey,
    rows,
    submit_ready,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(lead):
    return make_answered_journey(lead)


def test_check_pages_list_answers_change_links_and_missing_questions(client, journey, lead):
    client.force_login(lead)
    html = client.get(url("check", journey, {})).content.decode()
    assert "3 required questions not answered yet, in 2 areas" in html
    # Neither area is finished: each links to its first missing question, no answer rows yet.
    assert html.count(">Change<span") == 0
    assert url("question", journey, {"code": "a1-q2"}) in html
    assert url("question", journey, {"code": "a2-q1"}) in html
    area_html = client.get(url("check-area", journey, {"area_code": "area-1"})).content.decode()
    assert "Check your answers: Area 1" in area_html
    assert "3: Learning" in area_html
    assert "1 required question not answered yet" in area_html
    assert area_html.count(">Change<span") == 1 and area_html.count(">Answer<span") == 1


def test_the_cdo_office_reads_but_cannot_change(client, journey, cdo):
    client.force_login(cdo)
    html = client.get(url("check", journey, {})).content.decode()
    assert ">Change<span" not in html
    assert ">History<span" in html
    question_html = client.get(url("question", journey, {"code": "a1-q1"})).content.decode()
    assert "Save and continue" not in question_html
    assert "3: Learning" in question_html and "Strategy" in question_html
    assert "cannot be changed" in question_html or "not change it" in question_html


def test_submit_lists_missing_questions_with_links(client, journey, lead):
    client.force_login(lead)
    html = client.get(url("submit", journey, {})).content.decode()
    assert "govuk-error-summary" in html
    assert "Answer ‘Question 2 of area 1’" in html
    assert url("question", journey, {"code": "a1-q2"}) in html
    assert 'name="declaration"' not in html


def test_submit_needs_the_declaration(client, journey, lead):
    submit_ready(journey, lead)
    client.force_login(lead)
    assert 'name="declaration"' in client.get(url("submit", journey, {})).content.decode()
    before = rows()
    response = client.post(url("submit", journey, {}), {})
    assert response.status_code == 400
    assert (
        '<a href="#id_declaration">Confirm that these answers are accurate'
        in response.content.decode()
    )
    assert rows() == before


def test_submit_then_confirmation_then_read_only(client, journey, lead):
    submit_ready(journey, lead)
    client.force_login(lead)
    response = client.post(url("submit", journey, {}), {"declaration": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == url("submitted", journey, {})
    html = response.content.decode()
    assert "govuk-panel--confirmation" in html
    assert journey.assessment.reference in html
    assert Assessment.objects.get(pk=journey.assessment.pk).status == "submitted"

    question_page = client.get(url("question", journey, {"code": "a1-q1"}))
    assert question_page.status_code == 200
    assert "Save and continue" not in question_page.content.decode()
    assert "has been submitted" in question_page.content.decode()
    start_html = client.get(reverse("surveys:start")).content.decode()
    assert "can no longer be changed" in start_html
    assert client.get(url("submit", journey, {})).status_code == 403


def test_the_confirmation_page_is_only_for_submitted_assessments(client, journey, lead, cdo):
    client.force_login(lead)
    assert client.get(url("submitted", journey, {}))["Location"] == reverse("surveys:start")
    client.force_login(cdo)
    assert client.get(url("submitted", journey, {})).status_code == 404


def test_history_lists_every_change(client, journey, lead, contributor, cdo):
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=contributor,
        not_applicable=True,
        evidence="Strategy",
        expected_version=1,
    )
    for user in (lead, cdo):
        client.force_login(user)
        html = client.get(url("history", journey, {"code": "a1-q1"})).content.decode()
        assert html.count('<h2 class="govuk-summary-card__title"') == 2
        assert escape(contributor.get_full_name()) in html and escape(lead.get_full_name()) in html
        assert "No answer" in html  # before the first answer
        assert "3: Learning" in html and "Not applicable / don&#x27;t know" in html
        assert "Not changed" in html and "Changed" in html


def page_queries(client, lead, areas, per_area):
    journey = make_journey(
        lead, areas=areas, questions_per_area=per_area, kinds=("maturity", "yes_no", "number")
    )
    answer_all(journey, lead)
    client.force_login(lead)
    counts = {}
    for name, kwargs in [("start", None), ("check", {}), ("check-area", {"area_code": "area-1"})]:
        client.get(url(name, journey, kwargs))  # the session's first write is not the page's
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, journey, kwargs)).status_code == 200
        counts[name] = len(queries)
    return counts


def test_pages_take_as_many_queries_for_a_big_questionnaire_as_a_small_one(client, lead):
    small = page_queries(client, lead, 1, 1)
    journey_round = Assessment.objects.get().round
    journey_round.status = "closed"
    journey_round.save()
    assert page_queries(client, lead, 4, 6) == small

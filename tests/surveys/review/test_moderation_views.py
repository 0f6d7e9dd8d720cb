"""The moderation pages: flags and queries on the review page, querying and resolving, and
what the authority sees of its queries (task list, question page, reply, check answers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.models import Assessment, AssessmentFlag, Question, ReviewQuery
from surveys.review.services.assessments import assessment_return
from surveys.review.services.queries import review_query_create
from tests.surveys.review.support import HACKNEY, assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status


def _questions(a: Assessment) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=a.round.questionnaire).order_by(
            "area__order", "order"
        )
    )


def _flag(a: Assessment, question: Question, reason: str = "Far from its peers.") -> AssessmentFlag:
    return AssessmentFlag.objects.create(
        assessment=a,
        key=f"peers:{question.code}:inner",
        rule=AssessmentFlag.Rule.PEERS,
        question=question,
        area_code=question.area.code,
        reason=reason,
        raised_at=timezone.now(),
    )


@pytest.fixture
def submitted(open_round, lead):
    return assessment(open_round, by=lead)


def test_the_review_page_lists_flags_and_queries_with_their_actions(client, cdo, submitted):
    question = _questions(submitted)[0]
    _flag(submitted, question, "Level 5, three levels above Inner London's median of 2.")
    review_query_create(assessment=submitted, question=question, text="Which policy?", actor=cdo)
    client.force_login(cdo)
    html = client.get(reverse("review:assessment", args=[submitted.reference])).content.decode()
    assert "three levels above Inner London" in html and "To decide" in html
    assert reverse("review:flag-accept", args=[submitted.reference, 1]).rsplit("/", 3)[0] in html
    assert "Which policy?" in html and "Not sent yet" in html
    assert reverse("review:query", args=[submitted.reference, question.code]) in html


def test_accepting_a_flag_and_querying_another(client, cdo, submitted):
    first, second = _questions(submitted)[:2]
    accepted, queried = _flag(submitted, first), _flag(submitted, second, "Moved 3 levels.")
    client.force_login(cdo)
    response = client.post(reverse("review:flag-accept", args=[submitted.reference, accepted.pk]))
    assert response.status_code == 302 and response.url.endswith("#flags")
    page = client.get(reverse("review:flag-query", args=[submitted.reference, queried.pk]))
    assert "Moved 3 levels. Please check this answer." in page.content.decode()
    response = client.post(
        reverse("review:flag-query", args=[submitted.reference, queried.pk]),
        {"comment": "Moved 3 levels: what changed?"},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    queried.refresh_from_db()
    assert accepted.decision == "accepted" and queried.decision == "queried"
    query = ReviewQuery.objects.get()
    assert (query.question, query.flag, query.text) == (
        second,
        queried,
        "Moved 3 levels: what changed?",
    )


def test_a_blank_query_shows_an_error_and_saves_nothing(client, cdo, submitted):
    client.force_login(cdo)
    code = _questions(submitted)[0].code
    response = client.post(
        reverse("review:query", args=[submitted.reference, code]), {"comment": " "}
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Enter your question for the authority" in html
    assert not ReviewQuery.objects.exists()


def test_tampered_ids_are_not_found(client, cdo, open_round, lead, submitted):
    other = assessment(open_round, HACKNEY, by=lead)
    foreign_flag = _flag(other, _questions(other)[0])
    foreign_query = review_query_create(
        assessment=other, question=_questions(other)[0], text="?", actor=cdo
    )
    client.force_login(cdo)
    ref = submitted.reference
    assert (
        client.post(reverse("review:flag-accept", args=[ref, foreign_flag.pk])).status_code == 404
    )
    assert client.get(reverse("review:flag-query", args=[ref, foreign_flag.pk])).status_code == 404
    assert (
        client.post(reverse("review:query-resolve", args=[ref, foreign_query.pk])).status_code
        == 404
    )
    assert client.get(reverse("review:query", args=[ref, "no-such-question"])).status_code == 404
    foreign_flag.refresh_from_db()
    foreign_query.refresh_from_db()
    assert foreign_flag.decision == "open" and foreign_query.status == "open"


def test_querying_an_approved_assessment_is_refused_with_the_reason(client, cdo, open_round, lead):
    approved = assessment(open_round, status=Status.APPROVED, by=lead)
    client.force_login(cdo)
    response = client.post(
        reverse("review:query", args=[approved.reference, _questions(approved)[0].code]),
        {"comment": "Why?"},
    )
    assert response.status_code == 400
    assert "only submitted or returned assessments can be queried" in response.content.decode()
    assert not ReviewQuery.objects.exists()


def test_resolving_a_query(client, cdo, submitted):
    query = review_query_create(
        assessment=submitted, question=_questions(submitted)[0], text="?", actor=cdo
    )
    client.force_login(cdo)
    response = client.post(reverse("review:query-resolve", args=[submitted.reference, query.pk]))
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.status == "resolved"
    again = client.post(reverse("review:query-resolve", args=[submitted.reference, query.pk]))
    assert again.status_code == 400 and "already been resolved" in again.content.decode()


def _review_queries(client, reference) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("review:assessment", args=[reference])).status_code == 200
    return len(queries)


def test_the_review_page_costs_the_same_queries_however_many_flags_and_queries(
    client, cdo, submitted
):
    questions = _questions(submitted)
    _flag(submitted, questions[0])
    review_query_create(assessment=submitted, question=questions[0], text="?", actor=cdo)
    client.force_login(cdo)
    _review_queries(client, submitted.reference)  # the first request of a session costs more
    few = _review_queries(client, submitted.reference)
    for question in questions[1:6]:
        _flag(submitted, question)
        review_query_create(assessment=submitted, question=question, text="?", actor=cdo)
    assert _review_queries(client, submitted.reference) == few


# --- What the authority sees -----------------------------------------------------------


def test_the_authority_sees_a_query_only_once_it_is_sent(client, lead, cdo, submitted):
    question = _questions(submitted)[1]
    review_query_create(assessment=submitted, question=question, text="Which framework?", actor=cdo)
    client.force_login(lead)
    page = reverse("surveys:question", args=[submitted.reference, question.code])
    assert "Which framework?" not in client.get(page).content.decode()
    assessment_return(assessment=submitted, actor=cdo)
    start = client.get(reverse("surveys:start")).content.decode()
    assert "The CDO office queried 1 answer" in start and question.label in start
    html = client.get(page).content.decode()
    assert "Which framework?" in html and "Reply to the CDO office" in html
    check = client.get(reverse("surveys:check", args=[submitted.reference])).content.decode()
    assert "Queried" in check and "Which framework?" in check


def test_the_authority_replies_and_the_reviewer_reads_it(client, lead, cdo, submitted):
    question = _questions(submitted)[0]
    query = review_query_create(assessment=submitted, question=question, text="Which?", actor=cdo)
    assessment_return(assessment=submitted, actor=cdo)
    client.force_login(lead)
    url = reverse("surveys:query-reply", args=[submitted.reference, query.pk])
    blank = client.post(url, {"comment": ""})
    assert (
        blank.status_code == 400 and "Enter your reply to the CDO office" in blank.content.decode()
    )
    response = client.post(url, {"comment": "The 2025 data strategy."})
    assert response.url == reverse("surveys:question", args=[submitted.reference, question.code])
    query.refresh_from_db()
    assert query.reply == "The 2025 data strategy." and query.status == "open"
    client.force_login(cdo)
    html = client.get(reverse("review:assessment", args=[submitted.reference])).content.decode()
    assert "The 2025 data strategy." in html


def test_another_authority_cannot_reach_a_query(client, other_lead, cdo, submitted):
    query = review_query_create(
        assessment=submitted, question=_questions(submitted)[0], text="?", actor=cdo
    )
    assessment_return(assessment=submitted, actor=cdo)
    client.force_login(other_lead)
    url = reverse("surveys:query-reply", args=[submitted.reference, query.pk])
    assert client.post(url, {"comment": "Hello"}).status_code == 404
    query.refresh_from_db()
    assert query.reply == ""


def test_the_round_view_counts_open_flags_and_queries(client, cdo, open_round, submitted):
    questions = _questions(submitted)
    _flag(submitted, questions[0])
    _flag(submitted, questions[1]).delete()
    review_query_create(assessment=submitted, question=questions[2], text="?", actor=cdo)
    client.force_login(cdo)
    html = client.get(reverse("review:round", args=[open_round.slug])).content.decode()
    row = html.split(f">{submitted.authority.name}<", 1)[1].split("</tr>")[0]
    assert "1 flag to decide" in row and "1 open query<" in row
    other = html.split(">Hackney<", 1)[1].split("</tr>")[0]
    assert "flag" not in other and "quer" not in other


def _page_queries(client, url) -> int:
    client.get(url)  # the first request of a session costs more
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_authoritys_pages_cost_the_same_however_many_queries(client, lead, cdo, submitted):
    questions = _questions(submitted)
    review_query_create(assessment=submitted, question=questions[0], text="?", actor=cdo)
    assessment_return(assessment=submitted, actor=cdo)
    client.force_login(lead)
    urls = [
        reverse("surveys:start"),
        reverse("surveys:check", args=[submitted.reference]),
        reverse("surveys:question", args=[submitted.reference, questions[0].code]),
    ]
    few = [_page_queries(client, url) for url in urls]
    for question in questions[1:]:
        for _ in range(2):
            review_query_create(assessment=submitted, question=question, text="?", actor=cdo)
    review_query_create(assessment=submitted, question=questions[0], text="And?", actor=cdo)
    assert [_page_queries(client, url) for url in urls] == few

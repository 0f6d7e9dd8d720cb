"""Queries on single answers: raised by the CDO office (on their own or from a flag), sent
on return, replied to by the authority, resolved by the reviewer (or by approving)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from surveys.models import Assessment, AssessmentFlag, Question, ReviewQuery
from surveys.review.services.assessments import (
    InvalidTransition,
    assessment_approve,
    assessment_return,
)
from surveys.review.services.queries import (
    QueryRefused,
    review_query_create,
    review_query_reply,
    review_query_resolve,
)
from tests import factories
from tests.surveys.review.support import HACKNEY, assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status


def _question(a: Assessment, index: int = 0) -> Question:
    return Question.objects.filter(questionnaire=a.round.questionnaire).order_by(
        "area__order", "order"
    )[index]


def _flag(a: Assessment, question: Question) -> AssessmentFlag:
    return AssessmentFlag.objects.create(
        assessment=a,
        key=f"no_evidence:{question.code}",
        rule=AssessmentFlag.Rule.NO_EVIDENCE,
        question=question,
        area_code=question.area.code,
        reason="Level 5 Mastering with no evidence.",
        raised_at=timezone.now(),
    )


def test_a_query_waits_with_the_cdo_office_until_the_return_sends_it(
    open_round, lead, cdo, django_capture_on_commit_callbacks
):
    submitted = assessment(open_round, by=lead)
    first, second = _question(submitted, 0), _question(submitted, 2)
    later = review_query_create(assessment=submitted, question=second, text="Why?", actor=cdo)
    query = review_query_create(
        assessment=submitted, question=first, text=" Which policy? ", actor=cdo
    )
    assert query.text == "Which policy?" and query.sent_at is None and later.sent_at is None
    mail.outbox.clear()
    with pytest.raises(ValidationError):  # nothing to say and nothing queried is refused...
        assessment_return(assessment=assessment(open_round, HACKNEY, by=lead), actor=cdo)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment=submitted, actor=cdo)  # ...but queries are enough
    query.refresh_from_db()
    later.refresh_from_db()
    assert query.sent_at is not None and later.sent_at == query.sent_at
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED and submitted.return_comment == ""
    event = AuditEvent.objects.get(action="assessment.return", target=submitted.reference)
    assert event.detail["queries_sent"] == 2
    # The email names how many queries there are and links to the first in questionnaire order.
    body = mail.outbox[0].body
    assert "2 queries about single answers" in body
    assert f"/assessments/{submitted.reference}/questions/{first.code}/" in body


def test_a_query_on_a_returned_assessment_is_sent_at_once(open_round, lead, cdo):
    returned = assessment(open_round, status=Status.RETURNED, by=lead)
    query = review_query_create(
        assessment=returned, question=_question(returned), text="And this?", actor=cdo
    )
    assert query.sent_at is not None


@pytest.mark.parametrize("status", [Status.DRAFT, Status.APPROVED])
def test_only_submitted_or_returned_assessments_are_queried(open_round, lead, cdo, status):
    other = assessment(open_round, status=status, by=lead)
    with pytest.raises(QueryRefused):
        review_query_create(assessment=other, question=_question(other), text="?", actor=cdo)
    assert not ReviewQuery.objects.exists()


def test_only_the_cdo_office_queries_and_a_blank_query_is_refused(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    with pytest.raises(PermissionDenied):
        review_query_create(
            assessment=submitted, question=_question(submitted), text="?", actor=lead
        )
    with pytest.raises(ValidationError):
        review_query_create(
            assessment=submitted, question=_question(submitted), text="  ", actor=cdo
        )
    with pytest.raises(ValidationError):
        review_query_create(
            assessment=submitted, question=_question(submitted), text="x" * 5001, actor=cdo
        )
    assert not ReviewQuery.objects.exists()


def test_a_question_of_another_questionnaire_or_a_foreign_flag_is_refused(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    foreign = factories.make_questionnaire(code="other").questions.first()
    with pytest.raises(ValueError):
        review_query_create(assessment=submitted, question=foreign, text="?", actor=cdo)
    elsewhere = assessment(open_round, HACKNEY, by=lead)
    flag = _flag(elsewhere, _question(elsewhere))
    with pytest.raises(ValueError):
        review_query_create(
            assessment=submitted, question=_question(submitted), text="?", actor=cdo, flag=flag
        )
    assert not ReviewQuery.objects.exists()
    flag.refresh_from_db()
    assert flag.decision == AssessmentFlag.Decision.OPEN


def test_querying_a_flag_marks_it_queried(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    question = _question(submitted)
    flag = _flag(submitted, question)
    query = review_query_create(
        assessment=submitted, question=question, text=flag.reason, actor=cdo, flag=flag
    )
    flag.refresh_from_db()
    assert query.flag == flag and flag.decision == AssessmentFlag.Decision.QUERIED
    assert flag.decided_by == cdo


def test_the_authority_replies_but_only_the_reviewer_resolves(open_round, lead, contributor, cdo):
    returned = assessment(open_round, status=Status.RETURNED, by=lead)
    query = review_query_create(
        assessment=returned, question=_question(returned), text="Which policy?", actor=cdo
    )
    review_query_reply(query=query, text="The 2025 policy.", actor=contributor)
    review_query_reply(query=query, text="The 2026 policy.", actor=lead)  # a later one replaces
    query.refresh_from_db()
    assert (query.reply, query.replied_by, query.status) == ("The 2026 policy.", lead, "open")
    with pytest.raises(PermissionDenied):
        review_query_resolve(query=query, actor=lead)
    review_query_resolve(query=query, actor=cdo)
    query.refresh_from_db()
    assert query.status == ReviewQuery.Status.RESOLVED and query.resolved_by == cdo
    with pytest.raises(QueryRefused):  # twice is refused, and a resolved query takes no reply
        review_query_resolve(query=query, actor=cdo)
    with pytest.raises(QueryRefused):
        review_query_reply(query=query, text="More", actor=lead)
    actions = list(
        AuditEvent.objects.filter(action__startswith="query.").values_list("action", flat=True)
    )
    assert actions.count("query.reply") == 2 and actions.count("query.resolve") == 1


def test_another_authority_or_a_submitted_assessment_cannot_reply(
    open_round, lead, other_lead, cdo
):
    returned = assessment(open_round, status=Status.RETURNED, by=lead)
    query = review_query_create(
        assessment=returned, question=_question(returned), text="?", actor=cdo
    )
    with pytest.raises(PermissionDenied):
        review_query_reply(query=query, text="Not ours", actor=other_lead)
    returned.status = Status.SUBMITTED
    returned.save()
    with pytest.raises(PermissionDenied):
        review_query_reply(query=query, text="Too late", actor=lead)
    query.refresh_from_db()
    assert query.reply == ""


def test_an_unsent_query_takes_no_reply(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    query = review_query_create(
        assessment=submitted, question=_question(submitted), text="?", actor=cdo
    )
    submitted.status = Status.DRAFT  # editable, yet the query was never sent
    submitted.save()
    with pytest.raises(QueryRefused):
        review_query_reply(query=query, text="Seen it?", actor=lead)


def test_approving_resolves_the_open_queries(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    query = review_query_create(
        assessment=submitted, question=_question(submitted), text="?", actor=cdo
    )
    assessment_approve(assessment=submitted, actor=cdo)
    query.refresh_from_db()
    assert query.status == ReviewQuery.Status.RESOLVED and query.resolved_by == cdo
    event = AuditEvent.objects.get(action="assessment.approve")
    assert event.detail["queries_resolved"] == 1


def test_a_refused_return_sends_nothing(open_round, lead, cdo):
    draft = assessment(open_round, status=Status.DRAFT, by=lead)
    query = ReviewQuery.objects.create(
        assessment=draft,
        question=_question(draft),
        text="?",
        created_at=timezone.now(),
        created_by=cdo,
    )
    with pytest.raises(InvalidTransition):
        assessment_return(assessment=draft, actor=cdo, comment="Fix")
    query.refresh_from_db()
    assert query.sent_at is None

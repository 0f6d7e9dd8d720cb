"""The CDO office's queries about single answers: raise one (from an outlier flag or on
its own), the authority replies, the reviewer resolves it.

A query is the reviewer's question, not a block: answering the question changes nothing
about it, and only the CDO office resolves it (or approving the assessment does, which
the approval page says). A query raised on a submitted assessment stays with the CDO
office until the assessment is returned (``queries_send``, called by
``assessment_return``); one raised on a returned assessment is sent at once. Each write
locks the rows it checks and records one audit event.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import access
from audit.services import audit_record
from surveys.models import Assessment, AssessmentFlag, Question, ReviewQuery
from surveys.review.services.flags import flag_decide
from surveys.review.services.text import required_text

# The statuses in which the CDO office may raise a query: under review, or sent back.
QUERYABLE = (Assessment.Status.SUBMITTED, Assessment.Status.RETURNED)


class QueryRefused(Exception):
    """The assessment or query is not in a state that allows this. Shown to people."""


def _audit(action: str, query: ReviewQuery, actor, request, **detail) -> None:
    audit_record(
        action=f"query.{action}",
        actor=actor,
        target=query.assessment.reference,
        request=request,
        detail={"query_id": query.pk, "question": query.question.code, **detail},
    )


@transaction.atomic
def review_query_create(
    *,
    assessment: Assessment,
    question: Question,
    text: str,
    actor,
    flag: AssessmentFlag | None = None,
    request=None,
) -> ReviewQuery:
    """Raise a query about one answer of a submitted or returned assessment.

    Guarantees: the CDO office and admins only (``PermissionDenied``); a blank or
    over-long text raises ``ValidationError``; another status raises ``QueryRefused``;
    the question and flag must belong to the assessment (``ValueError``: only a tampered
    request gets there, the views 404 first). With a flag, the flag is marked queried in
    the same transaction. Sent at once when the assessment is already returned.
    """
    if not access.may_review(actor):
        raise PermissionDenied("Only the CDO office can query answers.")
    text = required_text(text, "Enter your question for the authority")
    locked = Assessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    if locked.status not in QUERYABLE:
        raise QueryRefused(
            f"You cannot query this assessment because it is "
            f"{locked.get_status_display().lower()}: only submitted or returned "
            "assessments can be queried."
        )
    if question.questionnaire_id != assessment.round.questionnaire_id:
        raise ValueError("The question is not part of this assessment's questionnaire")
    if flag is not None and flag.assessment_id != assessment.pk:
        raise ValueError("The flag belongs to another assessment")
    now = timezone.now()
    query = ReviewQuery.objects.create(
        assessment=locked,
        question=question,
        flag=flag,
        text=text,
        created_at=now,
        created_by=actor,
        sent_at=now if locked.status == Assessment.Status.RETURNED else None,
    )
    if flag is not None:
        flag_decide(
            flag=flag, decision=AssessmentFlag.Decision.QUERIED, actor=actor, request=request
        )
    _audit("create", query, actor, request, text=text, flag=flag.key if flag else None)
    return query


def queries_send(*, assessment: Assessment, at) -> int:
    """Mark the assessment's unsent open queries as sent at ``at``; how many. For
    ``assessment_return``, inside its transaction (the caller holds the row lock)."""
    return ReviewQuery.objects.filter(
        assessment=assessment, status=ReviewQuery.Status.OPEN, sent_at__isnull=True
    ).update(sent_at=at)


def queries_resolve_on_approval(*, assessment: Assessment, actor, at) -> int:
    """Resolve every open query of an assessment being approved; how many. For
    ``assessment_approve``, inside its transaction: approving says the answers stand."""
    return ReviewQuery.objects.filter(assessment=assessment, status=ReviewQuery.Status.OPEN).update(
        status=ReviewQuery.Status.RESOLVED, resolved_at=at, resolved_by=actor
    )


def _lock(query: ReviewQuery) -> ReviewQuery:
    return (
        ReviewQuery.objects.select_for_update(of=("self",))
        .select_related("assessment__round", "question")
        .get(pk=query.pk)
    )


@transaction.atomic
def review_query_resolve(*, query: ReviewQuery, actor, request=None) -> ReviewQuery:
    """Resolve an open query: the reviewer is satisfied (whether or not the answer changed).

    Guarantees: the CDO office and admins only; an already resolved query raises
    ``QueryRefused`` and changes nothing.
    """
    if not access.may_review(actor):
        raise PermissionDenied("Only the CDO office can resolve queries.")
    locked = _lock(query)
    if locked.status != ReviewQuery.Status.OPEN:
        raise QueryRefused("This query has already been resolved.")
    locked.status = ReviewQuery.Status.RESOLVED
    locked.resolved_at = timezone.now()
    locked.resolved_by = actor
    locked.save(update_fields=["status", "resolved_at", "resolved_by"])
    _audit("resolve", locked, actor, request)
    query.status, query.resolved_at, query.resolved_by = "resolved", locked.resolved_at, actor
    return locked


@transaction.atomic
def review_query_reply(*, query: ReviewQuery, text: str, actor, request=None) -> ReviewQuery:
    """The authority's reply to a query it has been sent (a later reply replaces it).

    Guarantees: a lead or contributor of the authority while the assessment can be
    edited (``PermissionDenied`` otherwise: the view 404s for other authorities first);
    only an open, sent query (``QueryRefused``); a blank or over-long reply raises
    ``ValidationError``. The reply resolves nothing: the reviewer does.
    """
    text = required_text(text, "Enter your reply to the CDO office")
    locked = _lock(query)
    if not access.can_edit(user=actor, assessment=locked.assessment):
        raise PermissionDenied("You cannot reply to this query.")
    if locked.status != ReviewQuery.Status.OPEN or locked.sent_at is None:
        raise QueryRefused("This query has been resolved: there is nothing to reply to.")
    locked.reply = text
    locked.replied_at = timezone.now()
    locked.replied_by = actor
    locked.save(update_fields=["reply", "replied_at", "replied_by"])
    _audit("reply", locked, actor, request, reply=text)
    query.reply, query.replied_at, query.replied_by = text, locked.replied_at, actor
    return locked

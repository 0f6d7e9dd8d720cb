"""The CDO office's review of submitted assessments: return, approve, and (admins) reopen.

Every transition is all or nothing: it locks the assessment row
(``select_for_update``), checks the status it finds *after* locking (so two reviewers
acting at once cannot both succeed), writes the change, one ``AssessmentEvent`` for
the timeline and one audit event, and emails the authority's leads only once the
transaction has committed.

Reopening and the frozen results: reopening an approved assessment **deletes** its
``ResultSnapshot``. A snapshot means "these are the approved scores"; once the
assessment is open again nothing is approved, and a stale snapshot could be read as
current by anything reading snapshots directly. The withdrawn values are kept in the
``assessment.reopen`` audit event, and the next approval freezes new ones.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from audit.services import audit_record
from surveys.models import Assessment, AssessmentEvent, ResultSnapshot, ReviewQuery
from surveys.results.snapshots import result_snapshot_create
from surveys.review import notifications
from surveys.review.services.queries import queries_resolve_on_approval, queries_send


class InvalidTransition(Exception):
    """The assessment's status does not allow this action. The message is shown to people."""


def _require(actor, rule, action: str) -> None:
    # Views check first; this guards every other caller (commands, shells, bugs).
    if not rule(actor):
        raise PermissionDenied(f"You cannot {action} assessments.")


def _require_comment(comment: str | None, message: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(message, code="required")
    return comment


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("authority", "round")
        .get(pk=assessment.pk)
    )


PAST = {"return": "returned", "approve": "approved", "reopen": "reopened"}
# The one status each action starts from.
FROM_STATUS = {
    "return": Assessment.Status.SUBMITTED,
    "approve": Assessment.Status.SUBMITTED,
    "reopen": Assessment.Status.APPROVED,
}


def check_transition(assessment: Assessment, action: str) -> None:
    """Raise ``InvalidTransition`` unless ``action`` (return, approve, reopen) is allowed now.

    For views to refuse early; the services check again on the locked row.
    """
    allowed = FROM_STATUS[action]
    if assessment.status != allowed:
        raise InvalidTransition(
            f"You cannot {action} this assessment because it is "
            f"{assessment.get_status_display().lower()}. Only {allowed.label.lower()} "
            f"assessments can be {PAST[action]}."
        )


def _record(
    locked: Assessment, *, kind: str, action: str, actor, request, comment="", detail=None
) -> None:
    now = timezone.now()
    locked.last_activity_at = now
    locked.last_activity_by = actor
    AssessmentEvent.objects.create(
        assessment=locked, kind=kind, at=now, actor=actor, comment=comment
    )
    audit_record(
        action=f"assessment.{action}",
        actor=actor,
        target=locked.reference,
        request=request,
        detail={"assessment_id": locked.pk, "status": locked.status, **(detail or {})},
    )


def _sync(assessment: Assessment, locked: Assessment) -> None:
    # The caller's instance reflects the change too, so a view can render it straight away.
    for name in (
        "status",
        "return_comment",
        "approved_at",
        "approved_by_id",
        "last_activity_at",
        "last_activity_by_id",
    ):
        setattr(assessment, name, getattr(locked, name))


@transaction.atomic
def assessment_return(
    *, assessment: Assessment, actor, comment: str = "", request=None
) -> Assessment:
    """Send a submitted assessment back to its authority, saying why: a comment on the
    whole, queries on single answers (``surveys.review.services.queries``), or both.

    Guarantees: only the CDO office and admins (else ``PermissionDenied``); with no
    comment and no open query, ``ValidationError``; anything but a submitted assessment
    raises ``InvalidTransition`` and changes nothing. The comment becomes the assessment's
    ``return_comment`` (shown on the authority's task list); the open queries are sent
    (shown on the task list, the question pages and check answers); the leads are emailed
    the comment, the number of queries and a link to the first.
    """
    _require(actor, access.may_review, "return")
    locked = _lock(assessment)
    check_transition(locked, "return")
    comment = (comment or "").strip()
    open_queries = list(
        ReviewQuery.objects.filter(assessment=locked, status=ReviewQuery.Status.OPEN)
        .select_related("question__area")
        .order_by("question__area__order", "question__order", "pk")
    )
    if not comment and not open_queries:
        raise ValidationError(
            "Enter what the authority needs to change, or query an answer first",
            code="required",
        )
    now = timezone.now()
    locked.status = Assessment.Status.RETURNED
    locked.return_comment = comment
    sent = queries_send(assessment=locked, at=now)
    _record(
        locked,
        kind=AssessmentEvent.Kind.RETURNED,
        action="return",
        actor=actor,
        request=request,
        comment=_timeline_comment(comment, len(open_queries)),
        detail={"comment": comment, "queries_open": len(open_queries), "queries_sent": sent},
    )
    locked.save(update_fields=["status", "return_comment", "last_activity_at", "last_activity_by"])
    notifications.notify_returned(
        locked,
        comment=comment,
        queries=len(open_queries),
        first_query=open_queries[0].question if open_queries else None,
    )
    _sync(assessment, locked)
    return locked


def _timeline_comment(comment: str, queries: int) -> str:
    if not queries:
        return comment
    about = f"{queries} quer{'y' if queries == 1 else 'ies'} about single answers."
    return f"{comment}\n\n{about}" if comment else about


@transaction.atomic
def assessment_approve(*, assessment: Assessment, actor, request=None) -> Assessment:
    """Approve a submitted assessment and freeze its scores.

    Guarantees: only the CDO office and admins; anything but a submitted assessment
    raises ``InvalidTransition``. Sets ``approved_at``/``approved_by``, clears the
    return comment, resolves any open query (approving says the answers stand; the
    confirmation page lists them first), and writes a ``ResultSnapshot`` (replacing any
    earlier one) in the same transaction, so an approved assessment always has frozen
    results.
    """
    _require(actor, access.may_review, "approve")
    locked = _lock(assessment)
    check_transition(locked, "approve")
    now = timezone.now()
    locked.status = Assessment.Status.APPROVED
    locked.approved_at = now
    locked.approved_by = actor
    locked.return_comment = ""
    resolved = queries_resolve_on_approval(assessment=locked, actor=actor, at=now)
    snapshot = result_snapshot_create(assessment=locked, actor=actor, request=request)
    _record(
        locked,
        kind=AssessmentEvent.Kind.APPROVED,
        action="approve",
        actor=actor,
        request=request,
        detail={
            "overall_score": _text(snapshot.overall_score),
            "overall_level": snapshot.overall_level,
            "queries_resolved": resolved,
        },
    )
    locked.save(
        update_fields=[
            "status",
            "approved_at",
            "approved_by",
            "return_comment",
            "last_activity_at",
            "last_activity_by",
        ]
    )
    notifications.notify_approved(locked)
    _sync(assessment, locked)
    return locked


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, actor, reason: str, request=None) -> Assessment:
    """Reopen an approved assessment so its authority can change it (admins only).

    The assessment becomes *returned* (editable again, and the borough's task list
    shows ``return_comment``, here the reason); ``approved_at``/``approved_by`` are
    cleared and its snapshot deleted (see the module docstring). Guarantees: only
    admins (else ``PermissionDenied``); a blank reason raises ``ValidationError``;
    anything but an approved assessment raises ``InvalidTransition``.
    """
    _require(actor, access.may_reopen, "reopen")
    reason = _require_comment(reason, "Enter why you are reopening this assessment")
    locked = _lock(assessment)
    check_transition(locked, "reopen")
    withdrawn = (
        ResultSnapshot.objects.filter(assessment=locked)
        .values("overall_score", "overall_level", "completion", "computed_at")
        .first()
    )
    ResultSnapshot.objects.filter(assessment=locked).delete()
    locked.status = Assessment.Status.RETURNED
    locked.return_comment = reason
    locked.approved_at = None
    locked.approved_by = None
    _record(
        locked,
        kind=AssessmentEvent.Kind.REOPENED,
        action="reopen",
        actor=actor,
        request=request,
        comment=reason,
        detail={
            "reason": reason,
            "withdrawn_snapshot": {k: _text(v) for k, v in withdrawn.items()}
            if withdrawn
            else None,
        },
    )
    locked.save(
        update_fields=[
            "status",
            "return_comment",
            "approved_at",
            "approved_by",
            "last_activity_at",
            "last_activity_by",
        ]
    )
    notifications.notify_reopened(locked, reason=reason)
    _sync(assessment, locked)
    return locked


def _text(value) -> str | int | None:
    if value is None or isinstance(value, int):
        return value
    return str(value)

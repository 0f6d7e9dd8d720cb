"""Outlier flags on an assessment: worked out again, and decided by the CDO office.

``assessment_flags_refresh`` applies the rules (``surveys.review.flags.rules``) to what
is stored now and brings the assessment's ``AssessmentFlag`` rows in line: a flag still
raised keeps its decision (and gets the current reason), a new one starts open, and one
no longer raised is deleted. It runs when an assessment is submitted
(``surveys.journey.services.assessments.assessment_submit``) and when the CDO office
checks again. ``flag_decide`` records the CDO office's decision on one flag (accepted,
queried, or open again). Flags never block approval. docs/moderation.md.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from audit.services import audit_record
from surveys.models import Assessment, AssessmentFlag, Question
from surveys.review.flags.inputs import flag_inputs
from surveys.review.flags.rules import raise_flags

REFRESHED_FIELDS = ("rule", "question_id", "area_code", "reason")


@transaction.atomic
def assessment_flags_refresh(
    *, assessment: Assessment, actor=None, request=None
) -> list[AssessmentFlag]:
    """Work the assessment's flags out again from stored data; returns them, in order.

    Locks the assessment row, so two checks at once end with one set of flags. Keeps
    the decision (and who made it, and when) of every flag still raised, updating its
    reason; creates the new ones open; deletes those no longer raised (a query made from
    one keeps its text, its ``flag`` becomes empty). Sets ``flags_checked_at``; records
    ``assessment.flags`` with the counts. ``actor`` None is the system (demo data).
    Whoever may submit or review the assessment may cause it: the callers authorise.
    """
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=assessment.pk)
    )
    raised = raise_flags(flag_inputs(assessment=locked))
    question_ids = dict(
        Question.objects.filter(questionnaire_id=locked.round.questionnaire_id).values_list(
            "code", "pk"
        )
    )
    existing = {flag.key: flag for flag in AssessmentFlag.objects.filter(assessment=locked)}
    now = timezone.now()
    new, changed = [], []
    for found in raised:
        values = {
            "rule": found.rule,
            "question_id": question_ids.get(found.question_code or ""),
            "area_code": found.area_code,
            "reason": found.reason,
        }
        flag = existing.pop(found.key, None)
        if flag is None:
            new.append(AssessmentFlag(assessment=locked, key=found.key, raised_at=now, **values))
        elif any(getattr(flag, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(flag, name, value)
            changed.append(flag)
    if existing:
        AssessmentFlag.objects.filter(pk__in=[flag.pk for flag in existing.values()]).delete()
    AssessmentFlag.objects.bulk_create(new)
    if changed:
        AssessmentFlag.objects.bulk_update(changed, REFRESHED_FIELDS)
    locked.flags_checked_at = now
    locked.save(update_fields=["flags_checked_at"])
    assessment.flags_checked_at = now
    audit_record(
        action="assessment.flags",
        actor=actor,
        target=locked.reference,
        request=request,
        detail={
            "assessment_id": locked.pk,
            "raised": len(raised),
            "new": len(new),
            "updated": len(changed),
            "removed": len(existing),
        },
    )
    return list(AssessmentFlag.objects.filter(assessment=locked).order_by("pk"))


@transaction.atomic
def flag_decide(*, flag: AssessmentFlag, decision: str, actor, request=None) -> AssessmentFlag:
    """Record the CDO office's decision on a flag: accepted, queried, or open again.

    Only the CDO office and admins (``accounts.access.may_review``; else
    ``PermissionDenied``); a decision that is not one of ``AssessmentFlag.Decision`` is a
    ``ValidationError``. Locks the flag's row; records ``flag.<decision>``. Open again
    clears who decided and when.
    """
    if not access.may_review(actor):
        raise PermissionDenied("Only the CDO office can decide on a flag.")
    if decision not in AssessmentFlag.Decision.values:
        raise ValidationError(f"Unknown decision {decision!r}.", code="invalid")
    locked = (
        AssessmentFlag.objects.select_for_update(of=("self",))
        .select_related("assessment")
        .get(pk=flag.pk)
    )
    before = locked.decision
    is_open = decision == AssessmentFlag.Decision.OPEN
    locked.decision = decision
    locked.decided_at = None if is_open else timezone.now()
    locked.decided_by = None if is_open else actor
    locked.save(update_fields=["decision", "decided_at", "decided_by"])
    flag.decision, flag.decided_at, flag.decided_by = (
        locked.decision,
        locked.decided_at,
        locked.decided_by,
    )
    audit_record(
        action=f"flag.{decision}",
        actor=actor,
        target=locked.assessment.reference,
        request=request,
        detail={"flag": locked.key, "before": before, "assessment_id": locked.assessment_id},
    )
    return locked

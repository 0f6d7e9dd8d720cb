"""Starting, prefilling and submitting an authority's assessment."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import access
from accounts.access import can_edit, can_submit
from audit.services import audit_record
from boroughs.models import Authority
from surveys.answers.values import is_answered, value_of
from surveys.journey.selectors import assessment_progress, previous_assessment_with_answers
from surveys.journey.services.answers import NotEditable
from surveys.models import (
    Answer,
    AnswerChange,
    Assessment,
    AssessmentEvent,
    Question,
    Round,
    ScaleLevel,
)
from surveys.results.answer_scores import score_of
from surveys.review import notifications
from surveys.review.services.flags import assessment_flags_refresh


class AssessmentIncomplete(Exception):  # noqa: N818 - reads better at the call site
    """Required questions are unanswered; ``missing`` lists them (Question objects)."""

    def __init__(self, missing: list[Question]):
        super().__init__(f"{len(missing)} required question(s) unanswered")
        self.missing = missing


class NotAllowed(PermissionDenied):
    """The person may not do this (e.g. a contributor submitting). Views answer 403."""


def assessment_reference(*, authority: Authority, round: Round) -> str:
    """The reference people quote, e.g. ``LDM-2026-E09000007`` for round slug ``2026``."""
    return f"LDM-{round.slug}-{authority.gss_code}".upper()


def assessment_start(*, authority: Authority, round: Round, actor, request=None) -> Assessment:
    """The authority's assessment for the round, created (as a draft) if it has none.

    Called when a lead or contributor presses "Start this assessment" (a POST: showing
    the start page never writes). Idempotent and safe when two colleagues press it at
    the same moment: the unique (authority, round) constraint lets one create it, and
    the other then reads it. Creating it records a STARTED event and an audit entry.
    Only an open round can be started (ValidationError), and only by a lead or
    contributor of the authority (:class:`NotAllowed`); ``actor`` None is the system
    (demo data, the load test's set-up).
    """
    if actor is not None and not access.may_start(actor, authority.pk):
        raise NotAllowed("Only the authority's leads and contributors can start its assessment")
    for attempt in range(2):
        try:
            with transaction.atomic():
                assessment, created = Assessment.objects.get_or_create(
                    authority=authority,
                    round=round,
                    defaults={"reference": assessment_reference(authority=authority, round=round)},
                )
                if created:
                    if round.status != Round.Status.OPEN:
                        raise ValidationError("Only an open round can be started")
                    now = timezone.now()
                    AssessmentEvent.objects.create(
                        assessment=assessment,
                        kind=AssessmentEvent.Kind.STARTED,
                        at=now,
                        actor=actor,
                    )
                    audit_record(
                        action="assessment.start",
                        actor=actor,
                        target=assessment.reference,
                        request=request,
                        detail={"round": round.slug, "authority": authority.gss_code},
                    )
                return assessment
        except IntegrityError:
            # Someone else created it between our read and our write: read theirs.
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _lock(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round__questionnaire", "authority")
        .get(pk=assessment.pk)
    )


# The senior sign-off: a recorded statement (a name and a role), not an account.
SIGN_OFF_MAX_LENGTH = 200
SIGN_OFF_FIELDS = {"sign_off_name": "name", "sign_off_role": "role"}
SIGN_OFF_CONTROL_MESSAGE = "The {what} cannot contain line breaks, tabs or other control characters"


def sign_off_errors(*, name: str, role: str) -> dict[str, str]:
    """What is wrong with a senior sign-off, by field (``sign_off_name``,
    ``sign_off_role``); empty when it is fine. Pure: the submit form and the service
    both ask it.

    Both or neither (an optional statement, but a name needs its role and a role its
    name), each at most ``SIGN_OFF_MAX_LENGTH`` characters, on one line with no control
    characters. Give the values already stripped of surrounding spaces.
    """
    errors: dict[str, str] = {}
    values = {"sign_off_name": name, "sign_off_role": role}
    for field, what in SIGN_OFF_FIELDS.items():
        value = values[field]
        if any(unicodedata.category(character) == "Cc" for character in value):
            errors[field] = SIGN_OFF_CONTROL_MESSAGE.format(what=what)
        elif len(value) > SIGN_OFF_MAX_LENGTH:
            errors[field] = f"The {what} must be {SIGN_OFF_MAX_LENGTH} characters or fewer"
    if name and not role and "sign_off_role" not in errors:
        errors["sign_off_role"] = (
            "Enter the role of the senior officer who signed this off, or remove their name"
        )
    if role and not name and "sign_off_name" not in errors:
        errors["sign_off_name"] = (
            "Enter the name of the senior officer who signed this off, or remove their role"
        )
    return errors


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, actor, request=None, sign_off_name: str = "", sign_off_role: str = ""
) -> Assessment:
    """Submit the assessment to the CDO office; afterwards the authority can only read it.

    Guarantees: only the authority's lead may submit (:class:`NotAllowed` otherwise); only
    a draft or returned assessment in an open round (:class:`NotEditable`); only with a
    valid senior sign-off or none (``sign_off_errors``; ValidationError by field); only when
    every required question is answered (:class:`AssessmentIncomplete`, listing them).
    On success sets status, submitted_at/by, the sign-off (replacing an earlier one, or
    clearing it when none is given) and last activity, appends a SUBMITTED event and an
    audit entry naming the sign-off. On any refusal nothing is written.
    """
    locked = _lock(assessment)
    if not can_edit(user=actor, assessment=locked):
        raise NotEditable("This assessment cannot be submitted now")
    if not can_submit(user=actor, assessment=locked):
        raise NotAllowed("Only your authority's digital lead can submit the assessment")
    sign_off_name, sign_off_role = sign_off_name.strip(), sign_off_role.strip()
    errors = sign_off_errors(name=sign_off_name, role=sign_off_role)
    if errors:
        raise ValidationError(errors)
    missing = [state.question for state in assessment_progress(assessment=locked).missing]
    if missing:
        raise AssessmentIncomplete(missing)
    now = timezone.now()
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = actor
    locked.last_activity_at = now
    locked.last_activity_by = actor
    # The CDO office's return comment has been dealt with; it stays in the timeline.
    locked.return_comment = ""
    locked.sign_off_name = sign_off_name
    locked.sign_off_role = sign_off_role
    locked.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "last_activity_at",
            "last_activity_by",
            "return_comment",
            "sign_off_name",
            "sign_off_role",
        ]
    )
    AssessmentEvent.objects.create(
        assessment=locked, kind=AssessmentEvent.Kind.SUBMITTED, at=now, actor=actor
    )
    assessment_flags_refresh(assessment=locked, actor=actor, request=request)
    audit_record(
        action="assessment.submit",
        actor=actor,
        target=locked.reference,
        request=request,
        detail={
            "assessment_id": locked.pk,
            "sign_off_name": sign_off_name,
            "sign_off_role": sign_off_role,
        },
    )
    notifications.notify_submitted(locked)
    return locked


@transaction.atomic
def assessment_prefill_from_previous(*, assessment: Assessment, actor, request=None) -> int:
    """Copy the authority's answers from its latest earlier round into this empty assessment.

    Copies value, evidence and its "share" tick of every answered question whose code
    (and kind) is in this round's questionnaire too; a level beyond this scale is left
    out. Each copied answer starts at version 1 with an AnswerChange, so the history
    shows where it came from. Refuses (:class:`NotEditable`) unless the actor can edit the
    assessment, and (ValidationError) if it already has answers. Returns how many answers
    were copied.
    """
    locked = _lock(assessment)
    if not can_edit(user=actor, assessment=locked):
        raise NotEditable("This assessment cannot be changed")
    if Answer.objects.filter(assessment=locked).exists():
        raise ValidationError("This assessment already has answers")
    source = previous_assessment_with_answers(assessment=locked)
    if source is None:
        return 0
    questions = {
        q.code: q for q in Question.objects.filter(questionnaire_id=locked.round.questionnaire_id)
    }
    scale_size = ScaleLevel.objects.filter(questionnaire_id=locked.round.questionnaire_id).count()
    now = timezone.now()
    copies = []
    for old in Answer.objects.filter(assessment=source).select_related("question"):
        question = questions.get(old.question.code)
        if question is None or question.kind != old.question.kind:
            continue
        value = value_of(kind=question.kind, answer=old)
        if not is_answered(value) or (old.level is not None and old.level > scale_size):
            continue
        copies.append(
            Answer(
                assessment=locked,
                question=question,
                level=old.level,
                not_applicable=old.not_applicable,
                yes_no=old.yes_no,
                number=old.number,
                text=old.text,
                evidence=old.evidence,
                evidence_shared=old.evidence_shared,
                version=1,
                changed_at=now,
                changed_by=actor,
            )
        )
        copies[-1].score = score_of(copies[-1], question=question, scale_size=scale_size)
    Answer.objects.bulk_create(copies)
    # bulk_create does not return primary keys on every database: read them back.
    created = Answer.objects.filter(assessment=locked).select_related("question")
    AnswerChange.objects.bulk_create(
        AnswerChange(
            answer=answer,
            changed_at=now,
            changed_by=actor,
            version=1,
            old_value=None,
            new_value=value_of(kind=answer.question.kind, answer=answer),
            old_evidence="",
            new_evidence=answer.evidence,
        )
        for answer in created
    )
    if copies:
        Assessment.objects.filter(pk=locked.pk).update(last_activity_at=now, last_activity_by=actor)
    audit_record(
        action="assessment.prefill",
        actor=actor,
        target=locked.reference,
        request=request,
        detail={"from": source.reference, "answers": len(copies)},
    )
    return len(copies)

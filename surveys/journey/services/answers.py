"""Saving answers: every save commits at once, and never overwrites a colleague's change unseen."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from accounts.access import can_edit
from audit.services import audit_record
from surveys.answers.kinds import kind_of, stored_fields
from surveys.answers.values import is_answered
from surveys.models import Answer, AnswerChange, Assessment, Question, ScaleLevel
from surveys.results.answer_scores import with_score

EVIDENCE_MAX_LENGTH = 2000


class NotEditable(PermissionDenied):
    """The assessment cannot be changed by this person now.

    It has been submitted or approved, its round is not open, or the person is not a
    lead or contributor of its authority. A subclass of PermissionDenied: views answer 403.
    """


class AnswerConflict(Exception):  # noqa: N818 - reads better at the call site
    """Someone else saved this answer since the form was shown. Nothing was written.

    ``current`` is their answer as it is now (None if it has gone); ``attempted`` and
    ``attempted_evidence`` are what this save tried to write, so nothing is lost.
    """

    def __init__(self, *, current: Answer | None, attempted: dict, attempted_evidence: str):
        super().__init__("The answer was changed by someone else")
        self.current = current
        self.attempted = attempted
        self.attempted_evidence = attempted_evidence


def normalise_value(
    *,
    question: Question,
    level: int | None = None,
    not_applicable: bool = False,
    yes_no: bool | None = None,
    number: Decimal | int | str | None = None,
    text: str = "",
    scale_size: int,
) -> dict:
    """The value in the shape of :func:`surveys.answers.values.value_of`, validated.

    Raises ValidationError for a value the question cannot take (a level outside the
    scale, a level together with "not applicable", a number that is not one...).
    """
    given = {
        "level": level,
        "not_applicable": not_applicable,
        "yes_no": yes_no,
        "number": number,
        "text": text,
    }
    return kind_of(question).normalise(given, scale_size=scale_size)


def _current_answer(*, assessment: Assessment, question: Question) -> Answer | None:
    # Locks the row on PostgreSQL until the transaction ends; a no-op on SQLite,
    # which serialises writers anyway.
    return (
        Answer.objects.select_for_update(of=("self",))
        .filter(assessment=assessment, question=question)
        .first()
    )


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question: Question,
    actor,
    level: int | None = None,
    not_applicable: bool = False,
    yes_no: bool | None = None,
    number: Decimal | int | str | None = None,
    text: str = "",
    evidence: str = "",
    evidence_shared: bool | None = None,
    expected_version: int,
    request=None,
) -> Answer | None:
    """Save one answer now, unless someone else changed it since ``expected_version``.

    Guarantees, all inside one transaction:

    - Refuses with :class:`NotEditable` (nothing written) when the actor may not edit the
      assessment (see ``can_edit``: member of the authority, draft or returned, round open).
    - ``expected_version`` is the version the form was rendered with (0 for no answer yet);
      if the stored version differs, raises :class:`AnswerConflict` and writes nothing.
      Two people creating the first answer at once: one wins, the other gets the conflict.
    - ``evidence_shared`` is the "share this evidence with other London authorities"
      tick (None: leave it as it is); it is recorded in the audit event, not in the
      AnswerChange.
    - A save that changes nothing (same value, evidence and tick) writes nothing at all.
    - Otherwise writes the answer, increments its version, appends an AnswerChange
      (old and new value and evidence), updates the assessment's last activity and
      records an audit event.

    Returns the answer as stored, or None when there is none (a blank first save).
    """
    # Locking the assessment row serialises saves with submission, so nothing can be
    # written after an assessment has been checked complete and submitted. The size of
    # its questionnaire's scale comes with it (one query fewer on every save).
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("round")
        .annotate(
            scale_size=Subquery(
                ScaleLevel.objects.filter(questionnaire_id=OuterRef("round__questionnaire_id"))
                .order_by()
                .values("questionnaire_id")
                .annotate(size=Count("pk"))
                .values("size")
            )
        )
        .get(pk=assessment.pk)
    )
    if not can_edit(user=actor, assessment=locked):
        raise NotEditable("This assessment cannot be changed")
    if question.questionnaire_id != locked.round.questionnaire_id:
        raise ValidationError("The question is not part of this assessment")
    scale_size = locked.scale_size or 0  # no scale levels: no subquery row
    new_value = normalise_value(
        question=question,
        level=level,
        not_applicable=not_applicable,
        yes_no=yes_no,
        number=number,
        text=text,
        scale_size=scale_size,
    )
    evidence = (evidence or "").replace("\r\n", "\n")
    if len(evidence) > EVIDENCE_MAX_LENGTH:
        raise ValidationError(f"Evidence must be {EVIDENCE_MAX_LENGTH} characters or fewer")

    current = _current_answer(assessment=locked, question=question)
    current_version = current.version if current is not None else 0
    if expected_version != current_version:
        raise AnswerConflict(current=current, attempted=new_value, attempted_evidence=evidence)

    old_value = kind_of(question).value_of(current)
    old_evidence = current.evidence if current is not None else ""
    old_shared = current.evidence_shared if current is not None else False
    shared = old_shared if evidence_shared is None else evidence_shared
    if old_value == new_value and old_evidence == evidence and old_shared == shared:
        return current
    if current is None and not is_answered(new_value) and not evidence:
        return None

    now = timezone.now()
    if current is None:
        try:
            with transaction.atomic():
                answer = Answer.objects.create(
                    assessment=locked,
                    question=question,
                    evidence=evidence,
                    evidence_shared=shared,
                    version=1,
                    changed_at=now,
                    changed_by=actor,
                    **with_score(question, stored_fields(new_value), scale_size=scale_size),
                )
        except IntegrityError as error:
            # A colleague created it between our read and our write.
            theirs = Answer.objects.filter(assessment=locked, question=question).first()
            raise AnswerConflict(
                current=theirs, attempted=new_value, attempted_evidence=evidence
            ) from error
    else:
        answer = current
        fields = with_score(question, stored_fields(new_value), scale_size=scale_size)
        for name, field_value in fields.items():
            setattr(answer, name, field_value)
        answer.evidence, answer.evidence_shared = evidence, shared
        answer.version = current.version + 1
        answer.changed_at = now
        answer.changed_by = actor
        answer.save()

    AnswerChange.objects.create(
        answer=answer,
        changed_at=now,
        changed_by=actor,
        version=answer.version,
        old_value=old_value if current is not None else None,
        new_value=new_value,
        old_evidence=old_evidence,
        new_evidence=evidence,
    )
    Assessment.objects.filter(pk=locked.pk).update(last_activity_at=now, last_activity_by=actor)
    assessment.last_activity_at, assessment.last_activity_by = now, actor
    audit_record(
        action="answer.save",
        actor=actor,
        target=f"{locked.reference} {question.code}",
        request=request,
        detail={
            "question": question.code,
            "version": answer.version,
            "evidence_shared": answer.evidence_shared,
        },
    )
    return answer

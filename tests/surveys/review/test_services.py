"""Return, approve and reopen: valid and invalid transitions, events, audit, snapshots."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from surveys.models import Assessment, AssessmentEvent, ResultSnapshot
from surveys.results.selectors import assessment_scores
from surveys.review.services import assessments as review
from surveys.review.services.assessments import (
    InvalidTransition,
    assessment_approve,
    assessment_reopen,
    assessment_return,
)
from tests.surveys.review.support import assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status


def _state(a: Assessment):
    a.refresh_from_db()
    return (
        a.status,
        a.return_comment,
        a.approved_at,
        a.approved_by_id,
        AssessmentEvent.objects.filter(assessment=a).count(),
        AuditEvent.objects.filter(target=a.reference).count(),
        ResultSnapshot.objects.filter(assessment=a).count(),
    )


def test_return_records_comment_event_and_audit(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    assessment_return(assessment=submitted, actor=cdo, comment="  Add evidence for Q2.  ")
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.return_comment == "Add evidence for Q2."
    assert submitted.last_activity_by == cdo
    event = AssessmentEvent.objects.get(assessment=submitted)
    assert (event.kind, event.actor, event.comment) == ("returned", cdo, "Add evidence for Q2.")
    audit = AuditEvent.objects.get(action="assessment.return")
    assert audit.actor == cdo
    assert audit.target == submitted.reference
    assert audit.detail["comment"] == "Add evidence for Q2."


def test_return_updates_the_callers_instance(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    assessment_return(assessment=submitted, actor=cdo, comment="Why")
    assert submitted.status == Status.RETURNED  # no refresh needed


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_return_needs_a_comment(open_round, lead, cdo, comment):
    submitted = assessment(open_round, by=lead)
    before = _state(submitted)
    with pytest.raises(ValidationError):
        assessment_return(assessment=submitted, actor=cdo, comment=comment)
    assert _state(submitted) == before


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.APPROVED])
def test_only_submitted_assessments_can_be_returned(open_round, lead, cdo, status):
    other = assessment(open_round, status=status, by=lead)
    before = _state(other)
    with pytest.raises(InvalidTransition, match=f"because it is {status}"):
        assessment_return(assessment=other, actor=cdo, comment="Please fix")
    assert _state(other) == before


def test_approve_freezes_scores_and_records_everything(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead, level=4)
    _, live = assessment_scores(assessments=Assessment.objects.filter(pk=submitted.pk))
    assessment_approve(assessment=submitted, actor=cdo)
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert submitted.approved_by == cdo
    assert submitted.approved_at is not None
    snapshot = ResultSnapshot.objects.get(assessment=submitted)
    assert float(snapshot.overall_score) == live[submitted.pk].overall_score == 75.0
    assert snapshot.overall_level == live[submitted.pk].overall_level
    event = AssessmentEvent.objects.get(assessment=submitted)
    assert (event.kind, event.actor) == ("approved", cdo)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"assessment.approve", "result_snapshot.create"} <= actions


def test_approve_clears_an_earlier_return_comment(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    Assessment.objects.filter(pk=submitted.pk).update(return_comment="Old comment")
    assessment_approve(assessment=submitted, actor=cdo)
    submitted.refresh_from_db()
    assert submitted.return_comment == ""


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.APPROVED])
def test_only_submitted_assessments_can_be_approved(open_round, lead, cdo, status):
    other = assessment(open_round, status=status, by=lead)
    before = _state(other)
    with pytest.raises(InvalidTransition, match="Only submitted assessments can be approved"):
        assessment_approve(assessment=other, actor=cdo)
    assert _state(other) == before


def test_a_failed_snapshot_leaves_nothing_written(open_round, lead, cdo, monkeypatch):
    submitted = assessment(open_round, by=lead)
    before = _state(submitted)

    def broken(**kwargs):
        raise RuntimeError("scoring failed")

    monkeypatch.setattr(review, "result_snapshot_create", broken)
    with pytest.raises(RuntimeError):
        assessment_approve(assessment=submitted, actor=cdo)
    assert _state(submitted) == before


def test_the_status_is_checked_on_the_locked_row_not_the_callers_copy(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    stale = Assessment.objects.get(pk=submitted.pk)
    assessment_approve(assessment=submitted, actor=cdo)
    # A second reviewer with the page still open (status "submitted" in memory):
    assert stale.status == Status.SUBMITTED
    with pytest.raises(InvalidTransition, match="because it is approved"):
        assessment_return(assessment=stale, actor=cdo, comment="Too late")
    assert AssessmentEvent.objects.filter(assessment=submitted).count() == 1


@pytest.mark.parametrize("role", ["lead", "contributor", "other_lead"])
def test_borough_users_cannot_review(open_round, lead, request, role):
    user = request.getfixturevalue(role)
    submitted = assessment(open_round, by=lead)
    before = _state(submitted)
    with pytest.raises(PermissionDenied):
        assessment_approve(assessment=submitted, actor=user)
    with pytest.raises(PermissionDenied):
        assessment_return(assessment=submitted, actor=user, comment="No")
    assert _state(submitted) == before


def test_admins_can_review(open_round, lead, admin_user):
    submitted = assessment(open_round, by=lead)
    assessment_approve(assessment=submitted, actor=admin_user)
    assert submitted.status == Status.APPROVED


def _approved(open_round, lead, cdo):
    submitted = assessment(open_round, by=lead)
    assessment_approve(assessment=submitted, actor=cdo)
    return submitted


def test_reopen_returns_the_assessment_with_the_reason(open_round, lead, cdo, admin_user):
    approved = _approved(open_round, lead, cdo)
    old_score = str(ResultSnapshot.objects.get(assessment=approved).overall_score)
    assessment_reopen(assessment=approved, actor=admin_user, reason="Wrong area answered")
    approved.refresh_from_db()
    assert approved.status == Status.RETURNED
    assert approved.is_editable
    assert approved.return_comment == "Wrong area answered"
    assert approved.approved_at is None and approved.approved_by is None
    # The snapshot is withdrawn (see the service's docstring); the audit keeps its values.
    assert not ResultSnapshot.objects.filter(assessment=approved).exists()
    audit = AuditEvent.objects.get(action="assessment.reopen")
    assert audit.actor == admin_user
    assert audit.detail["reason"] == "Wrong area answered"
    assert audit.detail["withdrawn_snapshot"]["overall_score"] == old_score
    kinds = list(AssessmentEvent.objects.filter(assessment=approved).values_list("kind", "comment"))
    assert kinds == [("approved", ""), ("reopened", "Wrong area answered")]


def test_reopened_then_approved_again_freezes_new_scores(open_round, lead, cdo, admin_user):
    approved = _approved(open_round, lead, cdo)
    assessment_reopen(assessment=approved, actor=admin_user, reason="Recheck")
    approved.answers.update(level=5)
    Assessment.objects.filter(pk=approved.pk).update(status=Status.SUBMITTED)
    approved.refresh_from_db()
    assessment_approve(assessment=approved, actor=cdo)
    assert float(ResultSnapshot.objects.get(assessment=approved).overall_score) == 100.0


def test_only_admins_reopen(open_round, lead, cdo):
    approved = _approved(open_round, lead, cdo)
    before = _state(approved)
    with pytest.raises(PermissionDenied):
        assessment_reopen(assessment=approved, actor=cdo, reason="Because")
    assert _state(approved) == before


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
def test_only_approved_assessments_can_be_reopened(open_round, lead, admin_user, status):
    other = assessment(open_round, status=status, by=lead)
    before = _state(other)
    with pytest.raises(InvalidTransition, match="Only approved assessments can be reopened"):
        assessment_reopen(assessment=other, actor=admin_user, reason="Because")
    assert _state(other) == before


def test_reopen_needs_a_reason(open_round, lead, cdo, admin_user):
    approved = _approved(open_round, lead, cdo)
    before = _state(approved)
    with pytest.raises(ValidationError):
        assessment_reopen(assessment=approved, actor=admin_user, reason=" ")
    assert _state(approved) == before


def test_emails_wait_for_the_commit(open_round, lead, cdo, django_capture_on_commit_callbacks):
    submitted = assessment(open_round, by=lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment_return(assessment=submitted, actor=cdo, comment="Fix it")
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [[lead.email]]


def test_a_rolled_back_transition_sends_nothing(
    open_round, lead, cdo, monkeypatch, django_capture_on_commit_callbacks
):
    submitted = assessment(open_round, by=lead)

    def broken(*args):
        raise RuntimeError("failed after the email was queued")

    # The last step of the service, after the email is queued: the email must be dropped.
    monkeypatch.setattr(review, "_sync", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        assessment_return(assessment=submitted, actor=cdo, comment="Fix it")
    assert mail.outbox == []
    assert _state(submitted)[0] == Status.SUBMITTED

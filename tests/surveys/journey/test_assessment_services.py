"""assessment_start, assessment_submit and assessment_prefill_from_previous."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from audit.models import AuditEvent
from surveys.journey.services.answers import NotEditable, answer_save
from surveys.journey.services.assessments import (
    AssessmentIncomplete,
    NotAllowed,
    assessment_prefill_from_previous,
    assessment_reference,
    assessment_start,
    assessment_submit,
)
from surveys.models import Answer, AnswerChange, Assessment, AssessmentEvent, Round, ScaleLevel
from tests import factories
from tests.surveys.journey.support import answer_all, make_journey, rows

pytestmark = pytest.mark.django_db


# ---- start -------------------------------------------------------------------------------


def test_start_creates_a_draft_with_a_reference_an_event_and_an_audit_entry(lead):
    round_ = factories.RoundFactory(slug="2026")
    camden = lead.membership.authority

    assessment = assessment_start(authority=camden, round=round_, actor=lead)

    assert assessment.reference == "LDM-2026-E09000007"
    assert assessment.status == Assessment.Status.DRAFT
    event = assessment.events.get()
    assert (event.kind, event.actor) == (AssessmentEvent.Kind.STARTED, lead)
    assert AuditEvent.objects.filter(
        action="assessment.start", target=assessment.reference
    ).exists()


def test_start_is_idempotent(lead, contributor):
    round_ = factories.RoundFactory()
    camden = lead.membership.authority
    first = assessment_start(authority=camden, round=round_, actor=lead)
    second = assessment_start(authority=camden, round=round_, actor=contributor)
    assert first.pk == second.pk
    assert Assessment.objects.count() == 1
    assert AssessmentEvent.objects.count() == 1


def test_start_when_a_colleague_creates_it_at_the_same_moment(lead, contributor, monkeypatch):
    """The first attempt loses the race (IntegrityError); the retry reads theirs."""
    round_ = factories.RoundFactory()
    camden = lead.membership.authority
    manager = Assessment.objects
    real = manager.get_or_create
    calls = []

    def racing_get_or_create(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            real(**kwargs)  # the colleague's request
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(**kwargs)

    monkeypatch.setattr(manager, "get_or_create", racing_get_or_create)
    assessment = assessment_start(authority=camden, round=round_, actor=contributor)

    assert len(calls) == 2
    assert Assessment.objects.get().pk == assessment.pk


def test_start_refuses_a_round_that_is_not_open(lead):
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    with pytest.raises(ValidationError):
        assessment_start(authority=lead.membership.authority, round=round_, actor=lead)
    assert Assessment.objects.count() == 0
    assert AssessmentEvent.objects.count() == 0


def test_only_the_authoritys_people_or_the_system_start_its_assessment(
    lead, other_lead, cdo, admin_user
):
    round_ = factories.RoundFactory()
    camden = lead.membership.authority
    for stranger in (other_lead, cdo, admin_user):
        with pytest.raises(NotAllowed):
            assessment_start(authority=camden, round=round_, actor=stranger)
    assert Assessment.objects.count() == 0
    assert not AuditEvent.objects.filter(action="assessment.start").exists()
    # The system (demo data, the load test's set-up) starts assessments with no actor.
    assert assessment_start(authority=camden, round=round_, actor=None).authority == camden


def test_reference_uses_the_round_slug_and_gss_code(lead):
    round_ = factories.RoundFactory(slug="spring-2027")
    assert (
        assessment_reference(authority=lead.membership.authority, round=round_)
        == "LDM-SPRING-2027-E09000007"
    )


# ---- submit ------------------------------------------------------------------------------


@pytest.fixture
def journey(lead):
    return make_journey(lead)


def test_submit_is_refused_while_required_questions_are_unanswered(journey, lead):
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=lead,
        level=2,
        expected_version=0,
    )
    before = rows()
    with pytest.raises(AssessmentIncomplete) as caught:
        assessment_submit(assessment=journey.assessment, actor=lead)
    assert [q.code for q in caught.value.missing] == ["a1-q2", "a2-q1", "a2-q2"]
    assert rows() == before


def test_optional_questions_do_not_block_submission(journey, lead):
    journey.questionnaire.questions.filter(code="a2-q2").update(required=False)
    for code in ("a1-q1", "a1-q2", "a2-q1"):
        answer_save(
            assessment=journey.assessment,
            question=journey.question(code),
            actor=lead,
            level=1,
            expected_version=0,
        )
    assert assessment_submit(assessment=journey.assessment, actor=lead).status == "submitted"


def test_a_contributor_cannot_submit(journey, lead, contributor):
    answer_all(journey, lead)
    before = rows()
    with pytest.raises(NotAllowed):
        assessment_submit(assessment=journey.assessment, actor=contributor)
    assert rows() == before


def test_another_authority_or_the_cdo_office_cannot_submit(journey, lead, other_lead, cdo):
    answer_all(journey, lead)
    before = rows()
    for user in (other_lead, cdo):
        with pytest.raises(NotEditable):
            assessment_submit(assessment=journey.assessment, actor=user)
    assert rows() == before


def test_the_lead_submits_a_complete_assessment_which_then_locks(journey, lead, contributor):
    answer_all(journey, contributor)

    submitted = assessment_submit(assessment=journey.assessment, actor=lead)

    stored = Assessment.objects.get(pk=journey.assessment.pk)
    assert stored.status == Assessment.Status.SUBMITTED
    assert stored.submitted_by == lead
    assert stored.submitted_at is not None
    assert stored.last_activity_by == lead
    assert submitted.pk == stored.pk
    assert stored.events.filter(kind=AssessmentEvent.Kind.SUBMITTED, actor=lead).exists()
    assert AuditEvent.objects.filter(action="assessment.submit", target=stored.reference).exists()

    before = rows()
    with pytest.raises(NotEditable):
        answer_save(
            assessment=stored,
            question=journey.question("a1-q1"),
            actor=contributor,
            level=5,
            expected_version=1,
        )
    with pytest.raises(NotEditable):
        assessment_submit(assessment=stored, actor=lead)
    assert rows() == before


def test_a_returned_assessment_can_be_submitted_again(journey, lead):
    answer_all(journey, lead)
    Assessment.objects.filter(pk=journey.assessment.pk).update(
        status=Assessment.Status.RETURNED, return_comment="Add evidence"
    )
    assert assessment_submit(assessment=journey.assessment, actor=lead).status == "submitted"


def test_nothing_is_submitted_once_the_round_has_closed(journey, lead):
    answer_all(journey, lead)
    Round.objects.filter(pk=journey.round.pk).update(status=Round.Status.CLOSED)
    with pytest.raises(NotEditable):
        assessment_submit(assessment=journey.assessment, actor=lead)
    assert Assessment.objects.get(pk=journey.assessment.pk).status == "draft"


# ---- prefill -----------------------------------------------------------------------------


@pytest.fixture
def last_year(lead):
    """Camden's approved assessment of an earlier round, every question answered."""
    today = timezone.localdate()
    questionnaire = factories.make_questionnaire(kinds=("maturity", "yes_no"))
    round_ = factories.RoundFactory(
        questionnaire=questionnaire,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status=Round.Status.PUBLISHED,
    )
    assessment = factories.AssessmentFactory(
        authority=lead.membership.authority, round=round_, status=Assessment.Status.APPROVED
    )
    for question in questionnaire.questions.all():
        factories.AnswerFactory(
            assessment=assessment,
            question=question,
            level=4 if question.kind == "maturity" else None,
            yes_no=True if question.kind == "yes_no" else None,
            evidence=f"Evidence for {question.code}",
            evidence_shared=question.code == "a1-q1",
            version=3,
        )
    return assessment


def test_prefill_copies_matching_answers_with_history(last_year, journey, contributor):
    # This year's a1-q2 is a maturity question; last year's was yes/no: not copied.
    copied = assessment_prefill_from_previous(assessment=journey.assessment, actor=contributor)

    assert copied == 2
    answers = {a.question.code: a for a in journey.assessment.answers.select_related("question")}
    assert set(answers) == {"a1-q1", "a2-q1"}
    assert answers["a1-q1"].level == 4
    assert answers["a1-q1"].evidence == "Evidence for a1-q1"
    # The "share this evidence" tick comes with it (issue 15).
    assert (answers["a1-q1"].evidence_shared, answers["a2-q1"].evidence_shared) == (True, False)
    assert answers["a1-q1"].version == 1
    assert answers["a1-q1"].changed_by == contributor
    change = answers["a1-q1"].changes.get()
    assert change.old_value is None
    assert change.new_value == {"level": 4, "not_applicable": False}
    assert change.new_evidence == "Evidence for a1-q1"
    assert AuditEvent.objects.filter(action="assessment.prefill").get().detail["answers"] == 2
    # The earlier assessment is untouched.
    assert last_year.answers.filter(version=3).count() == 4


def test_prefill_leaves_out_levels_beyond_this_scale(last_year, journey, contributor):
    ScaleLevel.objects.filter(questionnaire=journey.questionnaire, number__gte=4).delete()
    assert assessment_prefill_from_previous(assessment=journey.assessment, actor=contributor) == 0
    assert Answer.objects.filter(assessment=journey.assessment).count() == 0


def test_prefill_is_refused_once_there_are_answers(last_year, journey, lead):
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=lead,
        level=1,
        expected_version=0,
    )
    before = rows()
    with pytest.raises(ValidationError):
        assessment_prefill_from_previous(assessment=journey.assessment, actor=lead)
    assert rows() == before


def test_prefill_without_an_earlier_assessment_copies_nothing(journey, lead):
    assert assessment_prefill_from_previous(assessment=journey.assessment, actor=lead) == 0
    assert AnswerChange.objects.count() == 0


def test_prefill_is_refused_to_people_who_cannot_edit(last_year, journey, cdo, other_lead):
    for user in (cdo, other_lead):
        with pytest.raises(NotEditable):
            assessment_prefill_from_previous(assessment=journey.assessment, actor=user)
    assert Answer.objects.filter(assessment=journey.assessment).count() == 0


def test_submitting_tells_the_cdo_office_and_clears_an_old_return_comment(
    journey, lead, django_capture_on_commit_callbacks, mailoutbox
):
    cdo = factories.make_cdo(username="cdo-reviewer")
    Assessment.objects.filter(pk=journey.assessment.pk).update(
        status="returned", return_comment="Please add evidence."
    )
    journey.assessment.refresh_from_db()
    answer_all(journey, lead)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = assessment_submit(assessment=journey.assessment, actor=lead)
    assert submitted.return_comment == ""
    assert [m.to for m in mailoutbox] == [[cdo.email]]
    assert submitted.reference in mailoutbox[0].body

"""Journey selectors: who may open an assessment, progress, and the task list's query count."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.access import can_edit, can_submit
from surveys.answers.values import describe_value, is_answered
from surveys.journey.selectors import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    REQUIRED_ANSWERED,
    assessment_for_user,
    assessment_progress,
    open_rounds,
    question_in_assessment,
)
from surveys.journey.services.answers import answer_save
from surveys.models import Answer, Assessment, Round
from tests import factories
from tests.surveys.journey.support import answer_all, make_journey

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(lead):
    return make_journey(lead)


def test_members_and_the_cdo_office_open_the_assessment(
    journey, lead, contributor, cdo, admin_user
):
    for user in (lead, contributor, cdo, admin_user):
        found = assessment_for_user(user=user, reference=journey.assessment.reference)
        assert found.pk == journey.assessment.pk


def test_another_authority_or_a_stranger_gets_404(journey, other_lead, django_user_model):
    stranger = django_user_model.objects.create_user("nobody", password="x" * 20)
    for user in (other_lead, stranger, AnonymousUser()):
        with pytest.raises(Http404):
            assessment_for_user(user=user, reference=journey.assessment.reference)


def test_an_unknown_reference_is_404(lead):
    with pytest.raises(Http404):
        assessment_for_user(user=lead, reference="LDM-NOPE-E09000007")


def test_who_may_edit_and_submit(journey, lead, contributor, other_lead, cdo):
    assessment = journey.assessment
    assert can_edit(user=lead, assessment=assessment)
    assert can_edit(user=contributor, assessment=assessment)
    assert not can_edit(user=other_lead, assessment=assessment)
    assert not can_edit(user=cdo, assessment=assessment)
    assert can_submit(user=lead, assessment=assessment)
    assert not can_submit(user=contributor, assessment=assessment)
    assessment.status = Assessment.Status.SUBMITTED
    assert not can_edit(user=lead, assessment=assessment)
    assert not can_submit(user=lead, assessment=assessment)


def test_question_of_another_questionnaire_is_404(journey):
    other = factories.make_questionnaire(areas=3)
    assert other.questions.filter(code="a3-q1").exists()
    with pytest.raises(Http404):
        question_in_assessment(assessment=journey.assessment, code="a3-q1")
    assert question_in_assessment(assessment=journey.assessment, code="a1-q1").code == "a1-q1"


def test_open_rounds_is_empty_without_one(db):
    factories.RoundFactory(status=Round.Status.CLOSED)
    assert open_rounds() == []


def test_progress_statuses(journey, lead):
    progress = assessment_progress(assessment=journey.assessment)
    assert [a.status for a in progress.areas] == [NOT_STARTED, NOT_STARTED]
    assert (progress.answered, progress.total, len(progress.missing)) == (0, 4, 4)

    for code in ("a1-q1", "a1-q2", "a2-q1"):
        answer_save(
            assessment=journey.assessment,
            question=journey.question(code),
            actor=lead,
            not_applicable=code == "a1-q2",
            level=None if code == "a1-q2" else 2,
            expected_version=0,
        )
    progress = assessment_progress(assessment=journey.assessment)
    assert [a.status for a in progress.areas] == [COMPLETED, IN_PROGRESS]
    assert [(a.answered, a.total) for a in progress.areas] == [(2, 2), (1, 2)]
    assert [s.question.code for s in progress.missing] == ["a2-q2"]
    assert progress.areas[1].first_unanswered.code == "a2-q2"
    assert not progress.complete


def test_an_area_with_only_optional_questions_left_is_finished_not_completed(journey, lead):
    journey.questionnaire.questions.filter(code="a1-q2").update(required=False)
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=lead,
        level=5,
        expected_version=0,
    )
    area = assessment_progress(assessment=journey.assessment).areas[0]
    assert area.status == REQUIRED_ANSWERED and area.finished
    assert (area.answered, area.total, area.optional_unanswered) == (1, 2, 1)


def test_an_answer_holding_only_evidence_is_not_an_answer(journey, lead):
    Answer.objects.create(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        evidence="Notes for later",
        changed_at=journey.assessment.created_at,
    )
    area = assessment_progress(assessment=journey.assessment).areas[0]
    assert area.status == NOT_STARTED


@pytest.mark.parametrize(("areas", "per_area"), [(1, 1), (4, 6)])
def test_progress_takes_a_constant_number_of_queries(
    lead, django_assert_num_queries, areas, per_area
):
    journey = make_journey(lead, areas=areas, questions_per_area=per_area)
    answer_all(journey, lead)
    assessment = Assessment.objects.select_related("round").get(pk=journey.assessment.pk)

    with django_assert_num_queries(4):
        progress = assessment_progress(assessment=assessment)
        # Reading everything the task list shows costs nothing more.
        summary = [
            (
                a.area.name,
                a.status_label,
                a.answered,
                a.total,
                [s.question.area.code for s in a.questions],
            )
            for a in progress.areas
        ]
    assert len(summary) == areas
    assert progress.answered == areas * per_area


def test_values_are_described_in_plain_english(journey):
    question = journey.question("a1-q1")
    names = {3: "Learning"}
    kwargs = {"question": question, "level_names": names, "na_label": "Don't know"}
    assert describe_value(value={"level": 3, "not_applicable": False}, **kwargs) == "3: Learning"
    assert describe_value(value={"level": None, "not_applicable": True}, **kwargs) == "Don't know"
    assert describe_value(value=None, **kwargs) == "Not answered"
    assert describe_value(value={"yes_no": False}, **kwargs) == "No"
    question.unit = "servers"
    assert describe_value(value={"number": "12.5"}, **kwargs) == "12.5 servers"
    assert is_answered({"yes_no": False})
    assert not is_answered({"text": ""})

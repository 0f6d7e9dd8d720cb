"""results_for: constant queries at any size, frozen values for approved, live otherwise."""

from decimal import Decimal

import pytest
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Assessment, Question
from surveys.results.selectors import comparable_codes, results_for
from surveys.results.snapshots import result_snapshot_create
from tests.factories import AnswerFactory, AssessmentFactory, RoundFactory, make_questionnaire

pytestmark = pytest.mark.django_db

KINDS = ("maturity", "yes_no", "maturity", "number")


def _answer(assessment, question, index):
    values = {"maturity": {"level": 1 + index % 5}, "yes_no": {"yes_no": index % 2 == 0}}
    values["number"] = {"number": Decimal(index)}
    if index % 7 == 3 and question.kind == "maturity":
        values["maturity"] = {"not_applicable": True}
    return Answer(
        assessment=assessment, question=question, changed_at=timezone.now(), **values[question.kind]
    )


def build(authorities: int, rounds: int, questions_per_area: int):
    """Assessments for ``authorities`` x ``rounds``; every third one approved with a snapshot."""
    index = 0
    for r in range(rounds):
        questionnaire = make_questionnaire(
            areas=2, questions_per_area=questions_per_area // 2, kinds=KINDS
        )
        round_ = RoundFactory(questionnaire=questionnaire)
        questions = list(questionnaire.questions.order_by("pk"))
        for a, authority in enumerate(Authority.objects.order_by("gss_code")[:authorities]):
            assessment = AssessmentFactory(authority=authority, round=round_)
            Answer.objects.bulk_create(
                _answer(assessment, q, index + i) for i, q in enumerate(questions) if i != a % 3
            )
            index += 1
            if (a + r) % 3 == 0:
                assessment.status = Assessment.Status.APPROVED
                assessment.save()
                result_snapshot_create(assessment=assessment)


@pytest.mark.parametrize(("authorities", "rounds", "questions"), [(2, 1, 4), (10, 3, 12)])
def test_query_count_does_not_grow_with_the_data(
    django_assert_num_queries, authorities, rounds, questions
):
    build(authorities, rounds, questions)
    # 1 assessments, 3 questionnaire (levels, areas, questions), 1 answers,
    # 3 snapshots (snapshot, area results, question results).
    with django_assert_num_queries(8):
        results = results_for(assessments=Assessment.objects.all())
    assert len(results.assessments) == authorities * rounds
    assert len(results.areas) == authorities * rounds * 2
    assert len(results.questions) == authorities * rounds * questions
    assert any(row.frozen for row in results.assessments)
    assert not all(row.frozen for row in results.assessments)


def test_no_assessments_needs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        results = results_for(assessments=Assessment.objects.none() | Assessment.objects.all())
    assert results.assessments == results.areas == results.questions == []


@pytest.fixture
def scored_assessment():
    """Area 1: levels 5 and 3; area 2: N/A and level 1; on a five-level scale."""
    questionnaire = make_questionnaire(areas=2, questions_per_area=2)
    assessment = AssessmentFactory(round=RoundFactory(questionnaire=questionnaire))
    questions = {q.code: q for q in questionnaire.questions.all()}
    for code, values in {
        "a1-q1": {"level": 5},
        "a1-q2": {"level": 3},
        "a2-q1": {"level": None, "not_applicable": True},
        "a2-q2": {"level": 1},
    }.items():
        AnswerFactory(assessment=assessment, question=questions[code], **values)
    return assessment


def test_live_values(scored_assessment):
    results = results_for(assessments=Assessment.objects.filter(pk=scored_assessment.pk))
    (row,) = results.assessments
    # Area 1: (100 + 50) / 2 = 75 -> level 4; area 2: 0 (N/A left out) -> level 1.
    assert [(a.area_code, a.score, a.level, a.completion) for a in results.areas] == [
        ("area-1", 75.0, 4, 100.0),
        ("area-2", 0.0, 1, 100.0),
    ]
    # Overall: (75 + 0) / 2 = 37.5, exactly on level 3's band.
    assert (row.overall_score, row.overall_level, row.completion, row.frozen) == (
        37.5,
        3,
        100.0,
        False,
    )
    assert (row.authority_id, row.round_id, row.status) == (
        scored_assessment.authority_id,
        scored_assessment.round_id,
        "draft",
    )
    assert [(q.question_code, q.level, q.not_applicable, q.score) for q in results.questions] == [
        ("a1-q1", 5, False, 100.0),
        ("a1-q2", 3, False, 50.0),
        ("a2-q1", None, True, None),
        ("a2-q2", 1, False, 0.0),
    ]


def test_approved_results_are_frozen_against_later_weight_changes(scored_assessment):
    scored_assessment.status = Assessment.Status.APPROVED
    scored_assessment.save()
    result_snapshot_create(assessment=scored_assessment)
    # Doubling a1-q1's weight would make area 1 (100 x 2 + 50) / 3 = 83.33.
    Question.objects.filter(code="a1-q1").update(weight=2)
    results = results_for(assessments=Assessment.objects.filter(pk=scored_assessment.pk))
    assert results.assessments[0].frozen
    assert results.assessments[0].overall_score == 37.5
    assert results.areas[0].score == 75.0
    assert results.questions[0].score == 100.0
    # A draft is scored live, so it sees the new weight.
    Assessment.objects.filter(pk=scored_assessment.pk).update(status="draft")
    results = results_for(assessments=Assessment.objects.filter(pk=scored_assessment.pk))
    assert not results.assessments[0].frozen
    assert results.areas[0].score == 83.33


def test_unanswered_and_blank_answers_count_against_completion(scored_assessment):
    Answer.objects.filter(question__code="a1-q2").update(level=None)
    results = results_for(assessments=Assessment.objects.filter(pk=scored_assessment.pk))
    # Area 1: 1 of 2 required answered; overall 3 of 4.
    assert results.areas[0].completion == 50.0
    assert results.areas[0].score == 100.0
    assert results.assessments[0].completion == 75.0


def test_results_keep_the_order_of_the_queryset():
    build(3, 1, 4)
    ordered = Assessment.objects.order_by("-authority__gss_code")
    results = results_for(assessments=ordered)
    assert [r.assessment_id for r in results.assessments] == list(
        ordered.values_list("pk", flat=True)
    )
    assert [r.area_order for r in results.areas_of(results.assessments[0].assessment_id)] == [1, 2]


def test_comparable_codes(django_assert_num_queries):
    first = make_questionnaire(areas=2, questions_per_area=3)
    second = make_questionnaire(areas=3, questions_per_area=2)
    with django_assert_num_queries(2):
        comparable = comparable_codes(first, second.pk)
    assert comparable.area_codes == {"area-1", "area-2"}
    assert comparable.question_codes == {"a1-q1", "a1-q2", "a2-q1", "a2-q2"}


def test_without_questions_frozen_results_are_read_not_scored(django_assert_num_queries):
    """``questions=False`` gives the same assessment and area rows, and reads approved
    assessments from their snapshots alone: no answers are read to score them."""
    build(10, 2, 8)
    everything = results_for(assessments=Assessment.objects.all())
    summary = results_for(assessments=Assessment.objects.all(), questions=False)
    assert summary.assessments == everything.assessments
    assert summary.areas == everything.areas
    assert summary.questions == []
    approved = Assessment.objects.filter(status=Assessment.Status.APPROVED)
    # 1 assessments, 1 snapshots, 3 questionnaire, 1 area results: no answers read.
    with django_assert_num_queries(6):
        frozen = results_for(assessments=approved, questions=False)
    assert frozen.assessments and all(row.frozen for row in frozen.assessments)
    assert frozen.areas == [
        row
        for row in everything.areas
        if row.assessment_id in set(approved.values_list("pk", flat=True))
    ]

import datetime

import pytest
from django.utils import timezone

from surveys.plans.selectors import plan_overview
from tests import factories
from tests.surveys.plans.support import add_action, add_target, make_plan


def filled(areas, questions_per_area, *, actions_per_question=1):
    camden = factories.authority()
    questionnaire = factories.make_questionnaire(
        areas=areas, questions_per_area=questions_per_area, kinds=("maturity", "text")
    )
    round_ = factories.RoundFactory(questionnaire=questionnaire)
    assessment = factories.AssessmentFactory(round=round_, authority=camden)
    plan = make_plan(camden)
    for question in questionnaire.questions.filter(kind="maturity"):
        factories.AnswerFactory(assessment=assessment, question=question, level=2)
        add_target(plan, question.area.code, question.code, level=4, by_year=2027)
        for n in range(actions_per_question):
            add_action(
                plan, question.area.code, question.code, title=f"Action {n}", planned_in=round_
            )
    for area in questionnaire.areas.all():
        add_target(plan, area.code, level=3)
        add_action(plan, area.code, title="Area action")
    return camden, round_


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(1, 2, 1), (4, 6, 3)])
def test_overview_costs_eight_queries_whatever_the_size(size, django_assert_num_queries):
    areas, per_area, actions = size
    camden, round_ = filled(areas, per_area, actions_per_question=actions)
    with django_assert_num_queries(8):
        overview = plan_overview(authority=camden)
    assert overview.round_id == round_.pk
    assert len(overview.areas) == areas
    # Text questions are left out: only the maturity ones (every other question).
    assert sum(len(a.questions) for a in overview.areas) == areas * ((per_area + 1) // 2)
    question = overview.areas[0].questions[0]
    assert question.current_level == 2
    assert question.current_level_name == "Emerging"
    assert question.target.label == "Developing by the 2027 assessment"
    assert question.gap == 2
    assert len(question.actions) == actions
    assert question.actions[0].planned_in == round_.name
    assert overview.areas[0].target.level == 3
    assert [a.title for a in overview.areas[0].actions] == ["Area action"]


@pytest.mark.django_db
def test_overview_without_a_plan_is_empty_but_shows_current_levels(django_assert_num_queries):
    camden = factories.authority()
    assessment = factories.AssessmentFactory(authority=camden)
    factories.AnswerFactory(assessment=assessment, level=5)
    with django_assert_num_queries(8):
        overview = plan_overview(authority=camden)
    assert overview.exists is False
    assert overview.shared is False
    question = overview.areas[0].questions[0]
    assert question.current_level == 5
    assert question.target is None
    assert question.gap is None
    assert question.actions == ()


@pytest.mark.django_db
def test_overview_without_any_round_is_empty():
    overview = plan_overview(authority=factories.authority())
    assert overview.round_id is None
    assert overview.areas == ()


@pytest.mark.django_db
def test_overview_reads_the_most_recent_round_unless_told():
    camden = factories.authority()
    today = timezone.localdate()
    old = factories.RoundFactory(
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status="published",
    )
    new = factories.RoundFactory()
    old_assessment = factories.AssessmentFactory(round=old, authority=camden, status="approved")
    factories.AnswerFactory(assessment=old_assessment, level=1)
    # The newest assessment is a draft: its answer is still the current level.
    new_assessment = factories.AssessmentFactory(round=new, authority=camden)
    factories.AnswerFactory(assessment=new_assessment, level=3)
    assert plan_overview(authority=camden).round_id == new.pk
    assert plan_overview(authority=camden).areas[0].questions[0].current_level == 3
    assert plan_overview(authority=camden).assessment_status == "draft"
    assert plan_overview(authority=camden, round=old).areas[0].questions[0].current_level == 1


@pytest.mark.django_db
def test_not_applicable_has_no_level_and_no_gap():
    camden = factories.authority()
    assessment = factories.AssessmentFactory(authority=camden)
    answer = factories.AnswerFactory(assessment=assessment, level=None, not_applicable=True)
    plan = make_plan(camden, shared=True)
    add_target(plan, answer.question.area.code, answer.question.code, level=3)
    overview = plan_overview(authority=camden)
    assert overview.shared is True
    question = overview.question(answer.question.code)
    assert question.current_level is None
    assert question.gap is None


@pytest.mark.django_db
def test_targets_and_actions_on_codes_outside_the_questionnaire_are_unplaced():
    camden = factories.authority()
    factories.AssessmentFactory(authority=camden)
    plan = make_plan(camden)
    add_target(plan, "gone-area", "gone-question")
    add_action(plan, "gone-area")
    add_action(plan, "area-1", "a1-q1")
    overview = plan_overview(authority=camden)
    assert [t.question_code for t in overview.unplaced_targets] == ["gone-question"]
    assert [a.area_code for a in overview.unplaced_actions] == ["gone-area"]
    assert overview.action_count == 1


@pytest.mark.django_db
def test_another_authoritys_plan_is_not_read():
    camden = factories.authority()
    factories.AssessmentFactory(authority=camden)
    hackney_plan = make_plan(factories.authority("E09000012"))
    add_target(hackney_plan, "area-1", "a1-q1")
    add_action(hackney_plan, "area-1", "a1-q1")
    overview = plan_overview(authority=camden)
    assert overview.exists is False
    assert overview.question("a1-q1").target is None
    assert overview.question("a1-q1").actions == ()

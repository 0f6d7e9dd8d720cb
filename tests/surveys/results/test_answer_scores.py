"""Stored answer scores (Answer.score): every writer stores what the scoring rule gives.

After saves through the journey, a prefill, the demo data and a backfill, every stored
score is recomputed with the pure rule (``score_mismatches``, what ``manage.py
check_scores`` runs) and compared with what live and frozen results report.
"""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from surveys.journey.services.answers import answer_save
from surveys.journey.services.assessments import assessment_prefill_from_previous
from surveys.models import Answer, Assessment, Round
from surveys.results import example, scoring
from surveys.results.answer_scores import (
    answer_score,
    frozen_differences,
    rescore_answers,
    score_mismatches,
)
from surveys.results.selectors import results_for
from tests import factories
from tests.surveys.journey.support import make_journey

KINDS = ("maturity", "yes_no", "number", "text")


def _results_scores() -> dict[int, float | None]:
    """``{answer id: score}`` as results_for reports it (what the exports write)."""
    results = results_for(assessments=Assessment.objects.all())
    by_code = {(q.assessment_id, q.question_code): q.score for q in results.questions}
    return {
        pk: by_code.get((assessment_id, code))
        for pk, assessment_id, code in Answer.objects.values_list(
            "pk", "assessment_id", "question__code"
        )
    }


def _assert_stored_scores_right() -> None:
    assert list(score_mismatches()) == []
    assert list(frozen_differences()) == []
    stored = dict(Answer.objects.values_list("pk", "score"))
    reported = _results_scores()
    assert {pk: None if s is None else float(s) for pk, s in stored.items()} == reported


# ---- the pure rule -----------------------------------------------------------------------


@given(
    kind=st.sampled_from(KINDS),
    scored=st.booleans(),
    size=st.integers(1, 9),
    data=st.data(),
)
def test_the_stored_score_is_the_live_question_score_to_2_dp(kind, scored, size, data):
    level = data.draw(st.none() | st.integers(1, size))
    yes_no = data.draw(st.none() | st.booleans())
    not_applicable = data.draw(st.booleans())
    question = scoring.QuestionSpec("q", "a", kind, scored=scored)
    answer = scoring.AnswerValue("q", level=level, yes_no=yes_no, not_applicable=not_applicable)
    live = scoring.to_float(scoring.question_score(question, answer, scoring.scale_of_size(size)))
    stored = answer_score(
        kind=kind,
        scored=scored,
        scale_size=size,
        level=level,
        yes_no=yes_no,
        not_applicable=not_applicable,
    )
    assert (None if stored is None else float(stored)) == live
    if stored is not None:
        assert stored.as_tuple().exponent == -2  # two places, as the column holds it


def test_thirds_round_half_up_like_live_results():
    assert answer_score(kind="maturity", scored=True, scale_size=4, level=2) == Decimal("33.33")
    assert answer_score(kind="maturity", scored=True, scale_size=4, level=3) == Decimal("66.67")
    assert answer_score(kind="maturity", scored=True, scale_size=1, level=1) == Decimal("100.00")
    assert answer_score(kind="yes_no", scored=True, scale_size=0, yes_no=False) == Decimal("0.00")
    assert answer_score(kind="maturity", scored=True, scale_size=0, level=None) is None
    assert answer_score(kind="yes_no", scored=False, scale_size=5, yes_no=True) is None
    assert answer_score(kind="maturity", scored=True, scale_size=5, not_applicable=True) is None
    with pytest.raises(ValueError):
        answer_score(kind="maturity", scored=True, scale_size=5, level=6)


def test_the_worked_example_stores_the_question_scores_it_shows():
    worked = scoring.score_assessment(example.spec(), example.answers())
    for question, answer, live in zip(
        example.spec().questions, example.answers(), worked.questions, strict=True
    ):
        stored = scoring.stored_answer_score(question, answer, example.SCALE)
        assert (None if stored is None else float(stored)) == live.score


# ---- every writer ------------------------------------------------------------------------


@pytest.mark.django_db
def test_journey_saves_store_the_score_and_keep_it_when_the_answer_changes(lead):
    journey = make_journey(lead, areas=2, questions_per_area=4, kinds=KINDS)
    values = {
        "maturity": [{"level": 4}, {"level": 1}, {"not_applicable": True}],
        "yes_no": [{"yes_no": True}, {"yes_no": False}, {"not_applicable": True}],
        "number": [{"number": "12.5"}, {"number": "-3"}, {"not_applicable": True}],
        "text": [{"text": "=words"}, {"text": ""}, {"not_applicable": True}],
    }
    for question in journey.questionnaire.questions.all():
        for version, value in enumerate(values[question.kind]):
            answer_save(
                assessment=journey.assessment,
                question=question,
                actor=lead,
                expected_version=version,
                evidence="e",
                **value,
            )
            _assert_stored_scores_right()
    assert Answer.objects.filter(score__isnull=False).exists() is False  # all N/A at the end


@pytest.mark.django_db
def test_a_first_save_stores_the_score(lead):
    journey = make_journey(lead, kinds=("maturity", "yes_no"))
    for question in journey.questionnaire.questions.all():
        value = {"level": 2} if question.kind == "maturity" else {"yes_no": True}
        answer_save(
            assessment=journey.assessment,
            question=question,
            actor=lead,
            expected_version=0,
            **value,
        )
    assert sorted(Answer.objects.values_list("score", flat=True)) == [
        Decimal("25.00"),
        Decimal("25.00"),
        Decimal("100.00"),
        Decimal("100.00"),
    ]
    _assert_stored_scores_right()


@pytest.mark.django_db
def test_prefill_stores_the_scores_of_this_versions_scale(lead):
    today = timezone.localdate()
    old = factories.RoundFactory(
        questionnaire=factories.make_questionnaire(kinds=("maturity", "yes_no")),
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status=Round.Status.PUBLISHED,
    )
    source = factories.AssessmentFactory(
        authority=lead.membership.authority, round=old, status=Assessment.Status.APPROVED
    )
    for question in old.questionnaire.questions.all():
        factories.AnswerFactory(
            assessment=source,
            question=question,
            level=3 if question.kind == "maturity" else None,
            yes_no=False if question.kind == "yes_no" else None,
        )
    journey = make_journey(lead, kinds=("maturity", "yes_no"))
    # This year's scale has four levels: level 3 scores 66.67 here, 50 last year.
    journey.questionnaire.levels.filter(number=5).delete()
    assert assessment_prefill_from_previous(assessment=journey.assessment, actor=lead) == 4
    copied = Answer.objects.filter(assessment=journey.assessment)
    assert sorted(copied.values_list("score", flat=True)) == [
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("66.67"),
        Decimal("66.67"),
    ]
    assert list(score_mismatches()) == []


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_the_demo_data_stores_every_score_and_check_scores_agrees():
    for version in (1, 2):
        call_command(
            "load_questionnaire",
            f"fixtures/questionnaires/london-digital-maturity-v{version}.yaml",
            "--publish",
            stdout=StringIO(),
        )
    call_command("seed_demo", stdout=StringIO())
    assert Answer.objects.filter(score__isnull=False).count() > 1000
    _assert_stored_scores_right()  # live scores and the frozen snapshots of approved rounds
    out = StringIO()
    call_command("check_scores", stdout=out)
    assert "Every stored answer score is right." in out.getvalue()


# ---- the check, the repair and the migration's backfill ----------------------------------


@pytest.fixture
def answered(lead):
    journey = make_journey(lead, areas=2, questions_per_area=4, kinds=KINDS)
    for question in journey.questionnaire.questions.all():
        value = {
            "maturity": {"level": 4},
            "yes_no": {"yes_no": True},
            "number": {"number": 7},
            "text": {"text": "t"},
        }[question.kind]
        answer_save(
            assessment=journey.assessment,
            question=question,
            actor=lead,
            expected_version=0,
            **value,
        )
    return journey


@pytest.mark.django_db
def test_check_scores_reports_a_wrong_score_and_fix_repairs_it(answered):
    wrong = Answer.objects.filter(question__kind="maturity").first()
    Answer.objects.filter(pk=wrong.pk).update(score=Decimal("12.00"))
    Answer.objects.filter(question__kind="text").update(score=Decimal("1.00"))
    with pytest.raises(CommandError, match="3 answer score"):
        call_command("check_scores", stdout=StringIO())
    mismatches = {m.answer_id: (m.stored, m.expected) for m in score_mismatches()}
    assert mismatches[wrong.pk] == (Decimal("12.00"), Decimal("75.00"))
    out = StringIO()
    call_command("check_scores", "--fix", stdout=out)
    assert "Every stored answer score is right." in out.getvalue()
    _assert_stored_scores_right()


@pytest.mark.django_db
def test_rescore_and_the_migrations_backfill_fill_in_every_score(answered):
    expected = dict(Answer.objects.values_list("pk", "score"))
    assert any(score is not None for score in expected.values())
    Answer.objects.update(score=None)
    assert rescore_answers() == len(expected)
    assert dict(Answer.objects.values_list("pk", "score")) == expected

    migration = importlib.import_module("surveys.migrations.0005_answer_score")
    Answer.objects.update(score=Decimal("99.00"))
    Answer.objects.filter(question__kind__in=["number", "text"]).update(score=None)
    migration.fill_scores(apps, None)
    assert dict(Answer.objects.values_list("pk", "score")) == expected


@pytest.mark.django_db
def test_a_frozen_score_that_differs_from_the_stored_one_is_reported(answered):
    from surveys.results.snapshots import result_snapshot_create

    assessment = answered.assessment
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.APPROVED)
    assessment.refresh_from_db()
    result_snapshot_create(assessment=assessment)
    assert list(frozen_differences()) == []
    answer = Answer.objects.filter(question__kind="yes_no").first()
    Answer.objects.filter(pk=answer.pk).update(score=Decimal("50.00"))
    assert [(m.answer_id, m.expected) for m in frozen_differences()] == [
        (answer.pk, Decimal("100.00"))
    ]


@pytest.mark.django_db
def test_frozen_question_scores_equal_the_stored_ones_whatever_the_weights_and_method(answered):
    """Why the answers CSV on PostgreSQL may read Answer.score for approved assessments:
    a recomputation after a change of weights and method leaves question scores alone."""
    from surveys.models import Question, Questionnaire, QuestionResult
    from surveys.results.snapshots import result_snapshot_create, result_snapshots_recompute

    assessment = answered.assessment
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.APPROVED)
    assessment.refresh_from_db()
    result_snapshot_create(assessment=assessment)
    before = sorted(QuestionResult.objects.values_list("question_id", "score"))
    Question.objects.filter(questionnaire=answered.questionnaire, kind="maturity").update(weight=5)
    Questionnaire.objects.filter(pk=answered.questionnaire.pk).update(scoring_method="gated")
    result_snapshots_recompute(
        assessments=Assessment.objects.filter(pk=assessment.pk), dry_run=False
    )
    assert sorted(QuestionResult.objects.values_list("question_id", "score")) == before
    assert list(frozen_differences()) == []

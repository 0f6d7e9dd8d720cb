"""Frozen result snapshots and their deliberate recomputation."""

from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from boroughs.models import Authority
from surveys.models import Assessment, Question, QuestionResult, ResultSnapshot
from surveys.results import snapshots
from surveys.results.selectors import results_for
from surveys.results.snapshots import (
    result_snapshot_create,
    result_snapshots_create,
    result_snapshots_recompute,
)
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    RoundFactory,
    authority,
    make_questionnaire,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved():
    """Camden, approved. Area 1: levels 5 and 3 (75); area 2: levels 2 and 1 (12.5)."""
    questionnaire = make_questionnaire(areas=2, questions_per_area=2)
    round_ = RoundFactory(questionnaire=questionnaire, slug="autumn")
    assessment = AssessmentFactory(round=round_, status=Assessment.Status.APPROVED)
    questions = {q.code: q for q in questionnaire.questions.all()}
    for code, level in {"a1-q1": 5, "a1-q2": 3, "a2-q1": 2, "a2-q2": 1}.items():
        AnswerFactory(assessment=assessment, question=questions[code], level=level)
    result_snapshot_create(assessment=assessment)
    return assessment


def test_snapshot_freezes_the_scores(approved):
    snapshot = approved.snapshot
    # Overall (75 + 12.5) / 2 = 43.75, level 3 (37.5-62.5).
    assert (snapshot.overall_score, snapshot.overall_level) == (Decimal("43.75"), 3)
    assert (snapshot.completion, snapshot.scoring_method) == (Decimal("100.00"), "mean")
    areas = {a.area.code: (a.score, a.level) for a in snapshot.areas.select_related("area")}
    assert areas == {"area-1": (Decimal("75.00"), 4), "area-2": (Decimal("12.50"), 2)}
    assert sorted(q.score for q in snapshot.questions.all()) == [0, 25, 50, 100]
    assert AuditEvent.objects.filter(action="result_snapshot.create").count() == 1


def test_creating_again_replaces_the_snapshot(approved):
    first = approved.snapshot.pk
    result_snapshot_create(assessment=approved)
    assert ResultSnapshot.objects.filter(assessment=approved).count() == 1
    assert ResultSnapshot.objects.get(assessment=approved).pk != first
    assert QuestionResult.objects.count() == 4


def test_a_failed_write_leaves_the_old_snapshot(approved):
    old = approved.snapshot.pk
    with (
        mock.patch.object(QuestionResult.objects, "bulk_create", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        result_snapshot_create(assessment=approved)
    assert list(ResultSnapshot.objects.values_list("pk", flat=True)) == [old]


def _double_first_weight():
    # Area 1 becomes (100 x 2 + 50) / 3 = 83.33 (level 4); overall (83.33 + 12.5) / 2
    # = 47.915 -> 47.92 (level 3).
    Question.objects.filter(code="a1-q1").update(weight=2)


def test_a_later_weight_change_does_not_change_the_frozen_result(approved):
    _double_first_weight()
    results = results_for(assessments=Assessment.objects.all())
    assert results.assessments[0].overall_score == 43.75
    assert results.areas[0].score == 75.0


def test_recompute_is_a_dry_run_by_default(approved):
    _double_first_weight()
    differences = result_snapshots_recompute(assessments=Assessment.objects.all())
    assert [str(d) for d in differences] == [
        "Camden (autumn), Overall, score: 43.75 → 47.92",
        "Camden (autumn), Area 1, score: 75.00 → 83.33",
    ]
    assert ResultSnapshot.objects.get().overall_score == Decimal("43.75")
    assert not AuditEvent.objects.filter(action="result_snapshot.recompute").exists()


def test_recompute_applies_and_audits(approved, admin_user):
    _double_first_weight()
    result_snapshots_recompute(
        assessments=Assessment.objects.all(), dry_run=False, actor=admin_user
    )
    assert ResultSnapshot.objects.get().overall_score == Decimal("47.92")
    event = AuditEvent.objects.get(action="result_snapshot.recompute")
    assert event.actor == admin_user
    assert "Camden (autumn), Area 1, score: 75.00 → 83.33" in event.detail["differences"]
    assert result_snapshots_recompute(assessments=Assessment.objects.all()) == []


def test_recompute_ignores_unapproved_and_reports_missing_snapshots(approved):
    other = AssessmentFactory(authority=approved.authority, round=RoundFactory())
    ResultSnapshot.objects.all().delete()
    differences = result_snapshots_recompute(assessments=Assessment.objects.all())
    assert {d.assessment_id for d in differences} == {approved.pk}
    assert other.pk not in {d.assessment_id for d in differences}
    assert "Camden (autumn), Overall, score: none → 43.75" in [str(d) for d in differences]


def test_command_shows_the_difference_and_writes_only_with_apply(approved):
    _double_first_weight()
    out = StringIO()
    call_command("recompute_snapshots", "--round", "autumn", stdout=out)
    assert "Camden (autumn), Area 1, score: 75.00 → 83.33" in out.getvalue()
    assert "Dry run: 1 assessment(s) would change" in out.getvalue()
    assert ResultSnapshot.objects.get().overall_score == Decimal("43.75")

    out = StringIO()
    call_command("recompute_snapshots", "--apply", stdout=out)
    assert "Recomputed 1 assessment(s)." in out.getvalue()
    assert ResultSnapshot.objects.get().overall_score == Decimal("47.92")
    assert AuditEvent.objects.filter(action="result_snapshot.recompute").count() == 1

    out = StringIO()
    call_command("recompute_snapshots", stdout=out)
    assert "No frozen result would change." in out.getvalue()


def test_command_only_touches_the_chosen_round(approved):
    _double_first_weight()
    RoundFactory(slug="spring")
    out = StringIO()
    call_command("recompute_snapshots", "--round", "spring", "--apply", stdout=out)
    assert "No frozen result would change." in out.getvalue()
    assert ResultSnapshot.objects.get().overall_score == Decimal("43.75")


def test_command_refuses_an_unknown_round():
    with pytest.raises(CommandError, match="no round with the slug 'nope'"):
        call_command("recompute_snapshots", "--round", "nope")


def _approved_many(count: int) -> list[Assessment]:
    """``count`` approved assessments of one round, every question answered."""
    questionnaire = make_questionnaire(areas=2, questions_per_area=2)
    round_ = RoundFactory(questionnaire=questionnaire)
    questions = list(questionnaire.questions.all())
    codes = Authority.objects.order_by("gss_code").values_list("gss_code", flat=True)
    assessments = []
    for n, gss_code in enumerate(codes[:count]):
        assessment = AssessmentFactory(
            authority=authority(gss_code), round=round_, status=Assessment.Status.APPROVED
        )
        for i, question in enumerate(questions):
            AnswerFactory(assessment=assessment, question=question, level=1 + (n + i) % 5)
        assessments.append(assessment)
    return assessments


def _queries_to_freeze(assessments) -> int:
    with CaptureQueriesContext(connection) as queries:
        result_snapshots_create(assessments=assessments)
    return len(queries)


def test_bulk_snapshots_take_the_same_queries_for_2_or_6_assessments():
    assessments = _approved_many(8)
    assert _queries_to_freeze(assessments[:2]) == _queries_to_freeze(assessments[2:])
    assert ResultSnapshot.objects.count() == 8
    # Replacing snapshots costs the same again whatever their number.
    assert _queries_to_freeze(assessments[:2]) == _queries_to_freeze(assessments[2:])


def test_bulk_snapshots_equal_one_by_one_snapshots(monkeypatch):
    assessments = _approved_many(5)
    for assessment in assessments:
        result_snapshot_create(assessment=assessment)
    one_by_one = results_for(assessments=Assessment.objects.all())
    monkeypatch.setattr(snapshots, "ASSESSMENTS_PER_BATCH", 2)  # three batches
    written = result_snapshots_create(assessments=Assessment.objects.all())
    assert sorted(written) == sorted(a.pk for a in assessments)
    assert ResultSnapshot.objects.count() == 5  # replaced, not added
    assert results_for(assessments=Assessment.objects.all()) == one_by_one


def test_bulk_snapshots_record_one_audit_event_per_call(admin_user):
    assessments = _approved_many(3)
    result_snapshots_create(assessments=assessments + assessments[:1], actor=admin_user)
    event = AuditEvent.objects.get(action="result_snapshot.create")
    assert (event.actor, event.target) == (admin_user, "3 assessment(s)")
    assert event.detail == {"count": 3, "assessment_ids": sorted(a.pk for a in assessments)}
    assert result_snapshots_create(assessments=[]) == {}
    assert AuditEvent.objects.filter(action="result_snapshot.create").count() == 1


def test_bulk_snapshots_are_all_or_nothing(approved):
    others = _approved_many(3)[1:]  # Camden's is ``approved``'s authority: a new round
    old = approved.snapshot.pk
    with (
        mock.patch.object(QuestionResult.objects, "bulk_create", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        result_snapshots_create(assessments=[approved, *others])
    assert list(ResultSnapshot.objects.values_list("pk", flat=True)) == [old]
    assert AuditEvent.objects.filter(action="result_snapshot.create").count() == 1  # approved's

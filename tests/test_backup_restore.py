"""The portable backup path of docs/backup-and-restore.md: dumpdata, flush, loaddata.

A restored database must give the same results as the one backed up, including the
frozen snapshot of an approved assessment (which here deliberately differs from what
its answers would score now, so losing the snapshot would show).
"""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from surveys.models import Answer, Assessment, AssessmentEvent, ResultSnapshot
from surveys.results.selectors import assessment_scores, results_for
from surveys.results.snapshots import result_snapshot_create
from tests import factories

# The exclusions documented in docs/backup-and-restore.md: rebuilt by migrate/flush
# (content types, permissions) or not worth keeping (sessions, axes' sign-in records).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def dump(path) -> None:
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--indent",
        "1",
        *[f"--exclude={name}" for name in EXCLUDE],
        output=str(path),
        verbosity=0,
    )


def flush() -> None:
    # The test runs inside a transaction: on PostgreSQL, TRUNCATE refuses while the
    # rows just inserted have deferred foreign-key checks pending, so run them first
    # (a real restore runs flush in its own process and has none).
    connection.check_constraints()
    call_command("flush", "--no-input", verbosity=0)


def snapshot_of_results():
    results = results_for(assessments=Assessment.objects.all())
    return (
        sorted(results.assessments, key=lambda r: r.assessment_id),
        sorted(results.areas, key=lambda r: (r.assessment_id, r.area_code)),
        sorted(results.questions, key=lambda r: (r.assessment_id, r.question_code)),
    )


@pytest.fixture
def populated(db, lead, cdo):
    """A questionnaire, a round, three assessments with answers, one approved and frozen."""
    questionnaire = factories.make_questionnaire(
        areas=2, questions_per_area=3, kinds=("maturity", "maturity", "yes_no")
    )
    round_ = factories.RoundFactory(questionnaire=questionnaire)
    questions = list(questionnaire.questions.order_by("area__order", "order"))
    assessments = []
    for offset, (gss, status) in enumerate(
        [("E09000007", "approved"), ("E09000012", "submitted"), ("E09000003", "draft")]
    ):
        assessment = factories.AssessmentFactory(
            authority=factories.authority(gss), round=round_, status=status
        )
        for index, question in enumerate(questions):
            values = (
                {"yes_no": (index + offset) % 2 == 0, "level": None}
                if question.kind == "yes_no"
                else {"level": 1 + (index + offset) % 5}
            )
            factories.AnswerFactory(
                assessment=assessment, question=question, changed_by=lead, **values
            )
        AssessmentEvent.objects.create(assessment=assessment, kind="started", at=timezone.now())
        assessments.append(assessment)
    result_snapshot_create(assessment=assessments[0], actor=cdo)
    # After approval the live answers change (bypassing the services on purpose), so
    # the frozen snapshot and a live recalculation disagree.
    Answer.objects.filter(assessment=assessments[0], question__kind="maturity").update(level=5)
    return assessments


def test_dump_flush_load_gives_the_same_results(populated, tmp_path):
    before = snapshot_of_results()
    frozen = before[0][0]
    assert frozen.frozen and frozen.overall_score is not None
    counts = {model: model.objects.count() for model in (Answer, Assessment, ResultSnapshot)}
    path = tmp_path / "backup.json"
    dump(path)

    flush()
    assert Assessment.objects.count() == 0
    call_command("loaddata", str(path), verbosity=0)

    assert {model: model.objects.count() for model in counts} == counts
    assert snapshot_of_results() == before


def test_the_frozen_snapshot_is_restored_not_recomputed(populated, tmp_path):
    approved = Assessment.objects.filter(pk=populated[0].pk)
    stored = ResultSnapshot.objects.get(assessment__in=approved).overall_score
    _, live = assessment_scores(assessments=approved)
    assert live[populated[0].pk].overall_score != float(stored)  # the set-up makes them differ
    path = tmp_path / "backup.json"
    dump(path)
    flush()
    call_command("loaddata", str(path), verbosity=0)

    restored = results_for(assessments=approved).assessments[0]
    assert restored.frozen
    assert restored.overall_score == float(stored)


def test_the_dump_leaves_out_what_migrate_rebuilds(populated, tmp_path):
    path = tmp_path / "backup.json"
    dump(path)
    models = {row["model"] for row in json.loads(path.read_text(encoding="utf-8"))}
    assert {"contenttypes.contenttype", "auth.permission", "sessions.session"}.isdisjoint(models)
    assert {"boroughs.authority", "surveys.answer", "surveys.resultsnapshot"} <= models
    # Users are referred to by username, so a restore does not depend on their ids.
    users = [row for row in json.loads(path.read_text()) if row["model"] == "auth.user"]
    assert users and all("pk" not in row for row in users)

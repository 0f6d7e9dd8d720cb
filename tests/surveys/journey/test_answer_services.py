"""answer_save: immediate saves, conflicts, history, no-op saves and locking."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AuditEvent
from surveys.journey.services import answers as answers_module
from surveys.journey.services.answers import AnswerConflict, NotEditable, answer_save
from surveys.models import Answer, AnswerChange, Assessment, Round
from tests import factories
from tests.surveys.journey.support import KINDS, make_journey, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(lead):
    return make_journey(lead, kinds=KINDS)


def save(journey, user, code="a1-q1", version=0, **values):
    return answer_save(
        assessment=journey.assessment,
        question=journey.question(code),
        actor=user,
        expected_version=version,
        **values,
    )


def test_first_save_writes_answer_history_activity_and_audit(journey, contributor):
    answer = save(journey, contributor, level=3, evidence="Our strategy, 2025")

    answer.refresh_from_db()
    assert (answer.level, answer.version, answer.changed_by) == (3, 1, contributor)
    change = answer.changes.get()
    assert change.version == 1
    assert change.old_value is None
    assert change.new_value == {"level": 3, "not_applicable": False}
    assert (change.old_evidence, change.new_evidence) == ("", "Our strategy, 2025")
    assessment = Assessment.objects.get(pk=journey.assessment.pk)
    assert assessment.last_activity_by == contributor
    assert assessment.last_activity_at == answer.changed_at
    audit = AuditEvent.objects.filter(action="answer.save").get()
    assert audit.actor == contributor
    assert "a1-q1" in audit.target


def test_second_save_increments_version_and_records_old_and_new(journey, lead, contributor):
    save(journey, contributor, level=2, evidence="old")
    answer = save(journey, lead, version=1, not_applicable=True, evidence="new")

    assert answer.version == 2
    assert answer.level is None and answer.not_applicable
    latest = answer.changes.order_by("-version").first()
    assert latest.version == 2
    assert latest.changed_by == lead
    assert latest.old_value == {"level": 2, "not_applicable": False}
    assert latest.new_value == {"level": None, "not_applicable": True}
    assert (latest.old_evidence, latest.new_evidence) == ("old", "new")


def test_stale_version_raises_conflict_with_their_answer_and_writes_nothing(
    journey, lead, contributor
):
    save(journey, contributor, level=2)
    save(journey, contributor, version=1, level=4)  # now version 2
    before = rows()

    with pytest.raises(AnswerConflict) as caught:
        save(journey, lead, version=1, level=5, evidence="mine")

    assert rows() == before
    conflict = caught.value
    assert conflict.current.level == 4
    assert conflict.current.version == 2
    assert conflict.current.changed_by == contributor
    assert conflict.attempted == {"level": 5, "not_applicable": False}
    assert conflict.attempted_evidence == "mine"


def test_a_new_answer_expected_but_one_exists_is_a_conflict(journey, lead, contributor):
    save(journey, contributor, level=2)
    before = rows()
    with pytest.raises(AnswerConflict):
        save(journey, lead, version=0, level=3)
    assert rows() == before


def test_creating_the_first_answer_at_the_same_moment_is_a_conflict(
    journey, lead, contributor, monkeypatch
):
    """The colleague's row appears between our read (none yet) and our insert."""
    save(journey, contributor, level=2)
    monkeypatch.setattr(answers_module, "_current_answer", lambda **kwargs: None)
    before = rows()

    with pytest.raises(AnswerConflict) as caught:
        save(journey, lead, version=0, level=5)

    assert rows() == before
    assert caught.value.current.level == 2
    assert caught.value.current.changed_by == contributor


def test_a_save_that_changes_nothing_writes_nothing(journey, lead):
    save(journey, lead, level=3, evidence="same")
    before = rows()
    audits = AuditEvent.objects.count()

    answer = save(journey, lead, version=1, level=3, evidence="same")

    assert answer.version == 1
    assert rows() == before
    assert AuditEvent.objects.count() == audits


def test_a_blank_first_save_creates_nothing(journey, lead):
    assert save(journey, lead, level=None) is None
    assert Answer.objects.count() == 0
    assert AnswerChange.objects.count() == 0


def test_line_endings_are_normalised_so_resaving_is_not_a_change(journey, lead):
    save(journey, lead, level=1, evidence="one\r\ntwo")
    answer = save(journey, lead, version=1, level=1, evidence="one\ntwo")
    assert answer.version == 1
    assert answer.evidence == "one\ntwo"


@pytest.mark.parametrize(
    ("code", "values", "stored"),
    [
        ("a1-q2", {"yes_no": False}, {"yes_no": False}),
        ("a2-q1", {"number": Decimal("1200.50")}, {"number": "1200.5"}),
        ("a2-q2", {"text": "We buy through frameworks."}, {"text": "We buy through frameworks."}),
    ],
)
def test_each_kind_is_stored_and_recorded(journey, lead, code, values, stored):
    answer = save(journey, lead, code=code, **values)
    assert answer.changes.get().new_value == stored


@pytest.mark.parametrize(
    "values",
    [
        {"level": 6},
        {"level": 0},
        {"level": 3, "not_applicable": True},
        {"evidence": "x" * 2001, "level": 2},
    ],
)
def test_values_the_question_cannot_take_are_refused(journey, lead, values):
    with pytest.raises(ValidationError):
        save(journey, lead, **values)
    assert Answer.objects.count() == 0


def test_a_question_of_another_questionnaire_is_refused(journey, lead):
    other = factories.make_questionnaire()
    with pytest.raises(ValidationError):
        answer_save(
            assessment=journey.assessment,
            question=other.questions.first(),
            actor=lead,
            level=2,
            expected_version=0,
        )
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.APPROVED])
def test_a_submitted_or_approved_assessment_cannot_be_changed(journey, lead, status):
    save(journey, lead, level=2)
    Assessment.objects.filter(pk=journey.assessment.pk).update(status=status)
    before = rows()
    with pytest.raises(NotEditable):
        save(journey, lead, version=1, level=4)
    assert rows() == before


def test_a_returned_assessment_can_be_changed_again(journey, lead):
    Assessment.objects.filter(pk=journey.assessment.pk).update(status=Assessment.Status.RETURNED)
    assert save(journey, lead, level=2).version == 1


@pytest.mark.parametrize("status", [Round.Status.CLOSED, Round.Status.PUBLISHED])
def test_nothing_can_be_saved_once_the_round_is_not_open(journey, lead, status):
    Round.objects.filter(pk=journey.round.pk).update(status=status)
    with pytest.raises(NotEditable):
        save(journey, lead, level=2)
    assert Answer.objects.count() == 0


def test_people_outside_the_authority_cannot_save(journey, other_lead, cdo, admin_user):
    for user in (other_lead, cdo, admin_user):
        with pytest.raises(PermissionDenied):
            save(journey, user, level=2)
    assert Answer.objects.count() == 0


# Skipped before any database set-up on SQLite; serialized_rollback so that the flush after
# it restores the reference data (authorities, groups) for the transactional tests after it.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks; SQLite serialises writers anyway",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_creating_the_first_answer_at_once_on_postgresql():
    """Real concurrency: one save wins, the other meets the conflict (PostgreSQL only)."""
    first = factories.make_member("lead", username="racer-1")
    second = factories.make_member("contributor", username="racer-2")
    journey = make_journey(first)
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user, level):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            save(journey, user, level=level)
            outcomes.append("saved")
        except AnswerConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(first, 2)),
        threading.Thread(target=attempt, args=(second, 4)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert Answer.objects.get().version == 1
    assert AnswerChange.objects.count() == 1

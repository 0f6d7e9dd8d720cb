"""The flag services: refreshing an assessment's flags, submitting raises them, deciding one."""

import contextlib
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AuditEvent
from surveys.journey.services.assessments import assessment_submit
from surveys.models import Answer, Assessment, AssessmentFlag
from surveys.review.services import flags as flag_services
from surveys.review.services.flags import assessment_flags_refresh, flag_decide
from tests.surveys.review.flags.builders import build_world

pytestmark = pytest.mark.django_db


def keys(assessment) -> set[str]:
    return set(AssessmentFlag.objects.filter(assessment=assessment).values_list("key", flat=True))


def test_refresh_raises_open_flags_records_when_and_audits(cdo):
    world = build_world()

    flags = assessment_flags_refresh(assessment=world.mine, actor=cdo)

    assert {f.key for f in flags} >= {
        "moved:a1-q1",
        "moved:a2-q1",
        f"peers:a1-q1:{world.group_slug}",
        "area_moved:area-1",
        "contradiction:1",
    }
    assert all(f.decision == "open" and f.raised_at for f in flags)
    moved = next(f for f in flags if f.key == "moved:a1-q1")
    assert (moved.rule, moved.question.code, moved.area_code) == ("moved", "a1-q1", "area-1")
    assert moved.reason.startswith("Level 3 Learning, up 2 levels from level 1 Beginning")
    area = next(f for f in flags if f.key == "area_moved:area-1")
    assert (area.question, area.area_code) == (None, "area-1")
    world.mine.refresh_from_db()
    assert world.mine.flags_checked_at is not None
    event = AuditEvent.objects.get(action="assessment.flags")
    assert (event.actor, event.target) == (cdo, world.mine.reference)
    assert event.detail["raised"] == event.detail["new"] == len(flags)
    assert event.detail["removed"] == 0


def test_refresh_keeps_decisions_of_flags_still_raised_and_removes_stale_ones(cdo):
    world = build_world()
    assessment_flags_refresh(assessment=world.mine)
    kept = AssessmentFlag.objects.get(assessment=world.mine, key="moved:a1-q1")
    stale = AssessmentFlag.objects.get(assessment=world.mine, key="moved:a2-q1")
    flag_decide(flag=kept, decision="accepted", actor=cdo)
    flag_decide(flag=stale, decision="queried", actor=cdo)
    # a1-q1 moves further (still flagged, new reason); a2-q1 moves back (no longer flagged).
    Answer.objects.filter(assessment=world.mine, question__code="a1-q1").update(level=4)
    Answer.objects.filter(assessment=world.mine, question__code="a2-q1").update(level=1)

    assessment_flags_refresh(assessment=world.mine)

    kept.refresh_from_db()
    assert (kept.decision, kept.decided_by) == ("accepted", cdo)
    assert kept.reason.startswith("Level 4 Developing, up 3 levels")
    assert "moved:a2-q1" not in keys(world.mine)
    event = AuditEvent.objects.filter(action="assessment.flags").latest("pk")
    assert event.detail["removed"] >= 1 and event.detail["new"] == 0


def test_refreshing_twice_changes_nothing():
    world = build_world()
    first = [(f.pk, f.key, f.reason) for f in assessment_flags_refresh(assessment=world.mine)]
    second = [(f.pk, f.key, f.reason) for f in assessment_flags_refresh(assessment=world.mine)]
    assert first == second


def test_an_assessment_with_nothing_unusual_has_no_flags():
    world = build_world(now_level=1)  # as before, as its peers; the check's "then" holds
    assert assessment_flags_refresh(assessment=world.mine) == []


def test_submitting_raises_the_flags(lead):
    world = build_world()
    Assessment.objects.filter(pk=world.mine.pk).update(status=Assessment.Status.DRAFT)
    world.mine.refresh_from_db()

    submitted = assessment_submit(assessment=world.mine, actor=lead)

    assert "moved:a1-q1" in keys(world.mine)
    assert submitted.flags_checked_at is not None
    assert AuditEvent.objects.filter(action="assessment.flags", actor=lead).count() == 1


# Deciding -----------------------------------------------------------------------------------


@pytest.fixture
def flag():
    world = build_world()
    return assessment_flags_refresh(assessment=world.mine)[0]


def test_only_the_cdo_office_and_admins_decide(flag, lead, contributor):
    for user in (lead, contributor, None):
        with pytest.raises(PermissionDenied):
            flag_decide(flag=flag, decision="accepted", actor=user)
    flag.refresh_from_db()
    assert flag.decision == "open"
    assert not AuditEvent.objects.filter(action__startswith="flag.").exists()


@pytest.mark.parametrize("decision", ["accepted", "queried"])
def test_a_decision_is_recorded_and_audited(flag, cdo, admin_user, decision):
    for actor in (cdo, admin_user):
        decided = flag_decide(flag=flag, decision=decision, actor=actor)
        assert (decided.decision, decided.decided_by) == (decision, actor)
        assert decided.decided_at is not None
    assert flag.decision == decision  # the instance given is brought up to date
    events = AuditEvent.objects.filter(action=f"flag.{decision}").order_by("pk")
    assert [e.actor for e in events] == [cdo, admin_user]
    assert events[0].detail["flag"] == flag.key
    assert events[0].detail["before"] == "open"
    assert events[0].target == flag.assessment.reference


def test_opening_again_clears_who_decided(flag, cdo):
    flag_decide(flag=flag, decision="accepted", actor=cdo)
    reopened = flag_decide(flag=flag, decision="open", actor=cdo)
    assert (reopened.decision, reopened.decided_at, reopened.decided_by) == ("open", None, None)


def test_an_unknown_decision_is_refused(flag, cdo):
    with pytest.raises(ValidationError):
        flag_decide(flag=flag, decision="ignored", actor=cdo)
    flag.refresh_from_db()
    assert flag.decision == "open"


# Two checks at once (PostgreSQL's row locks) --------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks; SQLite serialises writers anyway",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_refreshes_at_once_end_with_one_set_of_flags_on_postgresql(monkeypatch):
    world = build_world()
    barrier = threading.Barrier(2)
    outcomes = []
    # Both wait for each other once they have read the inputs, so without the row lock
    # both would read "no flags yet" and insert the same keys; with it the second waits
    # for the lock, the first gives up waiting for it after a second, and it finds the
    # first one's flags.
    meet = threading.Barrier(2)
    real_inputs = flag_services.flag_inputs

    def slow_inputs(*, assessment):
        found = real_inputs(assessment=assessment)
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait(timeout=1)
        return found

    monkeypatch.setattr(flag_services, "flag_inputs", slow_inputs)

    def refresh():
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            assessment_flags_refresh(assessment=world.mine)
            outcomes.append("done")
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refresh) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == ["done", "done"]
    flags = list(AssessmentFlag.objects.filter(assessment=world.mine).values_list("key", flat=True))
    assert len(flags) == len(set(flags)) > 0
    assert AuditEvent.objects.filter(action="assessment.flags").count() == 2

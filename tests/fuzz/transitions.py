"""What an accepted review transition (return, approve, reopen) may write, exactly."""

from __future__ import annotations

from surveys.models import Assessment, AssessmentEvent
from tests.fuzz.support import of


def check_transition(world, role, action, assessment, comment, changes) -> None:
    actor = world.users[role]
    (changed,) = of(changes, "surveys.Assessment", "changed")
    assert changed.pk == assessment.pk
    new = changed.new
    assert new["last_activity_by_id"] == actor.pk
    (timeline,) = of(changes, "surveys.AssessmentEvent", "added")
    assert timeline.new["assessment_id"] == assessment.pk
    audit = sorted(a.new["action"] for a in of(changes, "audit.AuditEvent", "added"))
    snapshots = of(changes, "surveys.ResultSnapshot")
    results = of(changes, "surveys.AreaResult") + of(changes, "surveys.QuestionResult")
    areas, questions = 2, 4  # the open round's questionnaire
    if action == "return":
        assert changed.changed_fields <= {
            "status",
            "return_comment",
            "last_activity_at",
            "last_activity_by_id",
        }
        assert new["status"] == Assessment.Status.RETURNED
        assert new["return_comment"] == comment
        assert timeline.new["kind"] == AssessmentEvent.Kind.RETURNED
        assert timeline.new["comment"] == comment
        assert audit == ["assessment.return"]
        assert len(changes) == 3, f"return wrote more: {changes!r}"
    elif action == "approve":
        assert changed.changed_fields <= {
            "status",
            "approved_at",
            "approved_by_id",
            "return_comment",
            "last_activity_at",
            "last_activity_by_id",
        }
        assert new["status"] == Assessment.Status.APPROVED
        assert new["approved_by_id"] == actor.pk and new["approved_at"] is not None
        assert timeline.new["kind"] == AssessmentEvent.Kind.APPROVED
        assert audit == ["assessment.approve", "result_snapshot.create"]
        assert [s.kind for s in snapshots] == ["added"]
        assert snapshots[0].new["assessment_id"] == assessment.pk
        assert {r.kind for r in results} == {"added"} and len(results) == areas + questions
        assert {r.new["snapshot_id"] for r in results} == {snapshots[0].pk}
        assert len(changes) == 5 + areas + questions, f"approve wrote more: {changes!r}"
    else:
        assert changed.changed_fields <= {
            "status",
            "return_comment",
            "approved_at",
            "approved_by_id",
            "last_activity_at",
            "last_activity_by_id",
        }
        assert new["status"] == Assessment.Status.RETURNED
        assert new["return_comment"] == comment
        assert new["approved_at"] is None and new["approved_by_id"] is None
        assert timeline.new["kind"] == AssessmentEvent.Kind.REOPENED
        assert timeline.new["comment"] == comment
        assert audit == ["assessment.reopen"]
        # The approved results are withdrawn with the approval.
        assert [s.kind for s in snapshots] == ["removed"]
        assert snapshots[0].old["assessment_id"] == assessment.pk
        assert {r.kind for r in results} == {"removed"} and len(results) == areas + questions
        assert len(changes) == 4 + areas + questions, f"reopen wrote more: {changes!r}"

"""Fuzzing submission and "copy last round's answers" (prefill), as every role.

Submission: only the authority's lead, only a draft or returned assessment in an open
round, only when complete and the declaration is ticked; it then changes exactly the
assessment's status and submission fields, one timeline event and one audit event.
Prefill: only a member while editable, only into an empty assessment; it then copies
exactly last round's matching answers (with history), nothing else.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from surveys.models import Answer, Assessment, AssessmentEvent, Round
from tests.fuzz import strategies as fs
from tests.fuzz.oracles import declared, refused_before_any_view
from tests.fuzz.support import (
    ANONYMOUS,
    FUZZ,
    LEADS,
    MEMBERS,
    NO_ROLE,
    REVIEWERS,
    apply_state,
    check_common,
    client_as,
    diff,
    example,
    of,
    owner_of_reference,
    path_segment,
    routes,
    send,
    snapshot,
)

pytestmark = pytest.mark.django_db

ALLOWED = {
    ANONYMOUS: {302},
    "member": {302, 400, 403, 404},
    "office": {403, 404},
    NO_ROLE: {404},
}
EDITABLE = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)

submit_bodies = fs.values_for(
    {
        "declaration": fs.weighted(
            (4, st.sampled_from(["on", "true", "True", "1", "yes"])),
            (2, st.sampled_from(["", "false", "FALSE", "0", "off"])),
            (2, fs.any_value),
        ),
    }
)
prefill_bodies = fs.values_for({"version": fs.any_value, "from": fs.any_value})


def _target(world, role, reference):
    """(assessment or None, whether the role can see it, whether a member can edit it)."""
    assessment = (
        Assessment.objects.select_related("round").filter(reference=reference).first()
        if "\x00" not in reference
        else None
    )
    if assessment is None or role in (ANONYMOUS, NO_ROLE):
        return assessment, False, False
    member_of = world.authority_of(role)
    visible = member_of is None or member_of.pk == assessment.authority_id
    editable = (
        visible
        and member_of is not None
        and assessment.status in EDITABLE
        and assessment.round.status == Round.Status.OPEN
    )
    return assessment, visible, editable


def _group(role):
    if role in MEMBERS:
        return "member"
    return "office" if role in REVIEWERS else role


def _request(world, data, *, role, reference, action, bodies):
    path = f"/assessments/{path_segment(reference)}/{action}/"
    payload = data.draw(fs.payloads(bodies), label="payload")
    client = client_as(world, role)
    before = snapshot()
    response, sent = send(client, "POST", path, payload)
    changes = diff(before, snapshot())
    check_common(
        world=world,
        role=role,
        response=response,
        sent=sent,
        allowed=ALLOWED[_group(role)],
        changes=changes,
        target_owner=owner_of_reference(reference),
    )
    event(f"{action} {role} {response.status_code}")
    return path, payload, response, sent, changes


def submit_scenario(world, data, *, state, role, reference):
    with example():
        apply_state(world, state)
        assessment, visible, editable = _target(world, role, reference)
        complete = (
            assessment is not None
            and Answer.objects.filter(assessment=assessment).count()
            == assessment.round.questionnaire.questions.count()
        )
        path, payload, response, sent, changes = _request(
            world, data, role=role, reference=reference, action="submit", bodies=submit_bodies
        )
        if refused_before_any_view(sent):
            want = 400
        elif not routes(path):
            want = 404
        elif role == ANONYMOUS:
            want = 302
        elif not visible:
            want = 404
        elif not (editable and role in LEADS):
            want = 403
        elif not (complete and declared(payload)):
            want = 400
        else:
            want = 302
        assert response.status_code == want, f"{role}: {response.status_code} != {want}: {sent!r}"
        if want == 302 and role != ANONYMOUS:
            actor = world.users[role]
            assert response["Location"].endswith(f"/{path_segment(reference)}/submitted/")
            (changed,) = of(changes, "surveys.Assessment", "changed")
            assert changed.pk == assessment.pk
            assert changed.changed_fields <= {
                "status",
                "submitted_at",
                "submitted_by_id",
                "last_activity_at",
                "last_activity_by_id",
                "return_comment",
                "sign_off_name",
                "sign_off_role",
                "flags_checked_at",  # the outlier flags are worked out on submission
            }
            assert changed.new["status"] == Assessment.Status.SUBMITTED
            assert changed.new["submitted_by_id"] == actor.pk
            assert changed.new["return_comment"] == ""
            (timeline,) = of(changes, "surveys.AssessmentEvent", "added")
            assert timeline.new["kind"] == AssessmentEvent.Kind.SUBMITTED
            assert timeline.new["assessment_id"] == assessment.pk
            flags = of(changes, "surveys.AssessmentFlag", "added")
            assert all(flag.new["assessment_id"] == assessment.pk for flag in flags)
            audit = of(changes, "audit.AuditEvent", "added")
            assert sorted(a.new["action"] for a in audit) == [
                "assessment.flags",
                "assessment.submit",
            ]
            assert len(changes) == 4 + len(flags), f"submission wrote more: {changes!r}"


def prefill_scenario(world, data, *, state, role, reference):
    with example():
        apply_state(world, state)
        assessment, visible, editable = _target(world, role, reference)
        empty = assessment is not None and not Answer.objects.filter(assessment=assessment).exists()
        path, payload, response, sent, changes = _request(
            world, data, role=role, reference=reference, action="prefill", bodies=prefill_bodies
        )
        if refused_before_any_view(sent):
            want = 400
        elif not routes(path):
            want = 404
        elif role == ANONYMOUS:
            want = 302
        elif not visible:
            want = 404
        elif not editable:
            want = 403
        else:
            want = 302
        assert response.status_code == want, f"{role}: {response.status_code} != {want}: {sent!r}"
        if want != 302 or role == ANONYMOUS:
            return
        if not empty:
            assert changes == [], f"prefill into a started assessment wrote {changes!r}"
            return
        actor = world.users[role]
        # The world's previous round (A-old / B-old) answered every question; the open
        # round's four questions have the same codes and kinds, so all four are copied.
        key = "A" if assessment.authority_id == world.authorities["A"].pk else "B"
        old = world.assessments[f"{key}-old"]
        sources = {
            a["question__code"]: a
            for a in Answer.objects.filter(assessment=old).values(
                "question__code", "level", "not_applicable", "yes_no", "number", "text", "evidence"
            )
        }
        copied = of(changes, "surveys.Answer", "added")
        assert len(copied) == len(world.questions), f"copied {copied!r}"
        codes = {q.pk: code for code, q in world.questions.items()}
        for answer in copied:
            row = answer.new
            source = sources[codes[row["question_id"]]]
            assert row["assessment_id"] == assessment.pk
            assert row["version"] == 1 and row["changed_by_id"] == actor.pk
            for name in ("level", "not_applicable", "yes_no", "number", "text", "evidence"):
                assert row[name] == source[name], (name, row, source)
        history = of(changes, "surveys.AnswerChange", "added")
        assert sorted(h.new["answer_id"] for h in history) == sorted(a.pk for a in copied)
        (changed,) = of(changes, "surveys.Assessment", "changed")
        assert changed.pk == assessment.pk
        assert changed.changed_fields <= {"last_activity_at", "last_activity_by_id"}
        audit = of(changes, "audit.AuditEvent", "added")
        assert [a.new["action"] for a in audit] == ["assessment.prefill"]
        assert len(changes) == 2 * len(copied) + 2, f"prefill wrote more: {changes!r}"


@pytest.mark.parametrize("scenario", [submit_scenario, prefill_scenario], ids=["submit", "prefill"])
@FUZZ
@given(data=st.data())
def test_any_role_posting_anything(world, scenario, data):
    scenario(
        world,
        data,
        state=data.draw(fs.states, label="state"),
        role=data.draw(fs.roles, label="role"),
        reference=data.draw(fs.references(world), label="reference"),
    )


@pytest.mark.parametrize("scenario", [submit_scenario, prefill_scenario], ids=["submit", "prefill"])
@FUZZ
@given(data=st.data())
def test_camdens_lead_and_contributor_on_camdens_open_assessment(world, scenario, data):
    """Mostly requests that may succeed, so the exact writes are checked many times."""
    scenario(
        world,
        data,
        state=data.draw(fs.editable_states, label="state"),
        role=data.draw(fs.weighted((3, st.just("lead_a")), (1, fs.editors)), label="role"),
        reference=world.reference("A"),
    )

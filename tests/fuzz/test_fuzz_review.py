"""Fuzzing the CDO office's review transitions: return, approve and (admins) reopen.

Anonymous visitors are sent to sign in; borough users and people with no role get 403
whether or not the assessment exists; an unknown reference is 404; a transition the
status does not allow is 400 and changes nothing; an invalid comment re-shows the form
(200) and changes nothing. An allowed transition changes exactly that assessment's
status fields, its frozen results as documented, one timeline event and the audit log.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from surveys.models import Assessment
from tests.fuzz import strategies as fs
from tests.fuzz.oracles import comment_of, refused_before_any_view
from tests.fuzz.support import (
    ADMIN,
    ANONYMOUS,
    FUZZ,
    REVIEWERS,
    apply_state,
    check_common,
    client_as,
    diff,
    example,
    owner_of_reference,
    path_segment,
    routes,
    send,
    snapshot,
)
from tests.fuzz.transitions import check_transition

pytestmark = pytest.mark.django_db

ACTIONS = {
    # action: (who may, the one status it starts from)
    "return": (REVIEWERS, Assessment.Status.SUBMITTED),
    "approve": (REVIEWERS, Assessment.Status.SUBMITTED),
    "reopen": ((ADMIN,), Assessment.Status.APPROVED),
}
MAX_BODY = 2_621_440  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE
MAX_FIELDS = 1000  # Django's DATA_UPLOAD_MAX_NUMBER_FIELDS

comment_bodies = fs.values_for(
    {
        "comment": fs.weighted(
            (3, st.sampled_from(["Please add evidence for the data area.", "  Fix it  "])),
            (3, fs.hostile_text),
        ),
        "status": fs.any_value,
        "authority": fs.any_value,
    }
)


def body_readable(payload) -> bool | None:
    """True if Django can read the body's fields, False if it refuses it (400), None if
    it cannot be told in advance (random bytes sent as multipart)."""
    mode, body = payload
    if mode != "raw":
        return True
    content_type, data = body
    if content_type.startswith("multipart/"):
        return None
    if content_type.startswith("application/x-www-form-urlencoded"):
        # Django reads (and size-checks) only the bodies of forms: a JSON or text body
        # of any size is never read, so the view sees an empty form instead.
        return len(data) <= MAX_BODY and data.count(b"&") + 1 <= MAX_FIELDS
    return True


def review_scenario(world, data, *, state, role, reference, action):
    who, from_status = ACTIONS[action]
    with example():
        apply_state(world, state)
        assessment = (
            Assessment.objects.filter(reference=reference).first()
            if "\x00" not in reference
            else None
        )
        payload = data.draw(fs.payloads(comment_bodies), label="payload")
        path = f"/review/assessments/{path_segment(reference)}/{action}/"
        client = client_as(world, role)
        before = snapshot()
        response, sent = send(client, "POST", path, payload)
        changes = diff(before, snapshot())
        check_common(
            world=world,
            role=role,
            response=response,
            sent=sent,
            allowed={302} if role == ANONYMOUS else {200, 302, 400, 403, 404},
            changes=changes,
            target_owner=owner_of_reference(reference),
        )
        event(f"{action} {role} {response.status_code}")

        readable = body_readable(payload)
        comment = comment_of(payload) if readable else None
        if refused_before_any_view(sent):
            want = {400}
        elif not routes(path):
            want = {404}
        elif role == ANONYMOUS:
            want = {302}
        elif role not in who:
            want = {403}
        elif assessment is None:
            want = {404}
        elif assessment.status != from_status:
            want = {400}
        elif action == "approve":
            want = {302}
        elif readable is None:
            want = {200, 400}
        elif readable is False:
            want = {400}
        else:
            want = {302} if comment else {200}
        assert response.status_code in want, (
            f"{role} {action}: {response.status_code} not in {want}: {sent!r} in {state!r}"
        )
        if response.status_code == 302 and role != ANONYMOUS:
            check_transition(world, role, action, assessment, comment, changes)


actions = st.sampled_from(sorted(ACTIONS))


@FUZZ
@given(data=st.data())
def test_any_role_posting_anything_to_any_transition(world, data):
    review_scenario(
        world,
        data,
        state=data.draw(fs.states, label="state"),
        role=data.draw(fs.roles, label="role"),
        reference=data.draw(fs.references(world), label="reference"),
        action=data.draw(actions, label="action"),
    )


@FUZZ
@given(data=st.data())
def test_reviewers_acting_on_submitted_and_approved_assessments(world, data):
    """The CDO office and admins on assessments in the statuses the actions start from."""
    action = data.draw(actions, label="action")
    status = ACTIONS[action][1]
    state = data.draw(
        st.builds(
            fs.State,
            a_status=st.just(status),
            b_status=st.sampled_from([status, Assessment.Status.DRAFT]),
            a_answers=st.sampled_from(["complete", "partial"]),
        ),
        label="state",
    )
    review_scenario(
        world,
        data,
        state=state,
        role=data.draw(fs.weighted((3, st.just(ADMIN)), (1, st.sampled_from(REVIEWERS)))),
        reference=data.draw(st.sampled_from([world.reference("A"), world.reference("B")])),
        action=action,
    )

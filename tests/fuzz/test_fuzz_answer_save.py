"""Fuzzing the question page's POST (saving an answer), as every role.

For every request: no 500; a status this role may get; anonymous visitors sent to sign
in; a refused request changes nothing; no other authority's rows change. And exactly:
an editable member's save answers 302 when the form is valid and the version current,
409 when the version is stale, 400 otherwise, and then stores precisely the posted
answer (and its history, last activity and audit event), nothing else.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from surveys.models import Answer, Assessment, Question, Round
from tests.fuzz import strategies as fs
from tests.fuzz.oracles import Invalid, expected_answer, refused_before_any_view, version_of
from tests.fuzz.support import (
    ANONYMOUS,
    FUZZ,
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
    "member": {302, 400, 403, 404, 409},
    "admin": {403, 404},  # the CDO office and admins read, never answer
    NO_ROLE: {404},
}


def answer_bodies(current_version: int):
    """Mostly plausible answers (so many are saved), often junk, sometimes both at once."""
    junk = st.one_of(fs.numbers, fs.hostile_text)
    version = fs.weighted(
        (6, st.just(str(current_version))),
        (2, st.sampled_from(["0", "1", "2", "-1", "", " 1 ", "1.0", "01", "1e0", "4294967296"])),
        (2, junk),
    )
    level = fs.weighted(
        (6, st.sampled_from(["1", "2", "3", "4", "5", "na", ""])),
        (1, st.sampled_from(["0", "6", "NA", " 3", "3.0", "-1", "03", "3 ", "na\x00"])),
        (2, junk),
    )
    yes_no = fs.weighted(
        (6, st.sampled_from(["yes", "no", ""])),
        (1, st.sampled_from(["Yes", "true", "1", "on", "y"])),
        (2, junk),
    )
    number = fs.weighted(
        (4, st.sampled_from(["0", "12", "12.5", "999999999999.99", "1,234.50", " 7 ", ""])),
        (2, fs.numbers),
        (2, fs.hostile_text),
    )
    return fs.values_for(
        {
            "version": version,
            "level": level,
            "yes_no": yes_no,
            "number": number,
            "text": fs.weighted((3, st.sampled_from(["Our plan", ""])), (2, fs.hostile_text)),
            "evidence": fs.weighted((3, st.sampled_from(["A strategy", ""])), (2, fs.hostile_text)),
            "action": fs.weighted(
                (3, st.sampled_from(["later", "continue", "", "LATER"])), (1, fs.any_value)
            ),
        }
    )


def expected_status(world, role, path, assessment, question, current_version, payload) -> int:
    """The one status this request must get, from the rules of the journey."""
    if not routes(path):
        return 404
    if role == ANONYMOUS:
        return 302
    if assessment is None:
        return 404
    member_of = world.authority_of(role)
    if role == NO_ROLE or (member_of is not None and member_of.pk != assessment.authority_id):
        return 404
    if question is None:
        return 404
    editable = (
        member_of is not None
        and assessment.status in (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
        and assessment.round.status == Round.Status.OPEN
    )
    if not editable:
        return 403
    version = version_of(payload)
    try:
        expected_answer(kind=question.kind, required=question.required, payload=payload)
    except Invalid:
        return 400
    if version is None:
        return 400
    return 409 if version != current_version else 302


def check_saved(*, actor, assessment, question, current, payload, changes, sent) -> None:
    """A 302 from an editable member: exactly the posted answer was written, or nothing."""
    expected = expected_answer(kind=question.kind, required=question.required, payload=payload)
    if expected.same_value(current):
        assert changes == [], f"a save that changes nothing wrote {changes!r}: {sent!r}"
        return
    answers = of(changes, "surveys.Answer")
    assert len(answers) == 1, f"expected one answer written, got {changes!r}: {sent!r}"
    (answer,) = answers
    assert answer.kind == ("added" if current is None else "changed")
    row = answer.new
    assert (row["assessment_id"], row["question_id"]) == (assessment.pk, question.pk)
    assert expected.matches(row), f"stored {row!r}, expected {expected!r}: {sent!r}"
    assert row["version"] == (current["version"] + 1 if current else 1)
    assert row["changed_by_id"] == actor.pk
    history = of(changes, "surveys.AnswerChange", "added")
    assert len(history) == 1 and history[0].new["answer_id"] == answer.pk
    assert history[0].new["version"] == row["version"]
    assert history[0].new["new_evidence"] == expected.evidence
    activity = of(changes, "surveys.Assessment", "changed")
    assert len(activity) == 1 and activity[0].pk == assessment.pk
    assert activity[0].changed_fields <= {"last_activity_at", "last_activity_by_id"}
    assert activity[0].new["last_activity_by_id"] == actor.pk
    audit = of(changes, "audit.AuditEvent", "added")
    assert [a.new["action"] for a in audit] == ["answer.save"]
    assert len(changes) == 4, f"more was written than the answer: {changes!r}"


def run(world, data, *, state, role, reference, code) -> None:
    """One POST to a question page, checked against every rule."""
    with example():
        apply_state(world, state)
        assessment = (
            Assessment.objects.select_related("round").filter(reference=reference).first()
            if "\x00" not in reference
            else None
        )
        question = (
            Question.objects.filter(
                questionnaire_id=assessment.round.questionnaire_id, code=code
            ).first()
            if assessment is not None
            else None
        )
        current_answer = (
            Answer.objects.filter(assessment=assessment, question=question).values().first()
            if question is not None
            else None
        )
        current_version = current_answer["version"] if current_answer else 0
        payload = data.draw(fs.payloads(answer_bodies(current_version)), label="payload")
        client = client_as(world, role)
        path = f"/assessments/{path_segment(reference)}/questions/{path_segment(code)}/"

        before = snapshot()
        response, sent = send(client, "POST", path, payload)
        changes = diff(before, snapshot())

        group = "member" if role in MEMBERS else ("admin" if role in REVIEWERS else role)
        check_common(
            world=world,
            role=role,
            response=response,
            sent=sent,
            allowed=ALLOWED[group],
            changes=changes,
            target_owner=owner_of_reference(reference),
        )
        event(f"{role} {response.status_code}")
        want = (
            400
            if refused_before_any_view(sent)
            else expected_status(world, role, path, assessment, question, current_version, payload)
        )
        assert response.status_code == want, (
            f"{role} got {response.status_code}, expected {want} for {sent!r} in {state!r}"
        )
        if want == 302 and role != ANONYMOUS:
            check_saved(
                actor=world.users[role],
                assessment=assessment,
                question=question,
                current=current_answer,
                payload=payload,
                changes=changes,
                sent=sent,
            )


@FUZZ
@given(data=st.data())
def test_any_role_posting_anything_to_any_question_page(world, data):
    """Every role, any state, any reference (real, other authority's, other round's, junk)."""
    run(
        world,
        data,
        state=data.draw(fs.states, label="state"),
        role=data.draw(fs.roles, label="role"),
        reference=data.draw(fs.references(world), label="reference"),
        code=data.draw(fs.question_codes(world), label="code"),
    )


@FUZZ
@given(data=st.data())
def test_a_member_saving_their_own_editable_assessment_stores_exactly_what_was_posted(world, data):
    """Camden's members on Camden's open assessment: most requests are saves, so the exact
    outcome (302 and the stored answer, 409, or 400) is checked many times."""
    run(
        world,
        data,
        state=data.draw(fs.editable_states, label="state"),
        role=data.draw(fs.editors, label="role"),
        reference=world.reference("A"),
        code=data.draw(st.sampled_from(sorted(world.questions)), label="code"),
    )

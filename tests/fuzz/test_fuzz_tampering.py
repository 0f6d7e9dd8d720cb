"""Tampering with how write endpoints are called: other methods, no CSRF token, odd paths.

Whatever the method, role, path or body: never a 500; nothing is written by anything but
a POST; a POST without a valid CSRF token is refused (403) and writes nothing.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.fuzz import strategies as fs
from tests.fuzz.support import (
    ANONYMOUS,
    FUZZ,
    apply_state,
    check_common,
    client_as,
    diff,
    example,
    owner_of_reference,
    path_segment,
    send,
    snapshot,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/assessments/{reference}/questions/{code}/",
    "/assessments/{reference}/submit/",
    "/assessments/{reference}/prefill/",
    "/review/assessments/{reference}/return/",
    "/review/assessments/{reference}/approve/",
    "/review/assessments/{reference}/reopen/",
]
# Suffixes and prefixes that change which view (if any) a path reaches.
TWISTS = ["", "", "", "/", "//", "/..", "/./", "/%2e%2e/", ";x", "%00", "?next=//evil.example"]

HEX = "abcdefABCDEF0123456789"
bodies = fs.values_for(
    {
        "version": fs.any_value,
        "level": fs.any_value,
        "comment": fs.hostile_text,
        "declaration": fs.any_value,
    }
)


@st.composite
def paths(draw, world):
    template = draw(st.sampled_from(ENDPOINTS))
    reference = draw(fs.references(world))
    code = draw(fs.question_codes(world))
    path = template.format(reference=path_segment(reference), code=path_segment(code))
    twist = draw(st.sampled_from(TWISTS))
    if twist.startswith("?"):
        path += twist
    elif twist:
        path = path.rstrip("/") + twist
    return path, reference


@FUZZ
@given(data=st.data())
def test_other_methods_never_write(world, data):
    state = data.draw(fs.states, label="state")
    role = data.draw(fs.roles, label="role")
    path, reference = data.draw(paths(world), label="path")
    method = data.draw(st.sampled_from(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"]))
    payload = data.draw(fs.payloads(bodies), label="payload")
    with example():
        apply_state(world, state)
        client = client_as(world, role)
        before = snapshot()
        response, sent = send(client, method, path, payload)
        changes = diff(before, snapshot())
        event(f"{method} {role} {response.status_code}")
        check_common(
            world=world,
            role=role,
            response=response,
            sent=sent,
            allowed={302} if role == ANONYMOUS else {200, 302, 400, 403, 404, 405},
            changes=changes,
            target_owner=owner_of_reference(reference),
        )
        writes = [c for c in changes if c.new is None or c.new.get("action") != "access_refused"]
        assert writes == [], f"a {method} wrote {writes!r}: {sent!r}"


@FUZZ
@given(data=st.data())
def test_a_post_without_a_valid_csrf_token_is_refused_and_writes_nothing(world, data):
    state = data.draw(fs.states, label="state")
    role = data.draw(fs.roles, label="role")
    path, reference = data.draw(paths(world), label="path")
    body = data.draw(bodies, label="body")
    token = data.draw(
        st.one_of(
            st.none(),
            fs.hostile_text,
            st.text(alphabet="abcdefABCDEF0123456789", min_size=64, max_size=64),
        ),
        label="token",
    )
    if token is not None:
        body["csrfmiddlewaretoken"] = token
    with example():
        apply_state(world, state)
        client = client_as(world, role, enforce_csrf_checks=True)
        before = snapshot()
        response, sent = send(client, "POST", path, ("form", body))
        changes = diff(before, snapshot())
        event(f"{role} {response.status_code}")
        check_common(
            world=world,
            role=role,
            response=response,
            sent=sent,
            allowed={403},
            changes=changes,
            target_owner=owner_of_reference(reference),
            anonymous_to_login=False,  # the CSRF check comes before signing in
        )
        # (An unroutable path is a 404, which records the refusal: nothing else.)
        writes = [c for c in changes if c.new is None or c.new.get("action") != "access_refused"]
        assert writes == [], f"a POST refused by CSRF wrote {writes!r}"

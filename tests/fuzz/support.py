"""The fuzzing harness: one world per test, one rolled-back savepoint per example.

Every property test builds the world once (the ``world`` fixture, in the test's
transaction), then runs each Hypothesis example inside :func:`example`, a savepoint
that is always rolled back. So every example starts from the same rows, which is why
the tests may suppress Hypothesis's ``function_scoped_fixture`` health check.

Inside an example a test sets the state it drew (:func:`apply_state`), signs in as the
role it drew (:func:`client_as`), takes a :func:`snapshot` of every row the
application can write, makes one request, and compares a second snapshot with
:func:`diff`. The checks shared by every endpoint are in :func:`check_common`.
"""

from __future__ import annotations

import datetime
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlencode

from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings

from boroughs.models import Authority
from surveys.models import (
    Answer,
    AnswerChange,
    AreaResult,
    Assessment,
    AssessmentEvent,
    Question,
    QuestionResult,
    ResultSnapshot,
    Round,
)
from surveys.results.snapshots import result_snapshot_create
from tests import factories

CAMDEN = "E09000007"  # authority A
HACKNEY = "E09000012"  # authority B

ANONYMOUS = "anonymous"
CONTRIBUTOR_A = "contributor_a"
LEAD_A = "lead_a"
LEAD_B = "lead_b"
CDO = "cdo"
ADMIN = "admin"
NO_ROLE = "no_role"  # signed in, but neither a member, nor the CDO office, nor an admin
ROLES = (ANONYMOUS, CONTRIBUTOR_A, LEAD_A, LEAD_B, CDO, ADMIN, NO_ROLE)
MEMBERS = {CONTRIBUTOR_A: CAMDEN, LEAD_A: CAMDEN, LEAD_B: HACKNEY}
LEADS = (LEAD_A, LEAD_B)
REVIEWERS = (CDO, ADMIN)

KINDS = ("maturity", "yes_no", "number", "text")
LOGIN_PATH = "/accounts/login/"
ADMIN_LOGIN_PATH = "/admin/login/"

# FUZZ_EXAMPLES scales every property test (e.g. FUZZ_EXAMPLES=500 for a long run).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))

# The world is built once per test and every example runs in a savepoint that is rolled
# back (``example``), so a function-scoped fixture is the same at the start of every
# example: the health check that warns about sharing one does not apply.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # The explain phase reruns a failing example hundreds of times: too slow with requests.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)


@dataclass
class World:
    """Camden (A) and Hackney (B), each with an assessment in the open round and an older one.

    ``questionnaire`` (used by ``round``, open) has the questions a1-q1 (maturity), a1-q2
    (yes/no), a2-q1 (number) and a2-q2 (text). ``old_questionnaire`` (used by
    ``old_round``, closed a year ago) has the same codes plus a3-q1 and a3-q2, which
    belong to no question of the open round. Every assessment starts fully answered.
    """

    users: dict[str, User | None]
    authorities: dict[str, Authority]  # "A", "B"
    round: Round
    old_round: Round
    questions: dict[str, Question]  # by code, the open round's
    old_questions: dict[str, Question]
    assessments: dict[str, Assessment]  # "A", "B" (open round), "A-old", "B-old"
    extra: dict = field(default_factory=dict)

    def reference(self, key: str) -> str:
        return self.assessments[key].reference

    def authority_of(self, role: str) -> Authority | None:
        code = MEMBERS.get(role)
        return None if code is None else Authority.objects.get(gss_code=code)


def _answer(assessment, question, user, *, level=3):
    values = {
        "maturity": {"level": level},
        "yes_no": {"level": None, "yes_no": True},
        "number": {"level": None, "number": 12},
        "text": {"level": None, "text": "Some words"},
    }[question.kind]
    return factories.AnswerFactory(
        assessment=assessment,
        question=question,
        changed_by=user,
        evidence=f"Evidence for {question.code}",
        **values,
    )


def build_world() -> World:
    users = {
        ANONYMOUS: None,
        CONTRIBUTOR_A: factories.make_member("contributor", CAMDEN, username="fuzz-contributor-a"),
        LEAD_A: factories.make_member("lead", CAMDEN, username="fuzz-lead-a"),
        LEAD_B: factories.make_member("lead", HACKNEY, username="fuzz-lead-b"),
        CDO: factories.make_cdo(username="fuzz-cdo"),
        ADMIN: factories.make_admin(username="fuzz-admin"),
        NO_ROLE: factories.UserFactory(username="fuzz-no-role"),
    }
    authorities = {"A": factories.authority(CAMDEN), "B": factories.authority(HACKNEY)}
    questionnaire = factories.make_questionnaire(kinds=KINDS)
    old_questionnaire = factories.make_questionnaire(areas=3, kinds=KINDS)
    today = timezone.localdate()
    round_ = factories.RoundFactory(questionnaire=questionnaire, name="Fuzz open", slug="fuzz-open")
    old_round = factories.RoundFactory(
        questionnaire=old_questionnaire,
        name="Fuzz old",
        slug="fuzz-old",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status=Round.Status.CLOSED,
    )
    assessments = {}
    for key, round_of in (("A", round_), ("B", round_), ("A-old", old_round), ("B-old", old_round)):
        authority = authorities[key[0]]
        lead = users[LEAD_A if key[0] == "A" else LEAD_B]
        assessment = factories.AssessmentFactory(
            authority=authority, round=round_of, last_activity_at=timezone.now()
        )
        for question in round_of.questionnaire.questions.all():
            _answer(assessment, question, lead, level=2 if key.endswith("old") else 3)
        assessments[key] = assessment
    return World(
        users=users,
        authorities=authorities,
        round=round_,
        old_round=old_round,
        questions={q.code: q for q in questionnaire.questions.all()},
        old_questions={q.code: q for q in old_questionnaire.questions.all()},
        assessments=assessments,
    )


# ---- the state one example starts from ------------------------------------------------


@dataclass(frozen=True)
class State:
    """Statuses and answers of the open round's assessments, and the round's status.

    ``answers``: "complete" (as built), "partial" (a2-q2 unanswered), "none".
    """

    a_status: str = Assessment.Status.DRAFT
    b_status: str = Assessment.Status.DRAFT
    a_answers: str = "complete"
    b_answers: str = "complete"
    round_status: str = Round.Status.OPEN


def apply_state(world: World, state: State) -> None:
    """Put the open round's assessments in ``state`` (inside the example's savepoint)."""
    Round.objects.filter(pk=world.round.pk).update(status=state.round_status)
    now = timezone.now()
    for key, status, answers in (
        ("A", state.a_status, state.a_answers),
        ("B", state.b_status, state.b_answers),
    ):
        assessment = world.assessments[key]
        if answers == "none":
            Answer.objects.filter(assessment=assessment).delete()
        elif answers == "partial":
            Answer.objects.filter(assessment=assessment, question__code="a2-q2").delete()
        lead = world.users[LEAD_A if key == "A" else LEAD_B]
        fields = {"status": status}
        if status in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED):
            fields.update(submitted_at=now, submitted_by=lead)
        if status == Assessment.Status.APPROVED:
            fields.update(approved_at=now, approved_by=world.users[CDO])
        if status == Assessment.Status.RETURNED:
            fields.update(return_comment="Please check the data area")
        Assessment.objects.filter(pk=assessment.pk).update(**fields)
        if status == Assessment.Status.APPROVED:
            # An approved assessment always has frozen results, as approval makes them.
            result_snapshot_create(assessment=Assessment.objects.get(pk=assessment.pk))


@contextmanager
def example():
    """A savepoint that is rolled back whatever happens: each example starts afresh."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def client_as(world: World, role: str, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


# ---- snapshots -----------------------------------------------------------------------

# Rows that belong to one authority, and the path from each model to its authority.
OWNER = {
    Assessment: "authority_id",
    Answer: "assessment__authority_id",
    AnswerChange: "answer__assessment__authority_id",
    AssessmentEvent: "assessment__authority_id",
    ResultSnapshot: "assessment__authority_id",
    AreaResult: "snapshot__assessment__authority_id",
    QuestionResult: "snapshot__assessment__authority_id",
}
# Machinery, not application data: sessions (signing in writes one), axes' own logs,
# content types and permissions (never written by a request).
UNTRACKED_APPS = {"sessions", "axes", "contenttypes"}
UNTRACKED_MODELS = {"auth.Permission"}
# Signing in (force_login) sets last_login: not something a request under test writes.
IGNORED_FIELDS = {"auth.User": {"last_login"}}


def tracked_models():
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in UNTRACKED_APPS or model._meta.label in UNTRACKED_MODELS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        yield model


def snapshot() -> dict[str, dict]:
    """Every tracked row, ``{model label: {pk: {field: value, "_owner": authority id}}}``."""
    data = {}
    for model in tracked_models():
        queryset = model._default_manager.all()
        owner = OWNER.get(model)
        if owner is not None:
            queryset = queryset.annotate(_owner=F(owner))
        ignored = IGNORED_FIELDS.get(model._meta.label, set())
        pk = model._meta.pk.attname
        rows = {}
        for row in queryset.values():
            for name in ignored:
                row.pop(name, None)
            rows[row[pk]] = row
        data[model._meta.label] = rows
    return data


@dataclass(frozen=True)
class Change:
    label: str
    pk: object
    kind: str  # added, removed, changed
    old: dict | None
    new: dict | None

    @property
    def row(self) -> dict:
        return self.new if self.new is not None else self.old

    @property
    def owner(self):
        return self.row.get("_owner")

    @property
    def changed_fields(self) -> set[str]:
        if self.kind != "changed":
            return set()
        return {k for k in self.new if self.new[k] != self.old.get(k)}

    def __repr__(self) -> str:
        if self.kind == "changed":
            fields = {k: (self.old.get(k), self.new[k]) for k in sorted(self.changed_fields)}
            return f"<{self.label} {self.pk} changed {fields!r}>"
        return f"<{self.label} {self.pk} {self.kind} {self.row!r}>"


def diff(before: dict, after: dict) -> list[Change]:
    changes = []
    for label in sorted(set(before) | set(after)):
        old_rows, new_rows = before.get(label, {}), after.get(label, {})
        for pk in old_rows.keys() - new_rows.keys():
            changes.append(Change(label, pk, "removed", old_rows[pk], None))
        for pk in new_rows.keys() - old_rows.keys():
            changes.append(Change(label, pk, "added", None, new_rows[pk]))
        for pk in old_rows.keys() & new_rows.keys():
            if old_rows[pk] != new_rows[pk]:
                changes.append(Change(label, pk, "changed", old_rows[pk], new_rows[pk]))
    return changes


def of(changes: list[Change], label: str, kind: str | None = None) -> list[Change]:
    return [c for c in changes if c.label == label and (kind is None or c.kind == kind)]


# ---- requests --------------------------------------------------------------------------


def routes(path: str) -> bool:
    """Whether the path (as the test client sends it) reaches a view at all."""
    try:
        resolve(unquote(path.split("?", 1)[0]))
    except Resolver404:
        return False
    return True


def path_segment(value: str) -> str:
    """A URL path segment carrying ``value`` exactly, whatever it holds (NUL, '/', '%')."""
    return quote(value, safe="")


@dataclass
class Sent:
    """A request as made, for the assertion messages."""

    method: str
    path: str
    body: object
    content_type: str | None

    def __repr__(self) -> str:
        body = self.body
        if isinstance(body, (bytes, str)) and len(body) > 300:
            body = body[:300] + (b"..." if isinstance(body, bytes) else "...")
        elif isinstance(body, dict):
            body = {
                k: (v[:120] + "..." if isinstance(v, str) and len(v) > 120 else v)
                for k, v in body.items()
            }
        return f"{self.method} {self.path} {self.content_type or 'multipart'} {body!r}"


def send(client: Client, method: str, path: str, payload) -> tuple:
    """Make the request. ``payload`` is ``("form", dict)`` (multipart, the default),
    ``("urlencoded", dict)`` or ``("raw", (content type, bytes))``."""
    mode, body = payload
    call = getattr(client, method.lower())
    if mode == "form":
        sent = Sent(method, path, body, None)
        if method in ("GET", "HEAD"):
            return call(path), sent
        return call(path, body), sent
    if mode == "urlencoded":
        encoded = urlencode(body, doseq=True)
        content_type = "application/x-www-form-urlencoded"
    else:
        content_type, encoded = body
    sent = Sent(method, path, encoded, content_type)
    if method in ("GET", "HEAD"):
        return call(path), sent
    return call(path, encoded, content_type=content_type), sent


def last(payload, name: str) -> str | None:
    """The value Django reads for ``name`` (the last one given), None when absent."""
    mode, body = payload
    if mode == "raw":
        content_type, data = body
        if content_type.startswith("application/x-www-form-urlencoded"):
            from django.http import QueryDict

            try:
                return QueryDict(data, encoding="utf-8").get(name)
            except Exception:  # noqa: BLE001 - an undecodable body reads as no field
                return None
        return None  # multipart bodies are garbage by construction; JSON/text are not read
    value = body.get(name)
    if isinstance(value, list):
        return value[-1] if value else None
    return value


# ---- the checks every request must pass ---------------------------------------------------


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        (LOGIN_PATH, ADMIN_LOGIN_PATH)
    )


def check_common(
    *,
    world: World,
    role: str,
    response,
    sent: Sent,
    allowed: set[int],
    changes: list[Change],
    target_owner: int | None,
    anonymous_to_login: bool = True,
) -> None:
    """What holds for every request to every endpoint, whoever makes it.

    - its status is one this endpoint may answer this role;
    - anonymous visitors are only ever sent to sign in, and change nothing;
    - a refused request (anything but a redirect after a write) changes nothing but,
      for a signed-in person answered 403/404, one ``access_refused`` audit event;
    - rows of an authority other than ``target_owner`` (the authority of the
      assessment the URL names, if any) never change; nor do a borough user's
      requests change any authority's rows but their own.
    """
    from tests.fuzz.oracles import refused_before_any_view  # the oracles import this module

    status = response.status_code
    if not routes(sent.path):
        # No view: nothing to authorise, nothing to change (301: CommonMiddleware's
        # APPEND_SLASH, when adding a slash would reach one).
        allowed = {301, 404}
    refused = refused_before_any_view(sent)
    if refused:
        # A NUL in a field, or a form body Django cannot read: 400 before any view.
        allowed = {400}
    assert status in allowed, f"{role}: {status} not in {sorted(allowed)} for {sent!r}"
    if role == ANONYMOUS and anonymous_to_login and not refused and status not in (301, 404):
        assert is_login_redirect(response), f"anonymous got {status} for {sent!r}"
    if role == ANONYMOUS:
        assert changes == [], f"anonymous changed rows: {changes!r} by {sent!r}"
    if status != 302:
        unexpected = [c for c in changes if not _is_refusal_audit(c, status)]
        assert unexpected == [], f"a refused request ({status}) wrote {unexpected!r}: {sent!r}"
        assert len(changes) <= 1, f"more than one refusal recorded: {changes!r}"
    owners = {c.owner for c in changes if c.owner is not None}
    permitted = {target_owner} if target_owner is not None else set()
    member_of = world.authority_of(role)
    if member_of is not None:
        permitted &= {member_of.pk}
    assert owners <= permitted, (
        f"{role} changed rows of authorities {owners - permitted} "
        f"(allowed: {permitted}): {changes!r} by {sent!r}"
    )


def _is_refusal_audit(change: Change, status: int) -> bool:
    return (
        status in (403, 404)
        and change.label == "audit.AuditEvent"
        and change.kind == "added"
        and change.new["action"] == "access_refused"
    )


def owner_of_reference(reference: str) -> int | None:
    """The authority of the assessment with this exact reference, if any."""
    return (
        Assessment.objects.filter(reference=reference)
        .values_list("authority_id", flat=True)
        .first()
        if "\x00" not in reference
        else None
    )

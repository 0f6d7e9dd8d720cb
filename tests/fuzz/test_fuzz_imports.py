"""Fuzzing the admin's imports and admin reopening: questionnaire upload, bulk accounts CSV.

Only admins reach them (everyone else is sent to sign in). For every file: never a 500;
a refused file (the form shown again, 200) writes nothing; an accepted one (302) only
adds rows, exactly those the file describes, and never changes an existing row (no
authority's data, no existing account, no existing questionnaire).
"""

from __future__ import annotations

import codecs
import csv
import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from hypothesis import event, given
from hypothesis import strategies as st

from accounts.bulk_import import split_name
from surveys.models import Assessment
from tests.fuzz import strategies as fs
from tests.fuzz.oracles import comment_of, refused_before_any_view
from tests.fuzz.support import (
    ADMIN,
    FUZZ,
    Sent,
    apply_state,
    check_common,
    client_as,
    diff,
    example,
    is_login_redirect,
    of,
    snapshot,
)
from tests.fuzz.transitions import check_transition

pytestmark = pytest.mark.django_db

QUESTIONNAIRE_IMPORT = "/admin/surveys/questionnaire/import/"
ACCOUNTS_IMPORT = "/admin/boroughs/membership/bulk-upload/"


def _post_file(world, role, path, field_data, filename, content, extra=None):
    client = client_as(world, role)
    upload = SimpleUploadedFile(filename, content, content_type="application/octet-stream")
    data = {**(extra or {}), field_data: upload}
    before = snapshot()
    # Invitations are emailed once the accounts are committed: run those callbacks too,
    # as a real request would, so a failure there shows as the 500 it would be.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(path, data)
    changes = diff(before, snapshot())
    shown = content if len(content) <= 400 else content[:400] + b"..."
    sent = Sent("POST", path, {"file": shown, **(extra or {})}, None)
    return response, sent, changes


def _check_gate(world, role, response, sent, changes) -> bool:
    """Everyone but admins is sent to sign in and writes nothing. True for an admin."""
    allowed = {200, 302} if role == ADMIN else {302}
    check_common(
        world=world,
        role=role,
        response=response,
        sent=sent,
        allowed=allowed,
        changes=changes,
        target_owner=None,
        anonymous_to_login=True,
    )
    if refused_before_any_view(sent):  # 400 before the admin looks at who is asking
        assert changes == [], f"a refused request wrote {changes!r}: {sent!r}"
        return False
    if role != ADMIN:
        assert is_login_redirect(response), f"{role} reached an admin import: {sent!r}"
        assert changes == [], f"{role} wrote through an admin import: {changes!r}"
        return False
    if response.status_code == 200:
        assert changes == [], f"a refused import wrote {changes!r}: {sent!r}"
    else:
        touched = [c for c in changes if c.kind != "added"]
        assert touched == [], f"an import changed or removed rows: {touched!r}: {sent!r}"
    return True


# ---- questionnaire files -----------------------------------------------------------------


def base_questionnaire(version: int) -> dict:
    return {
        "code": "fuzz-upload",
        "version": version,
        "name": "Fuzz upload",
        "levels": [
            {"number": 1, "name": "Low", "min_score": 0},
            {"number": 2, "name": "High", "min_score": 50},
        ],
        "areas": [
            {
                "code": "data",
                "name": "Data",
                "questions": [
                    {
                        "code": "d1",
                        "kind": "maturity",
                        "text": "How well?",
                        "hint": "Think about it.",
                        "levels": {1: "Badly", 2: "Well"},
                    },
                    {"code": "d2", "kind": "number", "text": "How many?", "unit": "servers"},
                ],
            }
        ],
    }


QUESTIONNAIRE_PATHS = [
    ("code",),
    ("version",),
    ("name",),
    ("description",),
    ("scoring_method",),
    ("not_applicable_label",),
    ("levels",),
    ("levels", 0, "name"),
    ("levels", 1, "min_score"),
    ("levels", 1, "number"),
    ("areas",),
    ("areas", 0, "code"),
    ("areas", 0, "name"),
    ("areas", 0, "weight"),
    ("areas", 0, "questions"),
    ("areas", 0, "questions", 0, "code"),
    ("areas", 0, "questions", 0, "kind"),
    ("areas", 0, "questions", 0, "text"),
    ("areas", 0, "questions", 0, "hint"),
    ("areas", 0, "questions", 0, "weight"),
    ("areas", 0, "questions", 0, "required"),
    ("areas", 0, "questions", 0, "scored"),
    ("areas", 0, "questions", 0, "levels"),
    ("areas", 0, "questions", 0, "levels", 2),
    ("areas", 0, "questions", 1, "code"),
    ("areas", 0, "questions", 1, "unit"),
    ("unknown_key",),
]
yaml_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        fs.hostile_text,
        st.sampled_from(["d1", "data", "maturity", "yes_no", "number", "text", "gated", "0"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


TEXT_PATHS = [
    ("name",),
    ("description",),
    ("not_applicable_label",),
    ("levels", 0, "name"),
    ("areas", 0, "name"),
    ("areas", 0, "description"),
    ("areas", 0, "questions", 0, "text"),
    ("areas", 0, "questions", 0, "hint"),
    ("areas", 0, "questions", 0, "levels", 1),
    ("areas", 0, "questions", 1, "unit"),
]
mutations = fs.weighted(
    # Text where text belongs, so that many files are otherwise valid and get loaded.
    (3, st.tuples(st.sampled_from(TEXT_PATHS), st.just("set"), fs.hostile_text)),
    (2, st.tuples(st.sampled_from(QUESTIONNAIRE_PATHS), st.just("set"), yaml_values)),
    (1, st.tuples(st.sampled_from(QUESTIONNAIRE_PATHS), st.just("delete"), st.none())),
)


@st.composite
def questionnaire_documents(draw):
    doc = base_questionnaire(draw(st.integers(1, 10_000)))
    for path, operation, value in draw(st.lists(mutations, max_size=3)):
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            if operation == "delete" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the way there
    return doc


NASTY_YAML = [
    "a: " + "[" * 5000 + "]" * 5000,  # nesting deeper than the parser's recursion
    "code: " + "{a: " * 3000 + "1" + "}" * 3000,
    "version: " + "9" * 5000 + "\n",  # more digits than Python converts to an int
    "code: !!python/object/apply:os.system ['true']\n",
    "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "code: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    "code: !!binary aGVsbG8=\n",
    "version: 2001-12-14\n",
    "? [a, b]\n: 1\n",
    "c: {<<: 5}\n",
    'code: "a\\0b"\nversion: 1\n',
    "- 1\n- 2\n",
    "",
    "\t",
    "%YAML 9.9\n---\ncode: x\n",
    "code: x\n...\n---\ncode: y\n",
]


def questionnaire_files():
    documents = questionnaire_documents().map(
        lambda doc: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode()
    )
    return fs.weighted(
        (6, documents),
        (1, documents.map(lambda data: codecs.BOM_UTF8 + data)),
        (1, documents.map(lambda data: data.decode().encode("utf-16"))),
        (2, st.sampled_from(NASTY_YAML).map(str.encode)),
        (1, st.binary(max_size=300)),
    )


@FUZZ
@given(data=st.data())
def test_uploading_any_questionnaire_file(world, data):
    role = data.draw(fs.weighted((4, st.just(ADMIN)), (1, fs.roles)), label="role")
    content = data.draw(questionnaire_files(), label="file")
    publish = data.draw(st.sampled_from([None, "on", "", "\x00"]), label="publish")
    filename = data.draw(
        st.sampled_from(["q.yaml", "", "../../etc/passwd", "q\x00.yaml", "é.yml"]),
        label="filename",
    )
    extra = {} if publish is None else {"publish": publish}
    with example():
        response, sent, changes = _post_file(
            world, role, QUESTIONNAIRE_IMPORT, "file", filename or "x", content, extra
        )
        event(f"{role} {response.status_code}")
        if not _check_gate(world, role, response, sent, changes) or response.status_code != 302:
            return
        # Loaded: one new questionnaire, with what the file says, and nothing else.
        doc = yaml.safe_load(content.decode("utf-8-sig"))
        (added,) = of(changes, "surveys.Questionnaire", "added")
        assert (added.new["code"], added.new["version"]) == (doc["code"], doc["version"])
        want = "published" if publish not in (None, "") else "draft"
        assert added.new["status"] == want, (added.new["status"], publish)
        questions = of(changes, "surveys.Question", "added")
        codes = {q["code"] for area in doc["areas"] for q in area["questions"]}
        assert {q.new["code"] for q in questions} == codes
        labels = {c.label for c in changes}
        assert labels <= {
            "surveys.Questionnaire",
            "surveys.ScaleLevel",
            "surveys.Area",
            "surveys.Question",
            "surveys.LevelDescriptor",
            "audit.AuditEvent",
            "admin.LogEntry",
        }, labels


@pytest.mark.parametrize("text", NASTY_YAML[:3], ids=["deep-list", "deep-mapping", "huge-int"])
def test_a_pathological_questionnaire_file_is_refused_not_a_server_error(world, client, text):
    """Regression: each of these made the upload (and load_questionnaire) fail with a 500."""
    client.force_login(world.users[ADMIN])
    before = snapshot()
    upload = SimpleUploadedFile("q.yaml", text.encode())
    response = client.post(QUESTIONNAIRE_IMPORT, {"file": upload})
    assert response.status_code == 200
    assert "Nothing was loaded" in response.content.decode()  # a problem is listed
    assert diff(before, snapshot()) == []


# ---- bulk accounts -----------------------------------------------------------------------

GSS = ["E09000007", "E09000012", "e09000019", " E09000001 ", "E09000099", "", "E0900000"]
HEADERS = [
    ["email", "name", "gss_code", "role"],
    ["role", "gss_code", "name", "email"],
    ["E-mail", "Name", "authority_gss_code", "ROLE"],
    ["email", "name", "authority gss code", "role", "notes"],
    ["email", "name", "role"],
    ["email", "email", "name", "gss_code", "role"],
    [],
]


@st.composite
def account_rows(draw, index):
    email = draw(
        fs.weighted(
            (12, st.just(f"person{index}@example.gov.uk")),
            (1, st.sampled_from(["fuzz-lead-a@example.gov.uk", "FUZZ-LEAD-B@EXAMPLE.GOV.UK"])),
            (1, st.sampled_from(["person0@example.gov.uk", "not-an-email", "a@b", ""])),
            (1, fs.hostile_text.map(lambda s: f"x{index}{s}@example.gov.uk")),
        )
    )
    name = draw(
        fs.weighted(
            (5, st.sampled_from(["Mary Ann Smith", "Ali", "  Zoë  O'Brien  "])),
            (3, fs.hostile_text),
            (1, fs.with_nul),
        )
    )
    gss = draw(
        fs.weighted((10, st.sampled_from(GSS[:2])), (1, st.sampled_from(GSS)), (1, fs.hostile_text))
    )
    role = draw(
        fs.weighted(
            (10, st.sampled_from(["lead", "contributor"])),
            (1, st.sampled_from(["LEAD", " Contributor ", "cdo", "admin", ""])),
            (1, fs.hostile_text),
        )
    )
    return {"email": email, "name": name, "gss_code": gss, "role": role}


@st.composite
def account_files(draw):
    header = draw(fs.weighted((4, st.sampled_from(HEADERS[:4])), (1, st.sampled_from(HEADERS))))
    rows = [draw(account_rows(i)) for i in range(draw(st.integers(0, 3)))]
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    if header:
        writer.writerow(header)
    canonical = {
        "e-mail": "email",
        "authority_gss_code": "gss_code",
        "authority gss code": "gss_code",
    }
    for row in rows:
        cells = []
        for column in header:
            key = canonical.get(column.strip().lower(), column.strip().lower())
            cells.append(row.get(key, "extra"))
        writer.writerow(cells)
        if draw(st.integers(0, 9)) == 0:
            writer.writerow([])  # a blank line
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


csv_files = fs.weighted(
    (8, account_files()),
    (
        1,
        st.sampled_from(
            [
                b"email,name,gss_code,role\n" + b"a" * 200_000 + b",x,E09000007,lead\n",
                b'email,name,gss_code,role\n"unterminated,x,E09000007,lead\n',
                b"email,name,gss_code,role\nx@example.gov.uk,A\x00B,E09000007,lead\n",
                b"email,name,gss_code,role\nx@example.gov.uk,A B,E09000007,lead,extra,cells\n",
                b"\xff\xfe\x00",
                b"",
            ]
        ),
    ),
    (1, st.binary(max_size=300)),
)


def expected_accounts(content: bytes) -> list[dict] | None:
    """The accounts an accepted file creates: every non-blank row, cleaned as documented."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    aliases = {
        "authority_gss_code": "gss_code",
        "authority gss code": "gss_code",
        "e-mail": "email",
    }
    accounts = []
    for raw in reader:
        values = {}
        for key, value in raw.items():
            if key is None:
                continue
            name = key.strip().lower()
            values[aliases.get(name, name)] = (value or "").strip()
        if not any(values.values()):
            continue
        first, last = split_name(values["name"])
        accounts.append(
            {
                "email": values["email"],
                "first_name": first,
                "last_name": last,
                "gss_code": values["gss_code"].upper(),
                "role": values["role"].lower(),
            }
        )
    return accounts


@FUZZ
@given(data=st.data())
def test_uploading_any_accounts_file(world, data):
    role = data.draw(fs.weighted((4, st.just(ADMIN)), (1, fs.roles)), label="role")
    content = data.draw(csv_files, label="file")
    with example():
        response, sent, changes = _post_file(
            world, role, ACCOUNTS_IMPORT, "file", "accounts.csv", content
        )
        event(f"{role} {response.status_code}")
        if not _check_gate(world, role, response, sent, changes) or response.status_code != 302:
            return
        wanted = expected_accounts(content)
        assert wanted, f"accepted a file with no accounts: {sent!r}"
        users = {c.new["id"]: c.new for c in of(changes, "auth.User", "added")}
        memberships = of(changes, "boroughs.Membership", "added")
        from boroughs.models import Authority

        gss = dict(Authority.objects.values_list("pk", "gss_code"))
        made = sorted(
            (
                users[m.new["user_id"]]["username"],
                users[m.new["user_id"]]["email"],
                users[m.new["user_id"]]["first_name"],
                users[m.new["user_id"]]["last_name"],
                gss[m.new["authority_id"]],
                m.new["role"],
            )
            for m in memberships
        )
        want = sorted(
            (a["email"], a["email"], a["first_name"], a["last_name"], a["gss_code"], a["role"])
            for a in wanted
        )
        assert made == want, f"created {made!r}, the file says {want!r}"
        assert len(users) == len(memberships) == len(of(changes, "auth.User_groups", "added"))
        audit = [a.new["action"] for a in of(changes, "audit.AuditEvent", "added")]
        assert sorted(audit) == ["account.create"] * len(users) + ["accounts.import"]
        labels = {c.label for c in changes}
        assert labels <= {
            "auth.User",
            "auth.User_groups",
            "boroughs.Membership",
            "audit.AuditEvent",
            "admin.LogEntry",
        }, labels


# ---- reopening from the admin --------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_reopening_from_the_admin(world, data):
    state = data.draw(fs.states, label="state")
    role = data.draw(fs.weighted((4, st.just(ADMIN)), (1, fs.roles)), label="role")
    key = data.draw(st.sampled_from(["A", "A", "B", "A-old", None]), label="assessment")
    garbage = data.draw(
        st.sampled_from(["0", "-1", "99999999", "9" * 30, "abc", "1.5", "%00"]), label="id"
    )
    reason = data.draw(
        fs.weighted((3, st.just("Data area answers were wrong")), (2, fs.hostile_text)),
        label="reason",
    )
    with example():
        apply_state(world, state)
        object_id = str(world.assessments[key].pk) if key else garbage
        target = Assessment.objects.filter(pk=world.assessments[key].pk).first() if key else None
        path = f"/admin/surveys/assessment/{object_id}/reopen/"
        client = client_as(world, role)
        before = snapshot()
        response = client.post(path, {"reason": reason})
        changes = diff(before, snapshot())
        sent = Sent("POST", path, {"reason": reason}, None)  # its repr shortens the reason
        event(f"{role} {response.status_code}")
        check_common(
            world=world,
            role=role,
            response=response,
            sent=sent,
            allowed={200, 302, 404} if role == ADMIN else {302},
            changes=changes,
            target_owner=target.authority_id if target else None,
        )
        if refused_before_any_view(sent):  # 400 before the admin looks at who is asking
            assert changes == []
            return
        if role != ADMIN:
            assert is_login_redirect(response) and changes == []
            return
        if target is None:
            # 404, or (an id that is not a whole number) the admin's redirect to the
            # change page, which says there is no such assessment: either way no writes.
            assert response.status_code in (302, 404)
            assert not [c for c in changes if c.row.get("action") != "access_refused"]
            return
        comment = comment_of(("form", {"comment": reason}))
        if target.status == Assessment.Status.APPROVED and comment:
            assert response.status_code == 302
            check_transition(world, ADMIN, "reopen", target, comment, changes)
        else:
            # Not approved: back to the assessment with the reason why; a blank or
            # invalid reason: the form again. Neither writes anything.
            assert response.status_code in (200, 302)
            assert changes == [], f"a refused reopen wrote {changes!r}: {sent!r}"

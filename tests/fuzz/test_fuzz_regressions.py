"""The smallest reproductions of what the fuzz tests found, one test per bug.

Each failed (a 500) when it was written; see the fuzz helper's report for the fix.
Several fail on PostgreSQL only, which refuses NUL (0x00) in text: run them with
``./scripts/with-postgres .venv/bin/pytest tests/fuzz``.
"""

from __future__ import annotations

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from boroughs.models import Membership
from surveys.models import Questionnaire
from tests.fuzz.support import ADMIN, LEAD_A, diff, path_segment, snapshot
from tests.fuzz.test_fuzz_imports import ACCOUNTS_IMPORT, QUESTIONNAIRE_IMPORT, base_questionnaire

pytestmark = pytest.mark.django_db

# ---- 1. a NUL byte in an assessment reference (PostgreSQL) --------------------------------

JOURNEY = [
    ("GET", "/assessments/{reference}/questions/a1-q1/"),
    ("POST", "/assessments/{reference}/questions/a1-q1/"),
    ("GET", "/assessments/{reference}/questions/a1-q1/history/"),
    ("GET", "/assessments/{reference}/areas/area-1/"),
    ("GET", "/assessments/{reference}/check/"),
    ("GET", "/assessments/{reference}/submit/"),
    ("POST", "/assessments/{reference}/submit/"),
    ("GET", "/assessments/{reference}/submitted/"),
    ("POST", "/assessments/{reference}/prefill/"),
]


@pytest.mark.parametrize(("method", "template"), JOURNEY)
def test_a_reference_with_a_nul_byte_is_not_found(world, client, method, template):
    """``surveys.journey.selectors.assessment_for_user`` passed the reference from the URL
    straight to the database: PostgreSQL's driver raises ValueError on NUL (a 500)."""
    client.force_login(world.users[LEAD_A])
    reference = path_segment(world.reference("A") + "\x00")
    before = snapshot()
    response = client.generic(method, template.format(reference=reference), b"version=1")
    assert response.status_code == 404
    written = [c for c in diff(before, snapshot()) if c.row.get("action") != "access_refused"]
    assert written == []


# ---- 2. questionnaire files that crash the reader ---------------------------------------------


def _upload_questionnaire(world, client, content: bytes):
    client.force_login(world.users[ADMIN])
    before = snapshot()
    response = client.post(QUESTIONNAIRE_IMPORT, {"file": SimpleUploadedFile("q.yaml", content)})
    return response, diff(before, snapshot())


TEXT_FIELDS = {
    "name": lambda doc: doc.__setitem__("name", "Fuzz\x00upload"),
    "level name": lambda doc: doc["levels"][0].__setitem__("name", "Low\x00"),
    "question text": lambda doc: doc["areas"][0]["questions"][0].__setitem__("text", "How\x00?"),
    "descriptor": lambda doc: doc["areas"][0]["questions"][0]["levels"].__setitem__(1, "\x00"),
}


@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
def test_a_questionnaire_file_with_a_nul_byte_in_its_text(world, client, field):
    """PostgreSQL: a NUL in any text of an otherwise valid file was written as is (a 500).
    It must be refused with a problem listed, or loaded without the NUL."""
    doc = base_questionnaire(1)
    TEXT_FIELDS[field](doc)
    response, changes = _upload_questionnaire(world, client, yaml.safe_dump(doc).encode())
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Nothing was loaded" in response.content.decode()
        assert changes == []
    else:
        texts = [v for c in changes for v in c.new.values() if isinstance(v, str)]
        assert not [t for t in texts if "\x00" in t]
        assert Questionnaire.objects.filter(code="fuzz-upload").exists()


# (The nesting and huge-number files are in test_fuzz_imports:
#  test_a_pathological_questionnaire_file_is_refused_not_a_server_error.)


# ---- 3. bulk-accounts files that crash the upload --------------------------------------------


def _upload_accounts(world, client, content: bytes):
    client.force_login(world.users[ADMIN])
    before = snapshot()
    response = client.post(ACCOUNTS_IMPORT, {"file": SimpleUploadedFile("a.csv", content)})
    return response, diff(before, snapshot())


def test_an_accounts_file_with_a_cell_over_the_csv_field_limit_is_refused(world, client):
    """Python's csv module raises ``csv.Error`` for a field over 131,072 characters;
    ``accounts.bulk_import.parse_accounts_csv`` did not catch it (a 500 on any database)."""
    content = b"email,name,gss_code,role\nx@example.gov.uk,A B,E09000007," + b"l" * 140_000 + b"\n"
    response, changes = _upload_accounts(world, client, content)
    assert response.status_code == 200
    assert changes == []


def test_an_accounts_file_with_a_nul_byte_in_a_name(world, client):
    """PostgreSQL: a NUL in a name passed every check and was written (a 500). It must be
    refused with the line named, or the account created without the NUL."""
    content = b"email,name,gss_code,role\nx@example.gov.uk,Mary\x00 Smith,E09000007,lead\n"
    response, changes = _upload_accounts(world, client, content)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert changes == []
        assert "<tr><td>2</td><td>The name contains control characters" in (
            response.content.decode()
        )
    else:
        member = Membership.objects.select_related("user").get(user__username="x@example.gov.uk")
        assert "\x00" not in member.user.first_name + member.user.last_name

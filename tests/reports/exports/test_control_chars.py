"""Control characters (pasted from Word: vertical tab, \\x01, ESC...) in any text exported.

Every export, as CSV and as Excel, answers 200 whatever C0 control character (or DEL) an
answer, its evidence, a question or an authority's name holds. CSV keeps the character
(the formula guard still applies); Excel, which cannot hold most of them, shows U+FFFD in
their place. A download is recorded in the audit log only once its file is built.
"""

import io

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from boroughs.models import Authority
from reports.exports import render as exports_render
from reports.exports.csv_safety import EXCEL_ILLEGAL, csv_cell, excel_text
from surveys.models import Answer, Assessment, Question
from tests import factories
from tests.reports.exports.jobs_support import ask, file_of, job_of
from tests.reports.exports_support import content_of

pytestmark = pytest.mark.django_db

KINDS = ["summary", "answers", "questionnaire", "progress"]
CONTROLS = [*range(0x00, 0x20), 0x7F]
CAMDEN = "E09000007"


def _skip_nul_on_postgresql(char: str) -> None:
    if char == "\x00" and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store NUL in text; SQLite covers it")


def _dataset(char: str):
    """One open round; Camden's draft holds ``char`` in a text answer, evidence, the
    question's text and hint, its own name and its reference."""
    questionnaire = factories.make_questionnaire(
        areas=1, questions_per_area=2, kinds=("maturity", "text")
    )
    # Published questions are locked against save(); update() sets up the hostile text.
    Question.objects.filter(questionnaire=questionnaire).update(
        text=f"Does it{char}work?", hint=f"{char}=1+2"
    )
    round_ = factories.RoundFactory(questionnaire=questionnaire, slug="controls")
    Authority.objects.filter(gss_code=CAMDEN).update(name=f"Cam{char}den")
    assessment = factories.AssessmentFactory(
        authority=factories.authority(CAMDEN), round=round_, reference=f"LDM-{char}-CAMDEN"
    )
    for question in questionnaire.questions.all():
        Answer.objects.create(
            assessment=assessment,
            question=question,
            level=3 if question.kind == "maturity" else None,
            text=f"Pasted{char}from Word" if question.kind == "text" else "",
            evidence=f"Our{char}strategy",
            changed_at=timezone.now(),
        )
    return round_


def _download(client, kind: str, file_format: str, round_) -> bytes:
    response = ask(client, f"exports:{kind}", {"round": round_.slug, "format": file_format})
    if response.status_code == 303:  # made by a job (an Excel file of answers)
        return file_of(client, job_of(response))
    assert response.status_code == 200, (kind, file_format)
    if response.streaming:
        return content_of(response)
    return b"".join(response)


def _in_excel(text: str) -> str:
    """What a workbook reader gets back: illegal characters replaced, and a carriage return
    read as a line feed (XML readers, Excel too, normalise line ends)."""
    return excel_text(text).replace("\r", "\n")


def _cells(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row]


@pytest.mark.parametrize("code", CONTROLS, ids=[f"0x{code:02X}" for code in CONTROLS])
def test_every_export_in_every_format_survives_a_control_character(client, cdo, code):
    char = chr(code)
    _skip_nul_on_postgresql(char)
    round_ = _dataset(char)
    client.force_login(cdo)
    for kind in KINDS:
        csv_text = _download(client, kind, "csv", round_).decode("utf-8")
        cells = _cells(_download(client, kind, "xlsx", round_))
        if kind == "answers":
            assert f"Our{char}strategy" in csv_text  # CSV keeps it
            assert _in_excel(f"Our{char}strategy") in cells
            assert _in_excel(f"Pasted{char}from Word") in cells
        elif kind == "questionnaire":
            assert f"Does it{char}work?" in csv_text
            assert _in_excel(f"Does it{char}work?") in cells
        else:
            assert f"Cam{char}den" in csv_text
            assert _in_excel(f"Cam{char}den") in cells
        assert not any(isinstance(c, str) and EXCEL_ILLEGAL.search(c) for c in cells)
    requests = AuditEvent.objects.filter(action__startswith="export.").exclude(action="export.file")
    assert requests.count() == 2 * len(KINDS)


def test_excel_replaces_what_it_cannot_hold_and_keeps_the_rest():
    kept = "\t\n\r\x7f"
    assert excel_text(f"a{kept}b") == f"a{kept}b"
    for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]:
        assert excel_text(f"a{chr(code)}b") == "a\ufffdb", hex(code)


def test_csv_keeps_control_characters_and_still_guards_formulas():
    assert csv_cell("a\x0bb") == "a\x0bb"
    assert csv_cell("\x00=1+2") == "'\x00=1+2"
    assert csv_cell("\t=1") == "'\t=1"


# An Excel file of answers is made by a job: tests/reports/exports/test_jobs.py.
@pytest.mark.parametrize(("kind", "file_format"), [("answers", "csv"), ("summary", "xlsx")])
def test_a_download_that_fails_to_build_is_not_audited(cdo, monkeypatch, kind, file_format):
    round_ = _dataset("\x0b")

    # The URLconf (and every view module with it) is loaded before the patch: a module
    # first imported under it would keep the broken function (opendata's csv_response).
    url = reverse(f"exports:{kind}")

    def broken(*args, **kwargs):
        raise RuntimeError("the file could not be built")

    monkeypatch.setattr(exports_render, "write_xlsx", broken)
    monkeypatch.setattr(exports_render, "csv_response", broken)
    client = Client(raise_request_exception=False)
    client.force_login(cdo)
    response = client.get(url, {"round": round_.slug, "format": file_format})
    assert response.status_code == 500
    assert not AuditEvent.objects.filter(action__startswith="export.").exists()
    assert Assessment.objects.filter(round=round_).exists()  # the data itself is untouched

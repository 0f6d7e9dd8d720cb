"""Formula injection: hostile text through every export, CSV and Excel, web and command."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports import csv_safety
from surveys.models import Round
from tests.reports.exports.jobs_support import ask, file_of, job_of
from tests.reports.exports_support import (
    HACKNEY_NAME,
    HACKNEY_REFERENCE,
    HOSTILE,
    LEAD_EMAIL,
    assert_no_formulas,
    build_dataset,
    content_of,
    parse_csv,
)

# The hostile text each export carries (see exports_support): it must come back
# with an apostrophe in front in CSV, and exactly as written (as text) in Excel.
EXPECTED = {
    "exports:summary": [*HOSTILE, HACKNEY_NAME],
    "exports:answers": [*HOSTILE, HACKNEY_NAME],
    "exports:questionnaire": HOSTILE[:4],
    "exports:progress": [*HOSTILE, HACKNEY_NAME, HACKNEY_REFERENCE],
}


@pytest.fixture
def data(db):
    return build_dataset(status=Round.Status.PUBLISHED, share_named_results=True)


# --- The rules themselves --------------------------------------------------------------


@pytest.mark.parametrize("text", [*HOSTILE, "=1", "+1", "-1", "@x", "\n=1", "\0=1", "-", "=", "@"])
def test_dangerous_text_gets_an_apostrophe(text):
    assert csv_safety.csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Camden", "1+1", "a=b", " =1", "'=1", "E09000007", ""])
def test_safe_text_is_unchanged(text):
    assert csv_safety.csv_cell(text) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-2, "-2"),
        (-2.5, "-2.5"),
        (Decimal("-12.50"), "-12.5"),
        (Decimal("100"), "100"),
        (0, "0"),
        (True, "true"),
        (False, "false"),
        (None, ""),
        (datetime.date(2025, 3, 1), "2025-03-01"),
        (datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC), "2025-03-01T09:30:00+00:00"),
    ],
)
def test_real_numbers_and_other_values_keep_their_type(value, expected):
    assert csv_safety.csv_cell(value) == expected


def test_local_times_are_written_in_utc():
    summer = datetime.datetime(
        2025, 7, 1, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert csv_safety.csv_cell(summer) == "2025-07-01T09:00:00+00:00"


# --- Every web export, CSV ----------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_csv_export_neutralises_hostile_text(client, cdo, data, name):
    client.force_login(cdo)
    rows = parse_csv(content_of(client.get(reverse(name), {"round": data.round.slug})))
    assert_no_formulas(rows)
    cells = {cell for row in rows for cell in row}
    for text in EXPECTED[name]:
        assert "'" + text in cells, f"{text!r} missing from {name}"
    if name == "exports:progress":
        assert "'" + LEAD_EMAIL + "; zoe@camden.gov.uk" in cells


def test_open_data_csv_neutralises_hostile_text(client, data):
    rows = parse_csv(content_of(client.get(reverse("opendata:csv", args=[data.round.slug])))[3:])
    assert_no_formulas(rows)
    cells = {cell for row in rows for cell in row}
    for text in [*HOSTILE, HACKNEY_NAME]:
        assert "'" + text in cells


# --- Every web export, Excel --------------------------------------------------------------


def _workbook_cells(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def _assert_excel_safe(cells, expected):
    assert all(cell.data_type != "f" for cell in cells), "a cell was written as a formula"
    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in expected:
        # NUL cannot be stored in a workbook (replaced); XML reads a bare CR back as LF.
        cleaned = text.replace("\0", "\ufffd").replace("\r", "\n")
        assert cleaned in texts, f"{text!r} missing"
        cell = texts[cleaned]
        assert cell.data_type == "s"
        assert cell.quotePrefix, f"{text!r} has no quote prefix"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_excel_export_writes_hostile_text_as_text(client, cdo, data, name):
    client.force_login(cdo)
    response = ask(client, name, {"round": data.round.slug, "format": "xlsx"})
    if response.status_code == 303:  # an Excel file of answers is made by a job
        body = file_of(client, job_of(response))
    else:
        body = content_of(response)
    _assert_excel_safe(_workbook_cells(body), EXPECTED[name])


# --- The management command -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["summary", "answers", "questionnaire", "progress"])
def test_command_csv_neutralises_hostile_text(data, kind):
    out = io.StringIO()
    call_command("export", kind, "--round", data.round.slug, stdout=out)
    rows = parse_csv(out.getvalue().encode())
    assert_no_formulas(rows)
    cells = {cell for row in rows for cell in row}
    for text in EXPECTED[f"exports:{kind}"]:
        assert "'" + text in cells


@pytest.mark.parametrize("kind", ["summary", "answers"])
def test_command_excel_writes_hostile_text_as_text(data, kind, tmp_path):
    target = tmp_path / f"{kind}.xlsx"
    call_command(
        "export", kind, "--round", data.round.slug, "--format", "xlsx", "--output", str(target)
    )
    _assert_excel_safe(_workbook_cells(target.read_bytes()), EXPECTED[f"exports:{kind}"])

"""The senior sign-off in the exports (issue 14): the summary has ``sign_off_name`` and
``sign_off_role`` (CSV and Excel, made safe like any text); the open data does not publish
them; the data dictionary, its page and docs/data-dictionary.md say the same."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from reports.exports.dictionary import DICTIONARY, OPEN_DATA, SUMMARY, names
from surveys.models import Assessment
from tests.reports.exports_support import (
    CAMDEN,
    HACKNEY,
    build_dataset,
    content_of,
    parse_csv,
    rows_by,
)

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SIGN_OFF = ["sign_off_name", "sign_off_role"]


@pytest.fixture
def data(db):
    made = build_dataset()
    Assessment.objects.filter(round=made.round, authority__gss_code=CAMDEN).update(
        sign_off_name="=Ada Lovelace", sign_off_role="Chief Information Officer"
    )
    return made


def _download(client, cdo, round_slug: str, file_format: str = "csv") -> bytes:
    client.force_login(cdo)
    response = client.get(reverse("exports:summary"), {"round": round_slug, "format": file_format})
    assert response.status_code == 200
    return content_of(response)


def test_the_summary_ends_with_the_sign_off():
    assert names(SUMMARY)[-2:] == SIGN_OFF
    assert not set(SIGN_OFF) & set(names(OPEN_DATA))


def test_the_summary_csv_has_the_sign_off(client, cdo, data):
    rows = parse_csv(_download(client, cdo, data.round.slug))
    assert rows[0][-2:] == SIGN_OFF
    by_gss = rows_by(rows, "gss_code")
    camden = by_gss[CAMDEN]
    # Made safe for spreadsheets like any text cell.
    assert (camden["sign_off_name"], camden["sign_off_role"]) == (
        "'=Ada Lovelace",
        "Chief Information Officer",
    )
    assert by_gss[HACKNEY]["sign_off_name"] == by_gss["E09000003"]["sign_off_role"] == ""


def test_the_summary_workbook_has_the_sign_off(client, cdo, data):
    sheet = load_workbook(io.BytesIO(_download(client, cdo, data.round.slug, "xlsx"))).active
    header_row = [cell.value for cell in sheet[1]]
    assert header_row[-2:] == SIGN_OFF
    camden = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == CAMDEN)
    values = {name: cell for name, cell in zip(header_row, camden, strict=True)}
    assert values["sign_off_name"].value == "=Ada Lovelace"
    assert values["sign_off_name"].data_type == "s"  # text, never a formula
    assert values["sign_off_role"].value == "Chief Information Officer"


def test_the_open_data_does_not_publish_the_sign_off(client, db):
    published = build_dataset(status="published", share_named_results=True)
    Assessment.objects.filter(round=published.round).update(
        sign_off_name="Ada Lovelace", sign_off_role="Chief Information Officer"
    )
    slug = published.round.slug
    for name in ("opendata:csv", "opendata:aggregates-csv"):
        response = client.get(reverse(name, args=[slug]))
        assert response.status_code == 200
        body = content_of(response)
        assert b"sign_off" not in body and b"Lovelace" not in body
    page = client.get(reverse("opendata:release", args=[slug])).content.decode()
    assert "Lovelace" not in page


def test_the_dictionary_page_and_docs_describe_the_sign_off_alike(client, db):
    text = (PROJECT_ROOT / "docs" / "data-dictionary.md").read_text()
    page = client.get(reverse("opendata:dictionary")).content.decode()
    for column in DICTIONARY["summary"][-2:]:
        assert f"| `{column.name}` | {column.type} | {column.meaning} |" in text
        assert escape(column.meaning) in page
        assert "Not published in the open data" in column.meaning

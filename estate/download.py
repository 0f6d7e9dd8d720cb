"""Writing an authority's register as a CSV file or an Excel workbook: the columns of
``estate.columns.COLUMNS`` in order, one row per system, so a downloaded file uploads back
unchanged (``estate.upload``). Who may download (the cost band and note are the
authority's own) is decided by the view through ``accounts.access``.

A text cell a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``...) is
written with an apostrophe in front, and so is one that already begins with an
apostrophe; ``estate.upload.unescape`` drops it again on upload.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

from estate.columns import COLUMNS, LINES_SEPARATOR, sme_text, system_row
from estate.models import Register, System
from estate.upload import DANGEROUS_PREFIXES, ESCAPE, UploadRow

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel cannot hold these control characters: each becomes U+FFFD in a workbook.
_EXCEL_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def guarded(text: str) -> str:
    """The cell with an apostrophe in front if a spreadsheet would act on it."""
    return ESCAPE + text if text.startswith((*DANGEROUS_PREFIXES, ESCAPE)) else text


def register_rows(systems: list[System]) -> list[dict[str, str]]:
    """Each system (with product, supplier and lines of business loaded, as
    ``estate.selectors.systems_of`` gives them) as a row of ``COLUMNS``."""
    return [system_row(s, [line.code for line in s.lines_of_business.all()]) for s in systems]


def filename(register: Register, extension: str) -> str:
    """``register-<authority slug>-<round slug>.<extension>``."""
    return f"register-{register.authority.slug}-{register.round.slug}.{extension}"


def register_csv(rows: list[dict[str, str]]) -> bytes:
    """The rows as UTF-8 CSV with a byte-order mark (so Excel reads accents), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([guarded(row[column]) for column in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def register_xlsx(rows: list[dict[str, str]]) -> bytes:
    """The rows as an Excel workbook of one sheet, every cell text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([_EXCEL_ILLEGAL.sub("\ufffd", guarded(row[c])) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def checked_rows(rows: list[UploadRow]) -> list[dict[str, str]]:
    """Checked upload rows as rows of ``COLUMNS`` (codes, ISO dates), for the upload's
    confirmation step to post back and check again."""
    return [
        {
            "supplier": row.supplier_name,
            "product": row.product_name,
            "lines_of_business": LINES_SEPARATOR.join(
                sorted(line.code for line in row.lines_of_business)
            ),
            "hosting": row.hosting,
            "contract_starts_on": _iso(row.contract_starts_on),
            "contract_ends_on": _iso(row.contract_ends_on),
            "annual_cost_band": row.cost_band,
            "procurement_route": row.route,
            "supplier_sme": sme_text(row.supplier_sme),
            "note": row.note,
        }
        for row in rows
    ]


def _iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""

"""Rendering a :class:`reports.exports.tables.Table` as CSV or Excel, for a response or a file.

CSV is UTF-8 (optionally with a byte-order mark, so Excel reads it as UTF-8) and
streamed row by row; Excel (.xlsx) is written with openpyxl's write-only workbook to
a temporary file (so memory stays flat) and streamed from it. Every cell passes
through ``reports.exports.csv_safety``: text that a spreadsheet would run as a formula is
neutralised, numbers stay numbers.
"""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from django.http import FileResponse, StreamingHttpResponse

from reports.exports.csv_safety import csv_row, xlsx_cell
from reports.exports.tables import Table

BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class _Line:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table, *, bom: bool = False) -> Iterator[str]:
    """The table as CSV text, one line (record) at a time, header first."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    header = writer.writerow(csv_row(table.columns))
    yield (BOM + header) if bom else header
    for row in table.rows:
        yield writer.writerow(csv_row(row))


def csv_chunks(table: Table, *, bom: bool = False) -> Iterator[bytes]:
    """The table as CSV bytes, as a download sends them: the table's own ``csv_bytes``
    where it has them (the answers export on PostgreSQL, written by COPY, the same bytes),
    else ``csv_lines`` encoded as UTF-8."""
    own = getattr(table, "csv_bytes", None)
    chunks = own(bom=bom) if own is not None else None
    if chunks is None:
        chunks = (line.encode("utf-8") for line in csv_lines(table, bom=bom))
    return chunks


def csv_response(table: Table, *, bom: bool = False) -> StreamingHttpResponse:
    """A streamed CSV download of ``table``."""
    response = StreamingHttpResponse(csv_chunks(table, bom=bom), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def write_csv(table: Table, stream, *, bom: bool = False) -> None:
    """Write the table as CSV text to a text stream (a file or stdout): exactly what the
    download sends (``csv_chunks``, so the answers come from COPY on PostgreSQL), decoded
    incrementally, since a chunk may end inside a character."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for chunk in csv_chunks(table, bom=bom):
        if text := decoder.decode(chunk):
            stream.write(text)
    if rest := decoder.decode(b"", final=True):
        stream.write(rest)


def write_xlsx(table: Table, stream: BinaryIO, *, sheet_title: str = "Data") -> None:
    """Write the table as an Excel workbook (one sheet, header row frozen) to ``stream``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([xlsx_cell(sheet, name) for name in table.columns])
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    workbook.save(stream)


def xlsx_response(table: Table) -> FileResponse:
    """An Excel download of ``table``, streamed from a temporary file."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    write_xlsx(table, spool)
    spool.seek(0)
    response = FileResponse(
        spool, as_attachment=True, filename=f"{table.name}.xlsx", content_type=XLSX_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


def table_response(table: Table, *, file_format: str, bom: bool = False):
    """The table as a download in ``file_format`` (csv or xlsx)."""
    if file_format == "xlsx":
        return xlsx_response(table)
    return csv_response(table, bom=bom)

"""Values made safe for spreadsheets: CSV formula injection neutralised, types kept.

A spreadsheet treats a text cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and some also act on a leading tab, carriage return, line feed or NUL.
Evidence and names are typed by people, so every *text* cell that begins with one
of those characters is prefixed with an apostrophe (OWASP's advice). Real numbers
are never text: ``-2`` as an int, float or Decimal stays a number, while the string
``"-2+3"`` is neutralised.

Formatting rules shared by every export (see docs/data-dictionary.md):

- ``None`` is an empty cell;
- booleans are ``true`` / ``false``;
- numbers as Python writes them (``62.5``, ``3``), Decimals without exponent;
- date-times in ISO 8601, converted to UTC (``2025-03-01T09:30:00+00:00``); dates
  as ``YYYY-MM-DD``;
- control characters (vertical tab, ESC, NUL...) stay in CSV as they are; in Excel,
  which cannot hold them, each is replaced by U+FFFD (see :func:`excel_text`).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from numbers import Number

# The characters that make a spreadsheet read a text cell as a formula or command.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
ESCAPE = "'"


def is_dangerous(text: str) -> bool:
    """Whether ``text`` would be read as a formula (or command) by a spreadsheet."""
    return text.startswith(DANGEROUS_PREFIXES)


def neutralise(text: str) -> str:
    """``text`` with an apostrophe in front if it begins with a dangerous character."""
    return ESCAPE + text if is_dangerous(text) else text


def iso(value: datetime.datetime | datetime.date) -> str:
    """ISO 8601: date-times in UTC to the second, dates as YYYY-MM-DD."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _number_text(value: Number) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def csv_cell(value) -> str:
    """One CSV cell: the rules in the module docstring, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Number):
        return _number_text(value)
    if isinstance(value, datetime.date):
        return iso(value)
    return neutralise(str(value))


def csv_row(values) -> list[str]:
    return [csv_cell(value) for value in values]


def xlsx_value(value):
    """A value for an Excel cell: numbers stay numbers, date-times become naive UTC.

    Text is returned unchanged; :func:`xlsx_cell` stores it as a string (never a
    formula) and marks dangerous text with Excel's quote prefix.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Number):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: UTC, as the data dictionary says.
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return value
    return str(value)


def xlsx_cell(worksheet, value):
    """A write-only Excel cell holding ``value`` as a value, never a formula.

    openpyxl turns any string beginning with ``=`` into a formula, so the data type
    of text is set to string explicitly after the value. Dangerous text is also
    given Excel's *quote prefix* (what typing an apostrophe does), so it stays text
    even if someone edits the cell; the text itself is kept exactly as written,
    except for characters a workbook cannot hold (:func:`excel_text`).
    """
    from openpyxl.cell import WriteOnlyCell

    value = xlsx_value(value)
    if isinstance(value, str):
        # Cleaned before openpyxl sees it: it refuses control characters with an error.
        cell = WriteOnlyCell(worksheet, value=excel_text(value))
        cell.data_type = "s"
        if is_dangerous(value):
            cell.quotePrefix = True
        return cell
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


# Characters an .xlsx file (XML 1.0) cannot hold: the C0 controls except tab, line feed
# and carriage return (a vertical tab or ESC pasted from Word, say), and U+FFFE/U+FFFF.
# openpyxl refuses the first with IllegalCharacterError and writes the others into a
# file nothing can open.
EXCEL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def excel_text(text: str) -> str:
    """``text`` with every character Excel cannot hold replaced by U+FFFD (the
    replacement character, shown as a question mark in a diamond), so a reader sees
    that something was there. CSV keeps such characters as they are."""
    return EXCEL_ILLEGAL.sub("\ufffd", text)

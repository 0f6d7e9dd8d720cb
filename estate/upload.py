"""Reading and checking an uploaded register file before anything is written.

The file is a CSV (UTF-8, with or without a byte-order mark) or an Excel workbook (.xlsx,
its first sheet) with a header row naming the columns of ``estate.columns.COLUMNS`` in any
order (case, spaces and hyphens do not matter; ``ALIASES`` lists the other names
accepted), then one row per system. Every row is checked and every problem reported with
its line and column, so a lead can fix them all at once;
``estate.upload_services.register_replace`` writes nothing unless there are none.

Cells: lines of business by code or name, separated by ";"; hosting, cost band and
procurement route by code or label (case does not matter); dates as YYYY-MM-DD or
DD/MM/YYYY; supplier_sme yes, no or blank. Suppliers and products are matched to the
shared records by ``estate.names.name_key``; a name that meets none is new and is made
only when the register is written. Reads the database, writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from estate.columns import COLUMNS, LINES_SEPARATOR
from estate.models import LineOfBusiness, Product, ProductAlias, Supplier, SupplierAlias, System
from estate.names import name_key

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
NAME_MAX = 200
NOTE_MAX = 2000
REQUIRED_COLUMNS = ("supplier", "product", "lines_of_business", "hosting")
ALIASES = {
    "line_of_business": "lines_of_business",
    "lines": "lines_of_business",
    "cost_band": "annual_cost_band",
    "route": "procurement_route",
    "sme": "supplier_sme",
    "notes": "note",
    "contract_start": "contract_starts_on",
    "contract_end": "contract_ends_on",
}
# A text cell a spreadsheet would read as a formula is written with an apostrophe in
# front (estate.download); reading drops it again, so a download uploads back unchanged.
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
ESCAPE = "'"
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YES = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


@dataclass(frozen=True)
class Problem:
    """One problem: its line in the file (0: the whole file) and column ("" for none)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.line and self.column:
            return f"Line {self.line}, {self.column}: {self.message}"
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class UploadRow:
    """One checked row: a system as the file describes it. ``product`` is the shared
    product the names meet, or None for a new one (made when the register is written)."""

    line: int
    supplier_name: str
    product_name: str
    product: Product | None
    lines_of_business: tuple[LineOfBusiness, ...]
    hosting: str
    contract_starts_on: datetime.date | None = None
    contract_ends_on: datetime.date | None = None
    cost_band: str = ""
    route: str = ""
    supplier_sme: bool | None = None
    note: str = ""

    @property
    def names_key(self) -> tuple[str, str]:
        return (name_key(self.supplier_name), name_key(self.product_name))


@dataclass
class ParsedRegister:
    rows: list[UploadRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def unescape(text: str) -> str:
    """A cell as written before ``estate.download`` guarded it against formulas."""
    rest = text[1:]
    if text.startswith(ESCAPE) and (rest.startswith(DANGEROUS_PREFIXES) or rest[:1] == ESCAPE):
        return rest
    return text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape(str(value).strip())


def _csv_lines(data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(0, "", "The file must be a CSV file saved as UTF-8, or an .xlsx file.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    lines = []
    try:
        for cells in reader:
            values = [_cell(c) for c in cells]
            if any(values):  # blank lines are skipped, and not counted
                lines.append((reader.line_num, values))
            if len(lines) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        return [], [Problem(0, "", f"The file cannot be read as CSV: {exc}.")]
    return lines, []


def _xlsx_lines(data: bytes) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        lines = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_cell(v) for v in row]
            if any(values):  # empty rows are skipped, and not counted
                lines.append((number, values))
            if len(lines) > MAX_ROWS + 1:
                break
        book.close()
    except Exception:  # noqa: BLE001 - whatever makes an uploaded workbook unreadable
        return [], [Problem(0, "", "The file cannot be read as an Excel workbook (.xlsx).")]
    return lines, []


def read_lines(data: bytes, filename: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """The file's rows as ``(line number, cells)``, the header first; or its problems."""
    name = filename.lower()
    if not data.strip():
        return [], [Problem(0, "", "The file is empty. Add a header row and one row per system.")]
    if name.endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        return _xlsx_lines(data)
    if name.endswith(".csv") or name.endswith(".txt") or "." not in name:
        return _csv_lines(data)
    return [], [Problem(0, "", "The file must be a CSV file (.csv) or an Excel workbook (.xlsx).")]


def header_columns(cells: list[str]) -> tuple[list[str], list[Problem]]:
    """The canonical column name of each header cell, or the header's problems."""
    names = []
    problems = []
    for cell in cells:
        name = re.sub(r"[\s\-]+", "_", cell.strip().lower())
        names.append(ALIASES.get(name, name))
    for cell, name in zip(cells, names, strict=True):
        if name and name not in COLUMNS:
            problems.append(
                Problem(1, "", f"Unknown column '{cell}': the columns are {', '.join(COLUMNS)}.")
            )
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        problems.append(Problem(1, "", f"Columns named more than once: {', '.join(twice)}."))
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        problems.append(
            Problem(
                1,
                "",
                f"The header row must name the columns {', '.join(REQUIRED_COLUMNS)} "
                f"(missing: {', '.join(missing)}).",
            )
        )
    return names, problems


def _choice(labels) -> dict[str, str]:
    table = {}
    for code, label in labels:
        table[code.lower()] = code
        table[label.lower()] = code
    return table


HOSTING = _choice(System.Hosting.choices)
COST_BANDS = _choice(System.CostBand.choices)
ROUTES = _choice(System.Route.choices)


@dataclass
class Reference:
    """What the rows are checked against: lines of business by code and lower-case
    name, suppliers by name key, products by (supplier id, name key). Three queries."""

    lines: dict[str, LineOfBusiness]
    suppliers: dict[str, Supplier]
    products: dict[tuple[int, str], Product]

    @classmethod
    def load(cls) -> Reference:
        lines = {}
        for line in LineOfBusiness.objects.all():
            lines[line.code.lower()] = line
            lines[line.name.lower()] = line
        suppliers = {a.key: a.supplier for a in SupplierAlias.objects.select_related("supplier")}
        products = {
            (a.supplier_id, a.key): a.product
            for a in ProductAlias.objects.select_related("product__supplier")
        }
        return cls(lines=lines, suppliers=suppliers, products=products)


def _date(text: str) -> datetime.date | None:
    """A date written as YYYY-MM-DD or DD/MM/YYYY; raises ValueError for anything else."""
    iso = _ISO_DATE.match(text)
    uk = _UK_DATE.match(text)
    if iso:
        return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
    if uk:
        return datetime.date(int(uk[3]), int(uk[2]), int(uk[1]))
    raise ValueError(text)


class _RowChecker:
    """Checks one row's cells, collecting problems by column."""

    def __init__(self, line: int, values: dict[str, str], reference: Reference):
        self.line = line
        self.values = values
        self.reference = reference
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def name(self, column: str, what: str) -> str:
        text = " ".join(self.values.get(column, "").split())
        if not text:
            self.problem(column, f"Enter the {what}'s name.")
        elif len(text) > NAME_MAX:
            self.problem(column, f"The {what}'s name must be {NAME_MAX} characters or fewer.")
        elif any(ord(c) < 32 for c in text):
            self.problem(column, f"The {what}'s name contains control characters; remove them.")
        return text

    def lines(self) -> tuple[LineOfBusiness, ...]:
        column = "lines_of_business"
        found: dict[int, LineOfBusiness] = {}
        for token in self.values.get(column, "").split(LINES_SEPARATOR):
            token = " ".join(token.split())
            if not token:
                continue
            line = self.reference.lines.get(token.lower())
            if line is None:
                self.problem(column, f"'{token}' is not a line of business code or name.")
            else:
                found[line.pk] = line
        if not found and not any(p.column == column for p in self.problems):
            self.problem(column, "Enter at least one line of business code, separated by ';'.")
        return tuple(found.values())

    def choice(self, column: str, table: dict[str, str], required: bool = False) -> str:
        text = self.values.get(column, "")
        if not text:
            if required:
                self.problem(column, f"Enter one of {', '.join(sorted(set(table.values())))}.")
            return ""
        code = table.get(" ".join(text.split()).lower())
        if code is None:
            codes = ", ".join(sorted(set(table.values())))
            self.problem(column, f"'{text}' is not one of {codes}.")
            return ""
        return code

    def date(self, column: str) -> datetime.date | None:
        text = self.values.get(column, "")
        if not text:
            return None
        try:
            return _date(text)
        except ValueError:
            self.problem(column, f"{text} is not a date (use YYYY-MM-DD or DD/MM/YYYY).")
            return None

    def sme(self) -> bool | None:
        text = self.values.get("supplier_sme", "").lower()
        if text in _YES or not text:
            return _YES.get(text)
        self.problem("supplier_sme", f"'{self.values['supplier_sme']}' is not yes, no or blank.")
        return None

    def row(self) -> UploadRow | None:
        supplier_name = self.name("supplier", "supplier")
        product_name = self.name("product", "product")
        lines = self.lines()
        hosting = self.choice("hosting", HOSTING, required=True)
        starts, ends = self.date("contract_starts_on"), self.date("contract_ends_on")
        if starts and ends and ends < starts:
            self.problem(
                "contract_ends_on", f"The contract ends ({ends}) before it starts ({starts})."
            )
        cost_band = self.choice("annual_cost_band", COST_BANDS)
        route = self.choice("procurement_route", ROUTES)
        sme = self.sme()
        note = self.values.get("note", "")
        if len(note) > NOTE_MAX:
            self.problem("note", f"The note must be {NOTE_MAX} characters or fewer.")
        if self.problems:
            return None
        supplier = self.reference.suppliers.get(name_key(supplier_name))
        product = None
        if supplier is not None:
            product = self.reference.products.get((supplier.pk, name_key(product_name)))
        return UploadRow(
            line=self.line,
            supplier_name=supplier_name,
            product_name=product_name,
            product=product,
            lines_of_business=lines,
            hosting=hosting,
            contract_starts_on=starts,
            contract_ends_on=ends,
            cost_band=cost_band,
            route=route,
            supplier_sme=sme,
            note=note,
        )


def row_key(row: UploadRow) -> tuple:
    """What makes two rows the same system: the product (by its names) and the lines."""
    return (*row.names_key, frozenset(line.pk for line in row.lines_of_business))


def parse_register(data: bytes, filename: str) -> ParsedRegister:
    """Check every row of a register file (the module docstring). Three queries."""
    result = ParsedRegister()
    if len(data) > MAX_BYTES:
        result.problems.append(Problem(0, "", "The file must be smaller than 2 MB."))
        return result
    lines, problems = read_lines(data, filename)
    if problems or not lines:
        result.problems = problems or [
            Problem(0, "", "The file is empty. Add a header row and one row per system.")
        ]
        return result
    (_, header), body = lines[0], lines[1:]
    columns, result.problems = header_columns(header)
    if result.problems:
        return result
    if len(body) > MAX_ROWS:
        result.problems.append(
            Problem(body[MAX_ROWS][0], "", f"The file has more than {MAX_ROWS} systems.")
        )
        return result
    reference = Reference.load()
    seen: dict[tuple, int] = {}
    for number, cells in body:
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            result.problems.append(Problem(number, "", "The row has more cells than the header."))
        values = {col: cells[i] if i < len(cells) else "" for i, col in enumerate(columns) if col}
        checker = _RowChecker(number, values, reference)
        row = checker.row()
        result.problems.extend(checker.problems)
        if row is None:
            continue
        key = row_key(row)
        if key in seen:
            result.problems.append(
                Problem(number, "", f"The same product and lines of business as line {seen[key]}.")
            )
            continue
        seen[key] = number
        result.rows.append(row)
    if not body:
        result.problems.append(Problem(0, "", "The file has no systems in it."))
    return result

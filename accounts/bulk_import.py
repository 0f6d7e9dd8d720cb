"""Reading and checking a bulk-accounts CSV file before anything is created.

The file has a header row with the columns ``email``, ``name``, ``gss_code`` and
``role`` (in any order; ``authority_gss_code`` is accepted for ``gss_code``). Every
row is checked, and every problem reported with its line number in the file, so
an admin can fix them all at once. ``accounts.services.accounts_create`` creates
nothing unless there are no problems at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db.models import Q
from django.db.models.functions import Lower

from boroughs.models import Authority, Membership

REQUIRED_COLUMNS = ("email", "name", "gss_code", "role")
ALIASES = {"authority_gss_code": "gss_code", "authority gss code": "gss_code", "e-mail": "email"}
MAX_ROWS = 1000
MAX_NAME = 150  # Django's first_name / last_name / username length
ROLES = {choice.value for choice in Membership.Role}


@dataclass(frozen=True)
class AccountRow:
    line: int
    email: str
    first_name: str
    last_name: str
    authority: Authority
    role: str


@dataclass(frozen=True)
class Problem:
    line: int  # 0 when the problem is with the whole file
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ParsedAccounts:
    rows: list[AccountRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def split_name(name: str) -> tuple[str, str]:
    """First and last name: the last word is the last name ("Mary Ann Smith")."""
    parts = name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (name, "")


def _text(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _header(fieldnames: Sequence[str] | None) -> tuple[dict[str, str], list[Problem]]:
    """``{column in the file: canonical name}``, or the problems with the header."""
    if not fieldnames:
        return {}, [Problem(0, "The file is empty. Add a header row and one row per account.")]
    mapping = {}
    for raw in fieldnames:
        name = (raw or "").strip().lower()
        mapping[raw] = ALIASES.get(name, name)
    missing = [c for c in REQUIRED_COLUMNS if c not in mapping.values()]
    if missing:
        return {}, [
            Problem(
                1,
                "The header row must name the columns email, name, gss_code and role "
                f"(missing: {', '.join(missing)}).",
            )
        ]
    return mapping, []


def _existing(emails: set[str]) -> set[str]:
    """Which of these (lower-case) emails already belong to an account, as username or email."""
    if not emails:
        return set()
    users = (
        get_user_model()
        .objects.annotate(username_lower=Lower("username"), email_lower=Lower("email"))
        .filter(Q(username_lower__in=emails) | Q(email_lower__in=emails))
    )
    found = set()
    for username, email in users.values_list("username_lower", "email_lower"):
        found.update({username, email} & emails)
    return found


def _check_row(line: int, values: dict, authorities: dict, seen: dict) -> tuple:
    """``(AccountRow or None, [Problem])`` for one row; ``seen`` records emails by line."""
    problems = []
    email = values.get("email", "")
    if not email:
        problems.append(Problem(line, "Enter an email address."))
    else:
        try:
            EmailValidator()(email)
            if len(email) > MAX_NAME:
                raise ValidationError("too long")
        except ValidationError:
            problems.append(Problem(line, f"'{email}' is not a valid email address."))
        else:
            key = email.lower()
            if key in seen:
                problems.append(Problem(line, f"{email} is also on line {seen[key]} of the file."))
            else:
                seen[key] = line
    name = values.get("name", "")
    first, last = split_name(name)
    if not name:
        problems.append(Problem(line, "Enter the person's name."))
    elif any(ord(c) < 32 for c in name):
        # PostgreSQL cannot store a NUL, and no real name holds a control character.
        problems.append(Problem(line, "The name contains control characters; remove them."))
    elif len(first) > MAX_NAME or len(last) > MAX_NAME:
        problems.append(Problem(line, f"The name must be {MAX_NAME} characters or fewer."))
    code = values.get("gss_code", "").upper()
    authority = authorities.get(code)
    if authority is None:
        shown = f"'{code}'" if code else "(blank)"
        problems.append(Problem(line, f"Unknown authority GSS code {shown}."))
    role = values.get("role", "").lower()
    if role not in ROLES:
        shown = f"'{values.get('role', '')}'" if role else "(blank)"
        problems.append(Problem(line, f"Unknown role {shown}: use contributor or lead."))
    if problems or authority is None:  # an unknown authority is one of the problems
        return None, problems
    return AccountRow(line, email, first, last, authority, role), []


def parse_accounts_csv(data: bytes) -> ParsedAccounts:
    """Check every row of a bulk-accounts file. Reads the database, writes nothing.

    Problems: not UTF-8, no or wrong header, too many rows, missing or malformed
    email, an email used twice in the file or already an account, a missing or
    too long name, an unknown GSS code, an unknown role, more cells than columns.
    """
    result = ParsedAccounts()
    text = _text(data)
    if text is None:
        result.problems.append(Problem(0, "The file must be a CSV file saved as UTF-8."))
        return result
    try:
        return _parse_rows(text, result)
    except csv.Error as exc:
        # e.g. a NUL byte or an unterminated quote: the whole file is unreadable.
        return ParsedAccounts(problems=[Problem(0, f"The file cannot be read as CSV: {exc}.")])


def _parse_rows(text: str, result: ParsedAccounts) -> ParsedAccounts:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    mapping, problems = _header(reader.fieldnames)
    if problems:
        result.problems.extend(problems)
        return result
    authorities = {a.gss_code: a for a in Authority.objects.all()}
    seen: dict[str, int] = {}
    pending: list[tuple[int, dict]] = []
    for raw in reader:
        line = reader.line_num
        if None in raw:
            result.problems.append(Problem(line, "The row has more cells than the header."))
        values = {mapping[k]: (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(values.values()):
            continue  # a blank line
        if len(pending) >= MAX_ROWS:
            result.problems.append(Problem(line, f"The file has more than {MAX_ROWS} accounts."))
            break
        pending.append((line, values))
    checked = []
    for line, values in pending:
        row, row_problems = _check_row(line, values, authorities, seen)
        result.problems.extend(row_problems)
        if row is not None:
            checked.append(row)
    existing = _existing({row.email.lower() for row in checked})
    for row in checked:
        if row.email.lower() in existing:
            result.problems.append(
                Problem(row.line, f"An account with the email {row.email} already exists.")
            )
        else:
            result.rows.append(row)
    if not pending and not result.problems:
        result.problems.append(Problem(0, "The file has no accounts in it."))
    result.problems.sort(key=lambda problem: problem.line)
    return result

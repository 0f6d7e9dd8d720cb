"""Reading questionnaire YAML for checking: line numbers, problems, and field readers.

``decode`` turns the file's bytes into text, naming the line and column of any byte
that is not UTF-8; ``load_yaml`` names the line and column of any character YAML
refuses (a NUL, other control characters) before parsing. The loader remembers the
line of every mapping and key and notices keys given twice (plain YAML keeps the last
silently). ``Checker`` reads one field at a time, recording a ``Problem`` and
returning None when the value is wrong, so the caller can carry on and report every
problem in one run.
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

import yaml

from surveys.questionnaires.format import RESERVED_CODES

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# The characters YAML refuses in a file (as PyYAML's reader does), which PyYAML reports
# without a line; a NUL is one of them, and PostgreSQL cannot store it either.
REFUSED_CHARACTERS = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
MOST_PLACES = 10  # bad bytes or characters named one by one; more are counted


@dataclass(frozen=True)
class Problem:
    """One problem: ``file: place: message (line N)``, e.g. ``area "data", question "x"``;
    with a column, ``file: line N, column C: message`` (a byte or character in the text)."""

    file: str
    message: str
    place: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = f"{self.place}: " if self.place else ""
        if self.line and self.column:
            return f"{self.file}: line {self.line}, column {self.column}: {place}{self.message}"
        line = f" (line {self.line})" if self.line else ""
        return f"{self.file}: {place}{self.message}{line}"


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``position`` in ``text``."""
    return text.count("\n", 0, position) + 1, position - text.rfind("\n", 0, position)


def _more(filename: str, count: int, what: str) -> list[Problem]:
    extra = count - MOST_PLACES
    return [Problem(filename, f"and {extra} more {what}")] if extra > 0 else []


def decode(data: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """The file's text (a UTF-8 byte order mark is dropped), or a problem naming the
    line and column of each byte that is not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # surrogateescape turns each byte that is not UTF-8 into one character U+DC80-U+DCFF
    # (text that is UTF-8 never holds those), so its line and column can be counted.
    text = data.decode("utf-8", errors="surrogateescape")
    problems, count = [], 0
    for match in ESCAPED_BYTE.finditer(text):
        count += 1
        if count > MOST_PLACES:
            continue
        line, column = _line_and_column(text, match.start())
        byte = ord(match.group()) - 0xDC00
        problems.append(
            Problem(
                filename,
                f"not UTF-8 (byte 0x{byte:02X}): save the file as UTF-8 text",
                line=line,
                column=column,
            )
        )
    return None, problems + _more(filename, count, "bytes that are not UTF-8")


def refused_characters(text: str, filename: str) -> list[Problem]:
    """A problem with the line and column of each character YAML refuses (e.g. a NUL)."""
    problems, count = [], 0
    for match in REFUSED_CHARACTERS.finditer(text):
        count += 1
        if count > MOST_PLACES:
            continue
        character = match.group()
        line, column = _line_and_column(text, match.start())
        what = (
            "a NUL character (U+0000)"
            if character == "\x00"
            else (f"the control character U+{ord(character):04X}")
        )
        problems.append(
            Problem(
                filename,
                f"{what}, which a questionnaire file cannot hold: remove it",
                line=line,
                column=column,
            )
        )
    return problems + _more(filename, count, "such characters")


class _Mapping(dict):
    """A YAML mapping that remembers its line, each key's line and any repeated keys."""

    line: int | None = None
    key_lines: dict
    repeated: list  # (key, line) of each key given again


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines, mapping.repeated = {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            if key in mapping:
                mapping.repeated.append((key, line))
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain value, not a list or mapping",
                key_node.start_mark,
            ) from None
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def show(value) -> str:
    """A value as a problem message quotes it: YAML's words for booleans and nothing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"' if isinstance(value, str) else str(value)


class Checker:
    """Collects problems; each reader returns the checked value, or None if it is wrong."""

    def __init__(self, filename: str):
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, message: str, place: str = "", line: int | None = None) -> None:
        self.problems.append(Problem(self.filename, message, place, line))

    @staticmethod
    def line(mapping: dict, key=None) -> int | None:
        lines = getattr(mapping, "key_lines", {})
        return lines.get(key) or getattr(mapping, "line", None)

    def keys(self, mapping: dict, allowed: tuple[str, ...], place: str) -> None:
        for key, line in getattr(mapping, "repeated", []):
            self.add(f'"{key}" is given more than once', place, line)
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                tip = f'did you mean "{close[0]}"?' if close else "allowed: " + ", ".join(allowed)
                self.add(f'unknown key "{key}" ({tip})', place, self.line(mapping, key))

    def value(self, mapping: dict, key: str, place: str, required: bool):
        """(present, value); a required key that is absent or empty is a problem."""
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                what = "empty" if key in mapping else "missing"
                self.add(f'"{key}" is {what}', place, self.line(mapping, key))
            return False, None
        return True, value

    def text(self, mapping, key, place, *, required=False, max_length=None, default=""):
        present, value = self.value(mapping, key, place, required)
        if not present:
            return None if required else default
        if not isinstance(value, str):
            tip = " (put it in quotes: YAML reads yes, no, on and off as true or false)"
            tip = tip if isinstance(value, bool) else " (put it in quotes)"
            self.add(
                f'"{key}" must be text, got {show(value)}{tip}', place, self.line(mapping, key)
            )
            return None
        value = value.strip()
        if self.has_control_characters(value, f'"{key}"', place, self.line(mapping, key)):
            return None
        if max_length and len(value) > max_length:
            self.add(
                f'"{key}" is {len(value)} characters long; the most is {max_length}',
                place,
                self.line(mapping, key),
            )
            return None
        return value

    def has_control_characters(self, value: str, what: str, place: str, line) -> bool:
        """Report text holding a NUL or other control character (tabs and new lines are fine).

        PostgreSQL cannot store a NUL in text, and the others are invisible on a page.
        """
        bad = sorted({c for c in value if ord(c) < 32 and c not in "\t\n\r"})
        if bad:
            shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
            self.add(f"{what} contains control characters ({shown}); remove them", place, line)
        return bool(bad)

    def code(self, mapping, place, max_length, *, reserved: bool = False):
        """A code; ``reserved``: refuse the codes the reports use themselves (e.g. overall)."""
        value = self.text(mapping, "code", place, required=True, max_length=max_length)
        if value is not None and not CODE_PATTERN.match(value):
            self.add(
                f'"code" must be lowercase letters, digits, hyphens and underscores, got "{value}"',
                place,
                self.line(mapping, "code"),
            )
            return None
        if reserved and value in RESERVED_CODES:
            self.add(
                f'the code "{value}" is reserved: the reports and exports use it themselves '
                f"(reserved: {', '.join(RESERVED_CODES)}); choose another",
                place,
                self.line(mapping, "code"),
            )
            return None
        return value

    def choice(self, mapping, key, place, choices, *, default=None):
        value = self.text(mapping, key, place, required=default is None, default=default)
        if value is not None and value not in choices:
            self.add(
                f'unknown {key} "{value}"; use one of: {", ".join(choices)}',
                place,
                self.line(mapping, key),
            )
            return None
        return value

    def integer(self, mapping, key, place, *, high=None):
        present, value = self.value(mapping, key, place, required=True)
        if present and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            self.add(
                f'"{key}" must be a whole number, 1 or more, got {show(value)}',
                place,
                self.line(mapping, key),
            )
            return None
        if present and high is not None and value > high:
            self.add(f'"{key}" must be at most {high}, got {value}', place, self.line(mapping, key))
            return None
        return value

    def boolean(self, mapping, key, place, default):
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            self.add(
                f'"{key}" must be true or false, got {show(value)}', place, self.line(mapping, key)
            )
            return None
        return value

    def decimal(self, mapping, key, place, *, low, high, low_allowed, default=None):
        present, value = self.value(mapping, key, place, required=default is None)
        if not present:
            return default
        line = self.line(mapping, key)
        lowest = f"{low} or more" if low_allowed else f"more than {low}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(f'"{key}" must be a number ({lowest}), got {show(value)}', place, line)
            return None
        number = Decimal(str(value))
        exponent = number.as_tuple().exponent  # a letter for NaN and infinity, else an int
        if not number.is_finite() or number < low or (number == low and not low_allowed):
            self.add(f'"{key}" must be {lowest}, got {value}', place, line)
        elif number > high:
            self.add(f'"{key}" must be at most {high}, got {value}', place, line)
        elif isinstance(exponent, int) and exponent < -2:
            self.add(f'"{key}" can have at most 2 decimal places, got {value}', place, line)
        else:
            return number
        return None

    def items(self, mapping, key, place, what, *, most):
        """The list under ``key``, as (position, mapping) pairs; problems for anything else.

        A list longer than ``most`` is a problem, and only its first ``most`` items are
        looked at (YAML aliases can make a small file hold a huge list).
        """
        present, value = self.value(mapping, key, place, required=True)
        if not present:
            return []
        if not isinstance(value, list):
            self.add(f'"{key}" must be a list, got {show(value)}', place, self.line(mapping, key))
            return []
        if not value:
            self.add(f'"{key}" is empty', place, self.line(mapping, key))
        if len(value) > most:
            self.add(
                f'"{key}" has {len(value)} {what}s; the most is {most}',
                place,
                self.line(mapping, key),
            )
        result = []
        for position, item in enumerate(value[:most], 1):
            if isinstance(item, dict):
                result.append((position, item))
            else:
                self.add(
                    f"{what} {position} must be a mapping of keys and values, got {show(item)}",
                    place,
                    self.line(mapping, key),
                )
        return result


def load_yaml(text: str, filename: str) -> tuple[object, list[Problem]]:
    """The YAML data (mappings carry their lines), or a syntax problem with its line."""
    refused = refused_characters(text, filename)
    if refused:
        return None, refused
    try:
        return yaml.load(text, Loader=_Loader), []  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", at column {mark.column + 1}" if mark else ""
        message = f"YAML syntax error: {exc.problem or exc.context}{where}"
        return None, [Problem(filename, message, line=mark.line + 1 if mark else None)]
    except yaml.YAMLError as exc:
        return None, [Problem(filename, f"YAML error: {exc}")]
    except RecursionError:
        # A hostile file can nest deeper than the parser's recursion allows.
        return None, [Problem(filename, "The file is nested too deeply to be a questionnaire.")]
    except ValueError as exc:
        # PyYAML's constructors raise ValueError on some malformed scalars (e.g. dates).
        return None, [Problem(filename, f"YAML error: {exc}")]

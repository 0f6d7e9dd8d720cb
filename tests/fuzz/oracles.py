"""What a request should do, worked out from the request alone (independently of the forms).

These mirror the documented rules (GOV.UK form fields, ``answer_save``'s guarantees)
rather than call the application's forms, so a drift between them shows up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tests.fuzz.support import last

EVIDENCE_MAX = 2000
TEXT_MAX = 5000
COMMENT_MAX = 5000
LEVELS = {"1", "2", "3", "4", "5"}


class Invalid(Exception):  # noqa: N818 - a verdict, not an error
    """The posted answer cannot be saved: the page is shown again with errors (400)."""


def _charfield(raw: str | None) -> str:
    """A Django CharField's cleaning: strip, then (our MultilineField) CRLF becomes LF."""
    if raw is None or raw == "":
        return ""
    return raw.strip().replace("\r\n", "\n")


def version_of(payload) -> int | None:
    """The version the form reads, or None when it is missing or not a whole number >= 0."""
    raw = last(payload, "version")
    if raw is None or raw == "":
        return None
    try:
        value = int(re.sub(r"\.0*\s*$", "", raw))
    except ValueError:
        return None
    return value if value >= 0 else None


@dataclass(frozen=True)
class Expected:
    level: int | None = None
    not_applicable: bool = False
    yes_no: bool | None = None
    number: Decimal | None = None
    text: str = ""
    evidence: str = ""

    @property
    def answered(self) -> bool:
        return (
            self.level is not None
            or self.not_applicable
            or self.yes_no is not None
            or self.number is not None
            or bool(self.text.strip())
        )

    def matches(self, row: dict) -> bool:
        number = row["number"]
        return (
            row["level"] == self.level
            and row["not_applicable"] == self.not_applicable
            and row["yes_no"] == self.yes_no
            and (number is None) == (self.number is None)
            and (number is None or Decimal(number) == self.number)
            and row["text"] == self.text
            and row["evidence"] == self.evidence
        )

    def same_value(self, row: dict | None) -> bool:
        """True when saving this would change nothing of the stored answer ``row``."""
        if row is None:
            return not self.answered and not self.evidence
        return self.matches(row)


def _number(raw: str) -> Decimal | None:
    text = raw.replace(",", "").replace(" ", "")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise Invalid("not a number") from error
    if not value.is_finite() or value < 0:
        raise Invalid("not a finite number >= 0")
    digits, exponent = value.as_tuple()[1:]
    if exponent >= 0:
        whole = len(digits) + (exponent if digits != (0,) else 0)
        decimals = 0
    elif abs(exponent) > len(digits):
        whole, decimals = 0, abs(exponent)
    else:
        whole, decimals = len(digits) - abs(exponent), abs(exponent)
    if decimals > 2 or whole > 12 or whole + decimals > 14:
        raise Invalid("too many digits")
    return value


def expected_answer(*, kind: str, required: bool, payload) -> Expected:
    """The answer a valid POST stores, or raises :class:`Invalid`."""
    later = last(payload, "action") == "later"
    must = required and not later
    fields: dict = {}
    if kind == "maturity":
        raw = last(payload, "level") or ""
        if raw == "na":
            fields["not_applicable"] = True
        elif raw in LEVELS:
            fields["level"] = int(raw)
        elif raw != "":
            raise Invalid("not a level")
    elif kind == "yes_no":
        raw = last(payload, "yes_no") or ""
        if raw in ("yes", "no"):
            fields["yes_no"] = raw == "yes"
        elif raw != "":
            raise Invalid("not yes or no")
    elif kind == "number":
        fields["number"] = _number(last(payload, "number") or "")
    else:
        raw = last(payload, "text")
        if raw is not None and "\x00" in raw:
            raise Invalid("NUL")
        text = _charfield(raw)
        if len(text) > TEXT_MAX:
            raise Invalid("text too long")
        fields["text"] = text
    if kind != "text":
        raw = last(payload, "evidence")
        if raw is not None and "\x00" in raw:
            raise Invalid("NUL")
        evidence = _charfield(raw)
        if len(evidence) > EVIDENCE_MAX:
            raise Invalid("evidence too long")
        fields["evidence"] = evidence
    expected = Expected(**fields)
    blank = not expected.answered if kind != "text" else expected.text == ""
    if must and blank:
        raise Invalid("required")
    return expected


def _fields_hold_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refused_before_any_view(sent) -> bool:
    """Whether a request as sent (``support.Sent``) is answered 400 before any view
    (``web.middleware.RefuseNulMiddleware``): a NUL in its query string (names or
    values, once decoded), or, for a POST with a form body (multipart or form-encoded),
    a body Django cannot read (too big, too many fields, no boundary...) or a NUL in a
    form field. Files, JSON and other bodies are left to the views.

    Django's own request parsing reads the request again here, as the test client
    built it, so that the rule is decided without the middleware's code.
    """
    from django.test import RequestFactory

    factory = RequestFactory()
    if sent.method != "POST":  # only a POST's form fields are read
        request = factory.generic(sent.method, sent.path)
    elif sent.content_type is None:  # a form dict, sent as multipart
        request = factory.post(sent.path, sent.body)
    else:
        request = factory.generic("POST", sent.path, sent.body, sent.content_type)
    try:
        if _fields_hold_nul(request.GET):
            return True
        form = request.method == "POST" and request.content_type in FORM_TYPES
        return form and _fields_hold_nul(request.POST)
    except Exception:  # noqa: BLE001 - Django refuses the body: a bad request
        return True


def comment_of(payload) -> str | None:
    """A valid review comment (stripped), or None when the form refuses it."""
    raw = last(payload, "comment")
    if raw is None or "\x00" in raw:
        return None
    comment = raw.strip()
    if not comment or len(comment) > COMMENT_MAX:
        return None
    return comment


def declared(payload) -> bool:
    """Whether the submission's declaration checkbox reads as ticked."""
    raw = last(payload, "declaration")
    if raw is None:
        return False
    return raw != "" and raw.lower() != "false"

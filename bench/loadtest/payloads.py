"""What load-test users read from pages and send in forms (without locust, so testable)."""

from __future__ import annotations

import random
import re

_csrf = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_version = re.compile(
    r'<input[^>]*name="version"[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*name="version"'
)


def csrf_of(html: str) -> str | None:
    match = _csrf.search(html)
    return match.group(1) if match else None


def version_of(html: str) -> int | None:
    match = _version.search(html)
    return int(match.group(1) or match.group(2)) if match else None


def new_value(kind: str, token: str, rng: random.Random) -> tuple[dict, dict]:
    """(form fields, the value as the checker compares it) for a save carrying ``token``."""
    evidence = f"Load test {token}"
    if kind == "maturity":
        if rng.random() < 0.05:
            return {"level": "na", "evidence": evidence}, {"na": True, "evidence": evidence}
        level = rng.randint(1, 5)
        return {"level": str(level), "evidence": evidence}, {"level": level, "evidence": evidence}
    if kind == "yes_no":
        yes = rng.random() < 0.5
        return {"yes_no": "yes" if yes else "no", "evidence": evidence}, {
            "yes_no": yes,
            "evidence": evidence,
        }
    if kind == "number":
        number = rng.randint(0, 500)
        return {"number": str(number), "evidence": evidence}, {
            "number": number,
            "evidence": evidence,
        }
    return {"text": evidence}, {"text": evidence}

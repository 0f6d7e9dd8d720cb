"""What load-test users read from pages and send in forms (without locust, so testable)."""

from __future__ import annotations

import random
import re

from surveys.answers.kinds import kind_named

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


class _Sampler:
    """A random answer carrying the save's token (in the text, or in the evidence)."""

    def __init__(self, evidence: str, rng: random.Random):
        self.evidence, self.rng = evidence, rng

    def level(self, question) -> int | None:
        return None if self.rng.random() < 0.05 else self.rng.randint(1, 5)

    def yes_no(self, question) -> bool:
        return self.rng.random() < 0.5

    def number(self, question) -> int:
        return self.rng.randint(0, 500)

    def text(self, question) -> str:
        return self.evidence


def new_value(kind: str, token: str, rng: random.Random) -> tuple[dict, dict]:
    """(form fields, the value as the checker compares it) for a save carrying ``token``."""
    evidence = f"Load test {token}"
    answer_kind = kind_named(kind)
    answer = answer_kind.sample(_Sampler(evidence, rng), None)
    fields = answer_kind.initial(answer)
    value = {("na" if name == "not_applicable" else name): v for name, v in answer.items()}
    if answer_kind.has_evidence:
        fields["evidence"] = value["evidence"] = evidence
    return fields, value

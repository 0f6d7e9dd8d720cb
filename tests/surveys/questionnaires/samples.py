"""Small questionnaire files for the questionnaire tests, and helpers to write and count them."""

from pathlib import Path

from audit.models import AuditEvent
from surveys.models import Area, LevelDescriptor, Question, Questionnaire, ScaleLevel

SHIPPED = {
    1: Path("fixtures/questionnaires/london-digital-maturity-v1.yaml"),
    2: Path("fixtures/questionnaires/london-digital-maturity-v2.yaml"),
}

# A complete, valid questionnaire using every kind of question and a three-level scale.
SMALL = """\
code: small
version: 1
name: Small questionnaire
description: For tests.
scoring_method: mean
levels:
  - number: 1
    name: Low
    min_score: 0
  - number: 2
    name: Mid
    min_score: 25
  - number: 3
    name: High
    min_score: 75
areas:
  - code: alpha
    name: Alpha
    questions:
      - code: alpha-one
        kind: maturity
        text: First question?
        hint: A hint.
        levels:
          1: Low level.
          2: Mid level.
          3: High level.
      - code: alpha-two
        kind: yes_no
        text: Second question?
  - code: beta
    name: Beta
    weight: 2
    questions:
      - code: beta-one
        kind: number
        unit: months
        required: false
        text: How long?
      - code: beta-two
        kind: text
        required: false
        text: Anything else?
"""


def small(*replacements: tuple[str, str]) -> str:
    """SMALL with each (old, new) replaced once; fails loudly if ``old`` is not there."""
    text = SMALL
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} is not exactly once in SMALL"
        text = text.replace(old, new)
    return text


def write(tmp_path: Path, text: str, name: str = "q.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def row_counts() -> dict[str, int]:
    """Rows of every questionnaire table, and audit events, to show nothing was written."""
    models = (Questionnaire, ScaleLevel, Area, Question, LevelDescriptor, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}

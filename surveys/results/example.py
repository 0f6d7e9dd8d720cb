"""The worked example of the scoring method, defined once, computed by ``surveys.results.scoring``.

The public page "How scores are calculated" and docs/scoring.md both show it; a test
checks that the example block in docs/scoring.md equals ``example_markdown()``, so the
explanation cannot drift from the code. To refresh the docs after changing either:

    .venv/bin/python -c "from surveys.results.example import example_markdown as m; print(m())"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypedDict

from surveys.results import scoring
from surveys.results.scoring import AnswerValue, AreaSpec, QuestionnaireSpec, QuestionSpec, Scale

SCALE = Scale(
    (
        (1, "Beginning", Decimal("0")),
        (2, "Emerging", Decimal("12.5")),
        (3, "Learning", Decimal("37.5")),
        (4, "Developing", Decimal("62.5")),
        (5, "Mastering", Decimal("87.5")),
    )
)


class ExampleAnswer(TypedDict, total=False):
    """The fields of an example answer, as ``AnswerValue`` takes them."""

    level: int
    yes_no: bool
    not_applicable: bool


AREAS = (("data", "Data", 1), ("security", "Security", 1))
# (code, area, text, kind, weight, answer shown, answer value)
QUESTIONS: tuple[tuple[str, str, str, str, int, str, ExampleAnswer], ...] = (
    ("data-standards", "data", "Data standards", "maturity", 2, "Level 4", {"level": 4}),
    ("data-sharing", "data", "Data sharing agreements", "maturity", 1, "Level 2", {"level": 2}),
    ("data-owner", "data", "A named owner for each dataset", "yes_no", 1, "Yes", {"yes_no": True}),
    ("open-data", "data", "Open data", "maturity", 1, "Not applicable", {"not_applicable": True}),
    ("incidents", "security", "Cyber incident response", "maturity", 1, "Level 3", {"level": 3}),
    ("cyber-plus", "security", "Cyber Essentials Plus", "yes_no", 1, "No", {"yes_no": False}),
    ("unpatched", "security", "Unpatched critical vulnerabilities", "number", 1, "12", {}),
)


def spec(method: str = scoring.MEAN) -> QuestionnaireSpec:
    return QuestionnaireSpec(
        scale=SCALE,
        areas=tuple(AreaSpec(code, weight) for code, _, weight in AREAS),
        questions=tuple(
            QuestionSpec(code, area, kind, weight, scored=kind != "number")
            for code, area, _, kind, weight, _, _ in QUESTIONS
        ),
        method=method,
    )


def answers() -> list[AnswerValue]:
    return [AnswerValue(code, **value) for code, _, _, _, _, _, value in QUESTIONS]


def fmt(value) -> str:
    """A number as people write it: 75, 12.5, 68.75 (at most 2 dp)."""
    if value is None:
        return "no score"
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Line:
    area: str
    text: str
    answer: str
    weight: str
    score: str


@dataclass(frozen=True)
class AreaLine:
    name: str
    weight: str
    working: str
    score: str
    level: str
    gated_level: str


@dataclass(frozen=True)
class WorkedExample:
    scale: Scale
    scale_text: str
    lines: tuple[Line, ...]
    areas: tuple[AreaLine, ...]
    overall_working: str
    overall_score: str
    overall_level: str
    overall_gated_level: str


def _level(number: int | None) -> str:
    return "none" if number is None else f"{number} ({SCALE.name_of(number)})"


def _working(pairs: Sequence[tuple[float, int]], result: float | None) -> str:
    """The sum behind a weighted mean of ``(score, weight)`` pairs, and its ``result``."""
    exact = scoring.weighted_mean(pairs)  # exact: each float score read as a fraction
    if exact is None:
        return "no scored answers"
    top = " + ".join(f"{fmt(value)} × {fmt(weight)}" for value, weight in pairs)
    bottom = " + ".join(fmt(weight) for _, weight in pairs)
    text = f"({top}) ÷ ({bottom}) = {fmt(exact) if exact == result else _exact(exact)}"
    return text if exact == result else f"{text}, rounded to {fmt(result)}"


def _exact(value: Fraction) -> str:
    if (value * 10000).denominator == 1:
        return f"{float(value):.4f}".rstrip("0").rstrip(".")
    return f"{float(value):.4f}…"


def worked_example() -> WorkedExample:
    """The example scored both ways, with each step written out."""
    mean = scoring.score_assessment(spec(scoring.MEAN), answers())
    gated = scoring.score_assessment(spec(scoring.GATED), answers())
    area_names = {code: name for code, name, _ in AREAS}
    lines = tuple(
        Line(area_names[area], text, shown, fmt(weight), fmt(q.score))
        for (_, area, text, _, weight, shown, _), q in zip(QUESTIONS, mean.questions, strict=True)
    )
    areas = []
    for (code, name, weight), area, gated_area in zip(AREAS, mean.areas, gated.areas, strict=True):
        pairs = [
            (q.score, q_weight)
            for (_, q_area, _, _, q_weight, _, _), q in zip(QUESTIONS, mean.questions, strict=True)
            if q_area == code and q.score is not None
        ]
        areas.append(
            AreaLine(
                name,
                fmt(weight),
                _working(pairs, area.score),
                fmt(area.score),
                _level(area.level),
                _level(gated_area.level),
            )
        )
    overall_pairs = [
        (a.score, w) for a, (_, _, w) in zip(mean.areas, AREAS, strict=True) if a.score is not None
    ]
    return WorkedExample(
        scale=SCALE,
        scale_text=", ".join(f"{n} {name} (from {fmt(m)})" for n, name, m in SCALE.levels),
        lines=lines,
        areas=tuple(areas),
        overall_working=_working(overall_pairs, mean.overall_score),
        overall_score=fmt(mean.overall_score),
        overall_level=_level(mean.overall_level),
        overall_gated_level=_level(gated.overall_level),
    )


def example_markdown() -> str:
    """The worked example as the Markdown block in docs/scoring.md."""
    example = worked_example()
    rows = [
        "| Area | Question | Answer | Weight | Question score |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {x.area} | {x.text} | {x.answer} | {x.weight} | {x.score} |" for x in example.lines),
        "",
        "| Area | Area score | Level (mean method) | Level (gated method) |",
        "| --- | --- | --- | --- |",
        *(f"| {a.name} | {a.working} | {a.level} | {a.gated_level} |" for a in example.areas),
        "",
        f"Overall score: {example.overall_working}.",
        f"Overall level with the mean method: {example.overall_level}; "
        f"with the gated method: {example.overall_gated_level}.",
    ]
    return "\n".join(rows)

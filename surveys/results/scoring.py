"""The scoring method, as pure functions over plain values (no Django, no database).

Arithmetic is exact: every score is a ``fractions.Fraction`` until the very edge.
``score_assessment`` rounds scores and completion half-up to 2 decimal places and
returns them as ``float``; levels are read from the *rounded* score, so a score
shown to a person and its level always agree. Because the sums are exact, the
order of questions or answers can never change a result.

Rules (docs/scoring.md explains them in plain English):

* A maturity answer at level L on an n-level scale scores (L-1)/(n-1) x 100.
  Yes/no scores 100 (yes) or 0 (no) where the question is scored. Number and
  free-text questions never score. "Not applicable / don't know" and unanswered
  questions are left out of scores (never counted as zero).
* Area score: the weighted mean of its scored, answered questions (question weights).
* Overall score: the weighted mean of area scores (area weights). Areas with no
  scored questions at all are left out; if any other area has no scored answer,
  the overall score and level are incomplete (``None``).
* Levels: "mean" method - the band the score falls in (the highest level whose
  ``min_score`` <= score). "gated" method - an area reaches level L only if every
  scored, answered question in it is at level L or above; the overall level is the
  lowest area level. The area score is still the weighted mean.
* Completion: answered required questions / required questions x 100; N/A counts as
  answered; no required questions means 100.

These rules exist here once. ``surveys.results.vectorised`` restates the ones the
reports need over numpy arrays, for speed; a hypothesis test proves it gives exactly
what ``score_assessment`` gives. Change a rule here and there together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache, cached_property
from typing import overload

Number = int | float | Decimal | Fraction

MEAN = "mean"
GATED = "gated"
MATURITY = "maturity"
YES_NO = "yes_no"
SCORED_KINDS = frozenset({MATURITY, YES_NO})
HUNDRED = Fraction(100)


@dataclass(frozen=True)
class Scale:
    """The maturity scale: ``levels`` is a tuple of ``(number, name, min_score)``."""

    levels: tuple[tuple[int, str, Number], ...]

    def __post_init__(self):
        if not self.levels:
            raise ValueError("A scale needs at least one level.")
        numbers = sorted(number for number, _, _ in self.levels)
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("Scale levels must be numbered 1..n.")

    @property
    def size(self) -> int:
        return len(self.levels)

    @cached_property  # computed once: scoring reads it for every answer
    def bands(self) -> tuple[tuple[int, Fraction], ...]:
        """(level number, min_score) from the lowest level up."""
        return tuple(sorted((number, Fraction(m)) for number, _, m in self.levels))

    @cached_property
    def float_bands(self) -> tuple[tuple[int, float], ...]:
        """``bands`` with each min_score as the nearest float, for float scores."""
        return tuple((number, float(min_score)) for number, min_score in self.bands)

    def name_of(self, number: int | None) -> str:
        return next((name for n, name, _ in self.levels if n == number), "")


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    area_code: str
    kind: str  # "maturity" | "yes_no" | "number" | "text"
    weight: Number = 1
    required: bool = True
    scored: bool = True

    @property
    def is_scored(self) -> bool:
        return self.scored and self.kind in SCORED_KINDS


@dataclass(frozen=True)
class AreaSpec:
    code: str
    weight: Number = 1


@dataclass(frozen=True)
class QuestionnaireSpec:
    """One questionnaire version: method, scale, areas (in order) and questions (in order)."""

    scale: Scale
    areas: tuple[AreaSpec, ...]
    questions: tuple[QuestionSpec, ...]
    method: str = MEAN

    def __post_init__(self):
        area_codes = {area.code for area in self.areas}
        if len(area_codes) != len(self.areas):
            raise ValueError("Area codes must be unique.")
        if len({q.code for q in self.questions}) != len(self.questions):
            raise ValueError("Question codes must be unique.")
        if any(q.area_code not in area_codes for q in self.questions):
            raise ValueError("Every question must belong to one of the areas.")


@dataclass(frozen=True)
class AnswerValue:
    """One answer. ``answered`` says whether it counts towards completion."""

    question_code: str
    level: int | None = None
    yes_no: bool | None = None
    not_applicable: bool = False
    answered: bool = True


@dataclass(frozen=True)
class QuestionScore:
    code: str
    area_code: str
    score: float | None  # None: not scored, N/A or unanswered
    level: int | None  # the answered level (maturity) or the band of the score (yes/no)
    not_applicable: bool
    answered: bool


@dataclass(frozen=True)
class AreaScore:
    code: str
    score: float | None
    level: int | None  # per the questionnaire's method
    completion: float


@dataclass(frozen=True)
class AssessmentScore:
    method: str
    questions: tuple[QuestionScore, ...]
    areas: tuple[AreaScore, ...]
    overall_score: float | None
    overall_level: int | None
    completion: float


@overload
def round_half_up(value: Number) -> Fraction: ...
@overload
def round_half_up(value: Number | None) -> Fraction | None: ...
def round_half_up(value: Number | None) -> Fraction | None:
    """``value`` rounded half-up to 2 decimal places, exactly (None stays None)."""
    if value is None:
        return None
    return Fraction(math.floor(Fraction(value) * 100 + Fraction(1, 2)), 100)


@overload
def to_float(value: Number) -> float: ...
@overload
def to_float(value: Number | None) -> float | None: ...
def to_float(value: Number | None) -> float | None:
    """The 2-dp float shown to people and stored in snapshots."""
    rounded = round_half_up(value)
    return None if rounded is None else float(rounded)


def question_score(
    question: QuestionSpec, answer: AnswerValue | None, scale: Scale
) -> Fraction | None:
    """The exact score (0-100) of one answer, or None when it does not score.

    None for number/text or unscored questions, N/A, and unanswered questions.
    Raises ValueError for a maturity level outside 1..n. A one-level scale scores
    100 for its only level.
    """
    if answer is None or answer.not_applicable or not question.is_scored:
        return None
    if question.kind == YES_NO:
        return None if answer.yes_no is None else (HUNDRED if answer.yes_no else Fraction(0))
    if answer.level is None:
        return None
    if not 1 <= answer.level <= scale.size:
        raise ValueError(f"Level {answer.level} is not on a {scale.size}-level scale.")
    if scale.size == 1:
        return HUNDRED
    return Fraction(answer.level - 1, scale.size - 1) * HUNDRED


def to_decimal(value: Number | None) -> Decimal | None:
    """``value`` rounded half-up to 2 dp as a two-place Decimal, as scores are stored in
    the database (None stays None); ``float(to_decimal(v)) == to_float(v)``."""
    rounded = round_half_up(value)
    return None if rounded is None else Decimal(int(rounded * 100)).scaleb(-2)


@cache
def scale_of_size(size: int) -> Scale:
    """A scale of ``size`` levels with no names or bands: all ``question_score`` reads of a
    scale is its size. ValueError for a size below 1."""
    return Scale(tuple((number, "", 0) for number in range(1, size + 1)))


def stored_answer_score(
    question: QuestionSpec, answer: AnswerValue, scale: Scale
) -> Decimal | None:
    """The score stored with an answer (``Answer.score``): ``question_score`` rounded
    half-up to 2 dp, so it equals the question score live results give (``to_float``).

    It depends only on the question's kind and ``scored``, the scale's size and the
    answer's level, yes/no and N/A: never on weights, areas or the scoring method.
    """
    return to_decimal(question_score(question, answer, scale))


@overload
def level_for_score(score: int | Decimal | Fraction, scale: Scale) -> int: ...
@overload
def level_for_score(score: Number | None, scale: Scale) -> int | None: ...
def level_for_score(score: Number | None, scale: Scale) -> int | None:
    """The level whose band holds ``score``: the highest level with min_score <= score.

    A score below every band (only if the lowest band does not start at 0) is the
    lowest level. Monotone: a higher score never gets a lower level. None (or a NaN
    float, "no score" in arrays) -> None.

    Exact numbers (int, Decimal, Fraction) are compared exactly. A float (a median, a
    score read from a float column) is compared with the float nearest each min_score,
    exactly as ``vectorised.level_for_score`` compares arrays, so a float reading 33.33
    is in a band that starts at 33.33. On a 2-dp score both ways give the same level.
    """
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    bands: tuple[tuple[int, Number], ...]
    if isinstance(score, float):
        bands = scale.float_bands
    else:
        score, bands = Fraction(score), scale.bands
    level = bands[0][0]
    for number, min_score in bands:
        if min_score <= score:
            level = number
    return level


def weighted_mean(pairs: Iterable[tuple[Number, Number]]) -> Fraction | None:
    """Exact weighted mean of ``(value, weight)`` pairs; None when there are none."""
    total = weight_sum = Fraction(0)
    for value, weight in pairs:
        total += Fraction(value) * Fraction(weight)
        weight_sum += Fraction(weight)
    return None if weight_sum == 0 else total / weight_sum


def area_score(scored: Iterable[tuple[Number, Number]]) -> Fraction | None:
    """Weighted mean of an area's ``(question score, question weight)`` pairs.

    Pass only scored, answered questions (N/A and unanswered are left out, not zero).
    Always between the lowest and highest question score; None if there are none.
    """
    return weighted_mean(scored)


def question_level(
    question: QuestionSpec, answer: AnswerValue, score: Fraction, scale: Scale
) -> int:
    """The level a scored answer counts as in the gated method.

    The band of its (rounded) score, never above the answered level: with the usual
    bands a level-L answer is level L, a "yes" the top level and a "no" level 1; with
    unusual bands this cap keeps the gated level at or below the mean-method level.
    """
    band = level_for_score(round_half_up(score), scale)
    if question.kind == MATURITY and answer.level is not None:
        return min(answer.level, band)
    return band


def gated_level(levels: Iterable[int]) -> int | None:
    """The gated level: the lowest of the levels given (None if none).

    An area's: the lowest level among its scored answers; the overall one: the lowest
    level among the areas that have scored questions.
    """
    return min(levels, default=None)


def method_level(
    method: str, score: Fraction | None, gates: Iterable[int], scale: Scale
) -> int | None:
    """An area's or the overall level by the questionnaire's method (None without a score).

    "mean": the band of the (rounded) ``score``. "gated": the lowest of ``gates``
    (the area's answer levels, or the scored areas' levels for the overall level).
    """
    if score is None:
        return None
    return gated_level(gates) if method == GATED else level_for_score(score, scale)


def overall_score(areas: Sequence[tuple[Number | None, Number]]) -> Fraction | None:
    """Weighted mean of ``(area score, area weight)``; None if any area score is None.

    Pass only areas that have scored questions.
    """
    scored = [(score, weight) for score, weight in areas if score is not None]
    if len(scored) < len(areas):
        return None
    return weighted_mean(scored)


def completion(answered_required: int, required: int) -> Fraction:
    """answered required / required x 100 (exact); 100 when nothing is required."""
    if required == 0:
        return HUNDRED
    return Fraction(answered_required, required) * HUNDRED


def score_assessment(spec: QuestionnaireSpec, answers: Iterable[AnswerValue]) -> AssessmentScore:
    """Score one assessment. Guarantees (tested with hypothesis):

    every score is within 0-100; raising one answer never lowers its area or the
    overall score; N/A answers elsewhere never change a question's contribution;
    answer order does not matter; equal weights give the plain mean; the gated level
    is never above the mean-method level. Answers to unknown questions are ignored.
    """
    if spec.method not in (MEAN, GATED):
        raise ValueError(f"Unknown scoring method {spec.method!r}.")
    by_code = {answer.question_code: answer for answer in answers}
    scale = spec.scale
    questions: list[QuestionScore] = []
    exact: dict[str, list[tuple[Fraction, Number]]] = {area.code: [] for area in spec.areas}
    gates: dict[str, list[int]] = {area.code: [] for area in spec.areas}
    required = {area.code: [0, 0] for area in spec.areas}  # [answered, required]
    has_scored_questions = {area.code: False for area in spec.areas}
    for question in spec.questions:
        answer = by_code.get(question.code)
        answered = answer is not None and (answer.answered or answer.not_applicable)
        score = question_score(question, answer, scale)
        level = None
        if answer is not None:  # unanswered: no score (question_score) and no level
            if score is not None:
                exact[question.area_code].append((score, question.weight))
                level = question_level(question, answer, score, scale)
                gates[question.area_code].append(level)
            elif question.kind == MATURITY and not answer.not_applicable:
                level = answer.level
        if question.is_scored:
            has_scored_questions[question.area_code] = True
        if question.required:
            required[question.area_code][1] += 1
            required[question.area_code][0] += int(answered)
        questions.append(
            QuestionScore(
                code=question.code,
                area_code=question.area_code,
                score=to_float(score),
                level=level,
                not_applicable=bool(answer and answer.not_applicable),
                answered=answered,
            )
        )
    areas: list[AreaScore] = []
    # The overall score is the weighted mean of the *rounded* area scores, so anyone
    # can recompute it from the area scores they are shown.
    overall_parts: list[tuple[Fraction | None, Number]] = []
    for area in spec.areas:
        score = round_half_up(area_score(exact[area.code]))
        # An area with a score has a scored answer, so its gates are never empty.
        level = method_level(spec.method, score, gates[area.code], scale)
        done, total = required[area.code]
        areas.append(
            AreaScore(area.code, to_float(score), level, to_float(completion(done, total)))
        )
        if has_scored_questions[area.code]:
            overall_parts.append((score, area.weight))
    overall = round_half_up(overall_score(overall_parts)) if overall_parts else None
    # With an overall score every scored area has a score, hence a level; without one
    # the levels are not read, so leaving out the empty ones changes nothing.
    area_levels = (a.level for a in areas if has_scored_questions[a.code] and a.level is not None)
    overall_level = method_level(spec.method, overall, area_levels, scale)
    done = sum(r[0] for r in required.values())
    total = sum(r[1] for r in required.values())
    return AssessmentScore(
        method=spec.method,
        questions=tuple(questions),
        areas=tuple(areas),
        overall_score=to_float(overall),
        overall_level=overall_level,
        completion=to_float(completion(done, total)),
    )

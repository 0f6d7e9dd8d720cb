"""The scoring rules over numpy arrays, for speed: a copy of ``surveys.results.scoring``.

``scoring`` holds the rules and is the reference; this module restates only what the
reports need for many assessments at once, and
``tests/surveys/results/test_vectorised_properties.py`` proves with hypothesis that it
gives exactly what ``scoring.score_assessment`` gives. Change a rule in both.

Conventions: scores are float64 arrays with NaN for "no score"; levels are float64
arrays with NaN for "no level" (callers make them nullable integers); groups (an
assessment's areas, or an assessment) are integer codes ``0..count-1``, e.g. from
``pandas.factorize``. numpy only: pandas stays in ``reports.frames``.

Why floats give the exact answers: scores and weights are decimals with 2 places (and
answers' scores thirds, sixths... of 100), so an exact weighted mean that is not
exactly on a half hundredth lies much further from it than float error reaches.
``round_half_up`` nudges by ``NUDGE`` hundredths, which rounds an exact half that
float arithmetic put a hair below it *up*, as ``scoring.round_half_up`` does, and
moves nothing else across a rounding edge.
"""

from __future__ import annotations

import numpy as np

from surveys.results import scoring

NUDGE = 1e-9


def _floats(values) -> np.ndarray:
    return np.asarray(values, dtype="float64")


def round_half_up(values) -> np.ndarray:
    """Scores rounded half-up to 2 dp, as ``scoring.round_half_up`` (NaN stays NaN)."""
    return np.floor(_floats(values) * 100 + 0.5 + NUDGE) / 100


def level_for_score(scores, scale: scoring.Scale) -> np.ndarray:
    """``scoring.level_for_score`` for each score: the highest level whose min_score is
    at or below it, the lowest level below every band, NaN for NaN.

    Floats compare with the float nearest each min_score, as the scalar rule does
    with a float.
    """
    scores = _floats(scores)
    bands = scale.float_bands
    levels = np.full(scores.shape, float(bands[0][0]))
    for number, min_score in bands:  # a handful of levels: loop over them, not the scores
        levels = np.where(scores >= min_score, float(number), levels)
    return np.where(np.isnan(scores), np.nan, levels)


def question_levels(maturity, scores, scale: scoring.Scale) -> np.ndarray:
    """The level of each scored answer from its score, as ``scoring.question_level``.

    ``maturity`` says which scores are maturity answers (the others yes/no). A yes/no
    answer counts as the band of its score. A maturity answer at level L scores
    (L-1)/(n-1) x 100, so L is read back from the score (rounded or not), and counts
    as L or the band of its score, whichever is lower. NaN scores have no level.
    """
    scores = _floats(scores)
    band = level_for_score(round_half_up(scores), scale)
    if scale.size > 1:
        answered = np.rint(scores * (scale.size - 1) / 100) + 1
    else:
        answered = np.where(np.isnan(scores), np.nan, 1.0)
    return np.where(np.asarray(maturity, dtype=bool), np.minimum(answered, band), band)


def _sums(groups, values, count: int) -> np.ndarray:
    return np.bincount(np.asarray(groups, dtype="int64"), weights=values, minlength=count)


def area_scores_from_sums(groups, weighted, weights, count: int) -> np.ndarray:
    """Rounded area scores from partial sums: per group, sum(weighted) / sum(weights).

    ``weighted`` is score x weight of scored answers (or of any partial sums of them);
    NaN for a group with no weight, i.e. no scored answer.
    """
    total = _sums(groups, _floats(weights), count)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = _sums(groups, _floats(weighted), count) / total
    return round_half_up(np.where(total != 0, means, np.nan))


def area_scores(groups, scores, weights, count: int) -> np.ndarray:
    """Rounded area scores: per group, the weighted mean of its scores, NaN left out
    (N/A, unanswered or unscored is never zero); NaN where none is left."""
    scores, weights = _floats(scores), _floats(weights)
    known = ~np.isnan(scores)
    groups = np.asarray(groups, dtype="int64")[known]
    return area_scores_from_sums(groups, scores[known] * weights[known], weights[known], count)


def overall_scores(groups, area_scores, area_weights, count: int) -> np.ndarray:
    """Rounded overall scores: per group (assessment), the weighted mean of its areas'
    rounded scores. Pass only the areas that have scored questions: one without a
    score (NaN) makes the overall score incomplete (NaN), as does having no area."""
    area_scores, area_weights = _floats(area_scores), _floats(area_weights)
    known = ~np.isnan(area_scores)
    missing = _sums(groups, (~known).astype("float64"), count) > 0
    total = _sums(groups, area_weights, count)
    weighted = _sums(groups, np.where(known, area_scores * area_weights, 0.0), count)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = weighted / total
    return round_half_up(np.where(missing | (total == 0), np.nan, means))


def gated_levels(groups, levels, count: int) -> np.ndarray:
    """Per group, the lowest of its levels (NaN levels left out); NaN where none."""
    levels = _floats(levels)
    known = ~np.isnan(levels)
    lowest = np.full(count, np.inf)
    np.minimum.at(lowest, np.asarray(groups, dtype="int64")[known], levels[known])
    return np.where(np.isinf(lowest), np.nan, lowest)


def method_levels(method: str, scores, gated, scale: scoring.Scale) -> np.ndarray:
    """Area or overall levels by method, as ``scoring.method_level``: the band of each
    score ("mean") or the ``gated`` level (from ``gated_levels``); NaN without a score."""
    scores = _floats(scores)
    levels = _floats(gated) if method == scoring.GATED else level_for_score(scores, scale)
    return np.where(np.isnan(scores), np.nan, levels)

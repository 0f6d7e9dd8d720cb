"""The vectorised copy of the scoring rules gives exactly what ``score_assessment`` gives.

Random questionnaires (both methods, any bands, weights, unscored kinds) and random
answers (levels, yes/no, N/A, unanswered) come from the scoring property tests'
strategies; several assessments of one questionnaire are scored at once, so the
grouping is tested too.
"""

import math
from fractions import Fraction

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from surveys.results import scoring, vectorised
from surveys.results.scoring import Scale
from tests.surveys.results.test_scoring_properties import answers_for, questionnaires, scales


@st.composite
def batches(draw, method=None):
    """One questionnaire and the answers of 1-4 assessments to it."""
    spec = draw(questionnaires(method))
    return spec, draw(st.lists(answers_for(spec), min_size=1, max_size=4))


def _none_for_nan(values) -> list:
    return [None if math.isnan(v) else v for v in np.asarray(values, dtype="float64").tolist()]


def _floats(values) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _vectorised_scores(spec, answer_sets):
    """Area and overall scores and levels of every assessment, by the vectorised copy.

    Its input is what a selector would give it: each answer's score (exact, as a
    float; NaN where it does not score), the question and area weights, and which
    areas have scored questions.
    """
    scale, areas = spec.scale, spec.areas
    area_index = {area.code: i for i, area in enumerate(areas)}
    groups, scores, weights, maturity = [], [], [], []
    for n, answers in enumerate(answer_sets):
        by_code = {a.question_code: a for a in answers}
        for question in spec.questions:
            groups.append(n * len(areas) + area_index[question.area_code])
            scores.append(scoring.question_score(question, by_code.get(question.code), scale))
            weights.append(question.weight)
            maturity.append(question.kind == scoring.MATURITY)
    count = len(answer_sets) * len(areas)
    area_scores = vectorised.area_scores(groups, _floats(scores), _floats(weights), count)
    question_levels = vectorised.question_levels(maturity, _floats(scores), scale)
    gates = vectorised.gated_levels(groups, question_levels, count)
    area_levels = vectorised.method_levels(spec.method, area_scores, gates, scale)
    expected = [
        i
        for i, area in enumerate(areas)
        if any(q.is_scored and q.area_code == area.code for q in spec.questions)
    ]
    rows = [(n, n * len(areas) + i) for n in range(len(answer_sets)) for i in expected]
    owners = [n for n, _ in rows]
    overall = vectorised.overall_scores(
        owners,
        [area_scores[row] for _, row in rows],
        [float(areas[row % len(areas)].weight) for _, row in rows],
        len(answer_sets),
    )
    overall_gates = vectorised.gated_levels(
        owners, [area_levels[row] for _, row in rows], len(answer_sets)
    )
    overall_levels = vectorised.method_levels(spec.method, overall, overall_gates, scale)
    return {
        "area_scores": _none_for_nan(area_scores),
        "area_levels": _none_for_nan(area_levels),
        "overall_scores": _none_for_nan(overall),
        "overall_levels": _none_for_nan(overall_levels),
        "question_levels": _none_for_nan(question_levels),
    }


def _reference(spec, answer_sets):
    results = [scoring.score_assessment(spec, answers) for answers in answer_sets]
    return {
        "area_scores": [a.score for r in results for a in r.areas],
        "area_levels": [
            None if a.level is None else float(a.level) for r in results for a in r.areas
        ],
        "overall_scores": [r.overall_score for r in results],
        "overall_levels": [
            None if r.overall_level is None else float(r.overall_level) for r in results
        ],
        # A question without a score has no level here: the vectorised copy reads
        # levels back from scores (scoring also gives an unscored maturity answer its level).
        "question_levels": [
            None if q.score is None else float(q.level) for r in results for q in r.questions
        ],
    }


@settings(max_examples=400)
@given(batches())
def test_vectorised_scores_and_levels_equal_score_assessment(batch):
    assert _vectorised_scores(*batch) == _reference(*batch)


@settings(max_examples=200)
@given(batches(method="gated"))
def test_vectorised_gated_levels_equal_score_assessment(batch):
    assert _vectorised_scores(*batch) == _reference(*batch)


@settings(max_examples=200)
@given(batches())
def test_question_levels_read_back_from_frozen_scores_equal_score_assessment(batch):
    """Snapshots keep the rounded question score only; its level must come back the same."""
    spec, answer_sets = batch
    for answers in answer_sets:
        result = scoring.score_assessment(spec, answers)
        scored = [q for q in result.questions if q.score is not None]
        kinds = {q.code: q.kind for q in spec.questions}
        levels = vectorised.question_levels(
            [kinds[q.code] == scoring.MATURITY for q in scored],
            [q.score for q in scored],
            spec.scale,
        )
        assert _none_for_nan(levels) == [float(q.level) for q in scored]


def _near(value: float) -> list[float]:
    return [value, math.nextafter(value, -math.inf), math.nextafter(value, math.inf)]


@st.composite
def scores_near_bands(draw):
    """A scale and scores: each band edge and the floats either side, 2-dp scores, any
    float in 0-100, and NaN."""
    scale = draw(scales())
    edges = [score for _, low in scale.float_bands for score in _near(low)]
    others = draw(
        st.lists(
            st.one_of(
                st.integers(0, 10000).map(lambda n: n / 100),
                st.floats(0, 100, allow_nan=False),
                st.just(math.nan),
            ),
            max_size=20,
        )
    )
    return scale, edges + others


@settings(max_examples=500)
@given(scores_near_bands())
@example((Scale(((1, "L1", 0), (2, "L2", Fraction("33.33")))), [33.33, 33.329999, 33.3300001]))
def test_scalar_level_for_score_equals_the_vectorised_one(case):
    scale, scores = case
    scalar = [scoring.level_for_score(score, scale) for score in scores]
    assert _none_for_nan(vectorised.level_for_score(scores, scale)) == [
        None if level is None else float(level) for level in scalar
    ]


@settings(max_examples=300)
@given(scales(), st.lists(st.integers(0, 10000), max_size=20))
def test_levels_of_2dp_scores_as_floats_equal_the_exact_ones(scale, hundredths):
    """Scores are exact 2-dp numbers in scoring and floats in the vectorised copy."""
    exact = [scoring.level_for_score(Fraction(n, 100), scale) for n in hundredths]
    floats = vectorised.level_for_score([n / 100 for n in hundredths], scale)
    assert _none_for_nan(floats) == [float(level) for level in exact]


# Exact means that scoring can meet: thirds and sixths of 100, 2-dp weights; and exact
# half hundredths, which floats often hold a hair below the half (1.005 -> 1.00499...).
means = st.one_of(
    st.builds(
        Fraction,
        st.integers(0, 10**7),
        st.sampled_from([1, 2, 3, 4, 6, 8, 12, 100, 200, 300, 600, 1000, 6000, 60000]),
    ).filter(lambda value: value <= 100),
    st.integers(0, 19999).map(lambda k: Fraction(2 * k + 1, 200)),
)


@settings(max_examples=500)
@given(st.lists(means, min_size=1, max_size=20))
@example(
    [Fraction(1, 8), Fraction(12345, 1000), Fraction(100005, 1000), Fraction(0), Fraction(100)]
)
def test_round_half_up_equals_the_exact_rounding(values):
    rounded = vectorised.round_half_up([float(v) for v in values])
    assert rounded.tolist() == [scoring.to_float(v) for v in values]


def test_nan_stays_nan_and_empty_groups_have_no_score():
    assert math.isnan(vectorised.round_half_up([math.nan])[0])
    scale = Scale(((1, "L1", 0), (2, "L2", 50)))
    assert _none_for_nan(vectorised.level_for_score([math.nan, 49.99, 50.0], scale)) == [
        None,
        1.0,
        2.0,
    ]
    scores = vectorised.area_scores([0, 0, 2], [math.nan, 40.0, 10.0], [1.0, 1.0, 1.0], 3)
    assert _none_for_nan(scores) == [40.0, None, 10.0]
    overall = vectorised.overall_scores([0, 0, 1], [40.0, math.nan, 10.0], [1.0, 1.0, 1.0], 3)
    assert _none_for_nan(overall) == [None, 10.0, None]

"""Worked examples of the scoring method; every expected number is computed by hand."""

from decimal import Decimal
from fractions import Fraction

import pytest

from surveys.results import scoring
from surveys.results.scoring import AnswerValue, AreaSpec, QuestionnaireSpec, QuestionSpec, Scale

# Five levels; bands start at 0, 12.5, 37.5, 62.5 and 87.5 (midway between answer scores).
FIVE = Scale(
    (
        (1, "Beginning", Decimal("0")),
        (2, "Emerging", Decimal("12.5")),
        (3, "Learning", Decimal("37.5")),
        (4, "Developing", Decimal("62.5")),
        (5, "Mastering", Decimal("87.5")),
    )
)
MATURITY = QuestionSpec("q", "a", "maturity")


def spec(method="mean", area_weights=(1, 1)):
    return QuestionnaireSpec(
        scale=FIVE,
        areas=(AreaSpec("data", area_weights[0]), AreaSpec("security", area_weights[1])),
        questions=(
            QuestionSpec("d1", "data", "maturity", weight=2),
            QuestionSpec("d2", "data", "maturity"),
            QuestionSpec("d3", "data", "yes_no"),
            QuestionSpec("d4", "data", "maturity"),
            QuestionSpec("d5", "data", "number", scored=False),
            QuestionSpec("s1", "security", "maturity"),
            QuestionSpec("s2", "security", "yes_no"),
            QuestionSpec("s3", "security", "text", required=False, scored=False),
        ),
        method=method,
    )


ANSWERS = [
    AnswerValue("d1", level=4),  # (4-1)/(5-1) x 100 = 75, weight 2
    AnswerValue("d2", level=2),  # (2-1)/4 x 100 = 25
    AnswerValue("d3", yes_no=True),  # 100
    AnswerValue("d4", not_applicable=True),  # left out of the score, counts as answered
    AnswerValue("d5"),  # a number: answered, never scored
    AnswerValue("s1", level=3),  # 50
    AnswerValue("s2", yes_no=False),  # 0
]


@pytest.mark.parametrize(
    ("level", "size", "expected"),
    [(1, 5, 0), (2, 5, 25), (3, 5, 50), (5, 5, 100), (2, 4, Fraction(100, 3)), (1, 1, 100)],
)
def test_maturity_answer_scores_its_place_on_the_scale(level, size, expected):
    scale = Scale(tuple((n, f"L{n}", 0) for n in range(1, size + 1)))
    assert scoring.question_score(MATURITY, AnswerValue("q", level=level), scale) == expected


def test_yes_no_scores_100_or_0_only_when_scored():
    yes_no = QuestionSpec("q", "a", "yes_no")
    assert scoring.question_score(yes_no, AnswerValue("q", yes_no=True), FIVE) == 100
    assert scoring.question_score(yes_no, AnswerValue("q", yes_no=False), FIVE) == 0
    unscored = QuestionSpec("q", "a", "yes_no", scored=False)
    assert scoring.question_score(unscored, AnswerValue("q", yes_no=True), FIVE) is None


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (QuestionSpec("q", "a", "number"), AnswerValue("q")),
        (QuestionSpec("q", "a", "text"), AnswerValue("q")),
        (MATURITY, AnswerValue("q", not_applicable=True)),
        (MATURITY, AnswerValue("q", level=None, answered=False)),
        (MATURITY, None),
    ],
)
def test_unscored_na_and_unanswered_have_no_score(question, answer):
    assert scoring.question_score(question, answer, FIVE) is None


def test_level_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="not on a 5-level scale"):
        scoring.question_score(MATURITY, AnswerValue("q", level=6), FIVE)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0, 1), (12.49, 1), (12.5, 2), (37.5, 3), (62.49, 3), (62.5, 4), (87.5, 5), (100, 5)],
)
def test_level_is_the_highest_band_at_or_below_the_score(score, level):
    assert scoring.level_for_score(Decimal(str(score)), FIVE) == level


def test_no_score_has_no_level():
    assert scoring.level_for_score(None, FIVE) is None


def test_area_score_is_the_weighted_mean():
    # (75 x 2 + 25 x 1 + 100 x 1) / (2 + 1 + 1) = 275 / 4 = 68.75
    assert scoring.area_score([(75, 2), (25, 1), (100, 1)]) == Fraction("68.75")
    assert scoring.area_score([]) is None


def test_overall_is_incomplete_when_an_area_has_no_score():
    assert scoring.overall_score([(50, 1), (None, 1)]) is None
    # (50 x 1 + 80 x 3) / 4 = 290 / 4 = 72.5
    assert scoring.overall_score([(50, 1), (80, 3)]) == Fraction("72.5")


def test_completion():
    assert scoring.completion(3, 4) == 75
    assert scoring.completion(0, 0) == 100


def test_worked_example_mean_method():
    result = scoring.score_assessment(spec(), ANSWERS)
    data, security = result.areas
    # Data: (75 x 2 + 25 + 100) / 4 = 68.75, in the band 62.5-87.5: level 4.
    assert (data.score, data.level) == (68.75, 4)
    # Security: (50 + 0) / 2 = 25, in the band 12.5-37.5: level 2.
    assert (security.score, security.level) == (25.0, 2)
    # Overall: (68.75 + 25) / 2 = 46.875, rounded half-up to 46.88: level 3.
    assert (result.overall_score, result.overall_level) == (46.88, 3)
    # Required: d1-d5 (all answered, N/A counts) and s1, s2; s3 is optional.
    assert (data.completion, security.completion, result.completion) == (100.0, 100.0, 100.0)
    scores = {q.code: q.score for q in result.questions}
    assert scores == {
        "d1": 75.0,
        "d2": 25.0,
        "d3": 100.0,
        "d4": None,
        "d5": None,
        "s1": 50.0,
        "s2": 0.0,
        "s3": None,
    }


def test_worked_example_gated_method():
    result = scoring.score_assessment(spec("gated"), ANSWERS)
    data, security = result.areas
    # Scores are the same weighted means; levels are the lowest answer's level.
    assert (data.score, security.score, result.overall_score) == (68.75, 25.0, 46.88)
    # Data: levels 4, 2 and "yes" (100 -> level 5): the area reaches level 2.
    assert data.level == 2
    # Security: level 3 and "no" (0 -> level 1): level 1; overall is the lowest area, 1.
    assert (security.level, result.overall_level) == (1, 1)


def test_area_weights_weight_the_overall():
    # (68.75 x 3 + 25 x 1) / 4 = 231.25 / 4 = 57.8125 -> 57.81, level 3.
    result = scoring.score_assessment(spec(area_weights=(3, 1)), ANSWERS)
    assert (result.overall_score, result.overall_level) == (57.81, 3)


def test_unanswered_questions_count_against_completion_not_the_score():
    answers = [a for a in ANSWERS if a.question_code not in ("d2", "s2")]
    result = scoring.score_assessment(spec(), answers)
    data, security = result.areas
    # Data: (75 x 2 + 100) / 3 = 83.333... -> 83.33, level 4; 4 of 5 required: 80%.
    assert (data.score, data.level, data.completion) == (83.33, 4, 80.0)
    # Security: 50 alone; 1 of 2 required: 50%. Overall: 5 of 7 required = 71.43%.
    assert (security.score, security.completion, result.completion) == (50.0, 50.0, 71.43)
    # Overall: (83.33 + 50) / 2 = 66.665 -> 66.67 (from the rounded area scores).
    assert result.overall_score == 66.67


def test_an_area_without_scored_answers_makes_the_overall_incomplete():
    answers = [a for a in ANSWERS if not a.question_code.startswith("s")]
    answers.append(AnswerValue("s1", not_applicable=True))
    result = scoring.score_assessment(spec(), answers)
    assert result.areas[1].score is None and result.areas[1].level is None
    assert (result.overall_score, result.overall_level) == (None, None)
    # Security: s1 (N/A) answered, s2 not: 50%. Overall 6 of 7 = 85.71%.
    assert (result.areas[1].completion, result.completion) == (50.0, 85.71)


def test_areas_with_no_scored_questions_are_left_out_of_the_overall():
    questionnaire = QuestionnaireSpec(
        scale=FIVE,
        areas=(AreaSpec("a"), AreaSpec("notes")),
        questions=(QuestionSpec("q1", "a", "maturity"), QuestionSpec("n1", "notes", "text")),
    )
    result = scoring.score_assessment(questionnaire, [AnswerValue("q1", level=5)])
    assert (result.overall_score, result.overall_level) == (100.0, 5)
    # The free-text question is required and unanswered: 1 of 2.
    assert result.completion == 50.0


def test_blank_text_counts_as_unanswered_and_area_without_required_is_complete():
    questionnaire = QuestionnaireSpec(
        scale=FIVE,
        areas=(AreaSpec("a"),),
        questions=(QuestionSpec("q1", "a", "maturity", required=False),),
    )
    result = scoring.score_assessment(questionnaire, [])
    assert (result.areas[0].completion, result.completion) == (100.0, 100.0)


@pytest.mark.parametrize(
    ("min_scores", "mean_level", "gated_level"),
    [
        # A level-2 answer scores 25, which these bands put in level 1: gating must
        # not put the area above the mean-method level, so it is level 1 too.
        ((0, 30, 40, 70, 90), 1, 1),
        # These bands put 25 in level 3: gating never lifts an answer above its level.
        ((0, 10, 20, 30, 40), 3, 2),
    ],
)
def test_gated_level_with_unusual_bands(min_scores, mean_level, gated_level):
    scale = Scale(tuple((n, f"L{n}", m) for n, m in enumerate(min_scores, 1)))
    areas, questions = (AreaSpec("a"),), (MATURITY,)
    answers = [AnswerValue("q", level=2)]
    mean = scoring.score_assessment(QuestionnaireSpec(scale, areas, questions, "mean"), answers)
    gated = scoring.score_assessment(QuestionnaireSpec(scale, areas, questions, "gated"), answers)
    assert (mean.areas[0].score, gated.areas[0].score) == (25.0, 25.0)
    assert (mean.areas[0].level, gated.areas[0].level) == (mean_level, gated_level)


def test_rounding_is_half_up():
    assert scoring.round_half_up(Fraction("46.875")) == Fraction("46.88")
    assert scoring.round_half_up(Fraction("46.865")) == Fraction("46.87")
    assert scoring.to_float(Fraction(200, 3)) == 66.67


def test_bad_specs_are_refused():
    with pytest.raises(ValueError, match="numbered"):
        Scale(((1, "One", 0), (3, "Three", 50)))
    with pytest.raises(ValueError, match="belong"):
        QuestionnaireSpec(
            scale=FIVE, areas=(AreaSpec("a"),), questions=(QuestionSpec("q", "b", "text"),)
        )
    with pytest.raises(ValueError, match="method"):
        scoring.score_assessment(spec("median"), ANSWERS)

"""The reports take the level of a score from the scoring rules, never their own copy."""

import math
from types import SimpleNamespace

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.charts.palette import LevelScale
from reports.frames import results as frames
from surveys.results import scoring
from tests.surveys.results.test_scoring_properties import scales


def _palette(scale: scoring.Scale) -> LevelScale:
    return LevelScale.from_levels(
        SimpleNamespace(number=n, name=name, min_score=m) for n, name, m in scale.levels
    )


@settings(max_examples=300)
@given(scales(), st.data())
def test_the_palette_gives_the_scoring_level_of_any_score(scale, data):
    palette = _palette(scale)
    edges = [low for _, low in palette.scoring_scale.float_bands]
    score = data.draw(
        st.one_of(
            st.sampled_from(edges),
            st.floats(0, 100, allow_nan=False),
            st.integers(0, 100),
            st.just(math.nan),
            st.none(),
        )
    )
    assert palette.level_for_score(score) == scoring.level_for_score(score, palette.scoring_scale)


def test_a_frozen_maturity_answer_never_counts_above_the_band_of_its_score():
    """With unusual bands (level 3 from 60), a level-3 answer scores 50: band 2.

    Scored live, ``score_assessment`` gives it level 2; read back from the frozen
    score it must be level 2 too, not the answered 3.
    """
    scale = scoring.Scale(
        ((1, "L1", 0), (2, "L2", 25), (3, "L3", 60), (4, "L4", 80), (5, "L5", 90))
    )
    spec = scoring.QuestionnaireSpec(
        scale, (scoring.AreaSpec("a"),), (scoring.QuestionSpec("q", "a", "maturity"),)
    )
    live = scoring.score_assessment(spec, [scoring.AnswerValue("q", level=3)]).questions[0]
    assert (live.score, live.level) == (50.0, 2)
    frozen = pd.DataFrame({"kind": ["maturity", "maturity"], "score": [live.score, 100.0]})
    assert frames.question_levels(frozen, _palette(scale)).tolist() == [2, 5]

"""docs/scoring.md and the public page show the numbers the scoring code computes."""

import re

import pytest
from django.urls import reverse

from surveys.results import example as scoring_example
from surveys.results import scoring
from surveys.results.example import example_markdown, worked_example
from tests.factories import make_questionnaire
from tests.paths import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "scoring.md"
REFRESH = (
    'Refresh the block with: .venv/bin/python -c "from surveys.results.example '
    'import example_markdown as m; print(m())"'
)


def _doc_block() -> str:
    match = re.search(
        r"<!-- worked-example:start -->\n(.*)\n<!-- worked-example:end -->", DOC.read_text(), re.S
    )
    assert match, "docs/scoring.md has lost its worked-example markers"
    return match.group(1)


def test_docs_worked_example_equals_what_the_code_computes():
    assert _doc_block() == example_markdown(), REFRESH


def test_docs_states_the_example_scale_and_the_levels_the_prose_mentions():
    text = DOC.read_text()
    assert worked_example().scale_text in text
    mean = scoring.score_assessment(scoring_example.spec("mean"), scoring_example.answers())
    gated = scoring.score_assessment(scoring_example.spec("gated"), scoring_example.answers())
    # The prose after the block: Data is level 4 by mean, 2 gated; Security 1 gated; overall 1.
    assert (mean.areas[0].level, gated.areas[0].level) == (4, 2)
    assert (gated.areas[1].level, gated.overall_level) == (1, 1)
    assert "band, but with the gated method the level-2 answer holds Data at level 2" in text


def test_the_example_numbers_are_the_hand_computed_ones():
    # (75 x 2 + 25 + 100) / 4 = 68.75; (50 + 0) / 2 = 25; (68.75 + 25) / 2 = 46.875 -> 46.88.
    block = example_markdown()
    assert "= 68.75 | 4 (Developing) | 2 (Emerging) |" in block
    assert "= 25 | 2 (Emerging) | 1 (Beginning) |" in block
    assert "= 46.875, rounded to 46.88." in block


@pytest.mark.django_db
def test_public_page_needs_no_sign_in_and_shows_the_computed_example(client):
    response = client.get(reverse("scoring-method"))
    assert response.status_code == 200
    assert reverse("scoring-method") == "/how-scores-are-calculated/"
    html = response.content.decode()
    example = worked_example()
    for area in example.areas:
        assert area.working in html
    assert example.overall_working in html
    # With nothing published, the bands are the example's.
    assert "87.5 to 100" in html and "Mastering" in html


@pytest.mark.django_db
def test_public_page_shows_the_published_questionnaires_bands(client):
    questionnaire = make_questionnaire(name="London digital maturity", version=7)
    questionnaire.levels.filter(number=5).update(name="Leading", min_score=90)
    response = client.get(reverse("scoring-method"))
    html = response.content.decode()
    assert "London digital maturity (version 7)" in html
    assert "5 Leading" in html
    assert "62.5 up to, but not including, 90" in html
    assert "90 to 100" in html


@pytest.mark.django_db
def test_public_page_refuses_post(client):
    assert client.post(reverse("scoring-method")).status_code == 405

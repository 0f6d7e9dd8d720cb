"""Dashboard pages: filters, defaults, bad input, comparable trends, security headers."""

import re

import pytest
from django.urls import reverse

from surveys.models import Answer, Assessment, Question
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(db):
    """Round A on version 1; round B on version 2, which adds one question to area 1."""
    first = make_results_round(round_index=0, name="Round A")
    version_2 = factories.make_questionnaire(areas=2, questions_per_area=2)
    area_1 = version_2.areas.get(code="area-1")
    Question.objects.create(
        questionnaire=version_2, area=area_1, code="a1-new", order=3, text="New", kind="maturity"
    )
    second = make_results_round(round_index=1, name="Round B", questionnaire=version_2)
    return first, second


def test_overview_defaults_to_the_latest_round_with_approved_results(client, cdo, db):
    older = make_results_round(round_index=0, name="Round A")
    make_results_round(round_index=1, name="Round B", authorities=1, status="submitted")
    client.force_login(cdo)
    response = client.get(reverse("reports:overview"))
    assert response.context["round"] == older
    headline = response.context["headline"]
    assert (headline["approved"], headline["submitted"]) == (8, 8)
    assert headline["median"] is not None and headline["spread"] is not None


def test_headline_figures_are_the_median_and_interquartile_range(client, cdo, results_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:overview"))
    stats = response.context["charts"]["distribution"]
    overall = stats.rows[-1]  # Overall: authorities, lowest, q1, median, q3, highest
    headline = response.context["headline"]
    assert str(headline["median"]).rstrip("0").rstrip(".") == overall[4]
    assert headline["spread"] == round(float(overall[5]) - float(overall[3]), 2)


def test_tile_map_can_be_coloured_by_one_area(client, cdo, results_round):
    client.force_login(cdo)
    chart = client.get(reverse("reports:overview") + "?area=area-2").context["charts"]["tile_map"]
    assert chart.columns[2] == "Area 2 score"
    assert "area 2" in chart.title.lower()


@pytest.mark.parametrize(
    "query",
    # (?round=%00 is answered 400 before any view: tests/test_middleware.py)
    ["?round=nope", "?area=nope", "?round=x&area=y&format=html", "?area[]=1"],
)
def test_bad_filters_show_the_defaults_with_an_error(client, cdo, results_round, query):
    client.force_login(cdo)
    response = client.get(reverse("reports:overview") + query)
    assert response.status_code == 200
    if "nope" in query or "x" in query:
        assert b"There is a problem" in response.content
    assert response.context["round"] == results_round


@pytest.mark.parametrize(
    "url",
    [
        "/reports/authorities/nowhere/",
        "/reports/areas/nope/",
        "/reports/london/?format=csv&chart=nope",
        "/reports/authorities/camden/?format=csv&chart=",
    ],
)
def test_unknown_things_are_not_found(client, cdo, results_round, url):
    client.force_login(cdo)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("query", ["?from=nope&to=nope", "?from=round-a&to=round-a", "?to=%ff"])
def test_trends_survive_bad_or_equal_rounds(client, cdo, two_versions, query):
    client.force_login(cdo)
    response = client.get(reverse("reports:trends") + query)
    assert response.status_code == 200
    assert response.context["from_round"] != response.context["to_round"]


def test_trends_swap_rounds_given_in_the_wrong_order(client, cdo, two_versions):
    first, second = two_versions
    client.force_login(cdo)
    response = client.get(reverse("reports:trends") + f"?from={second.slug}&to={first.slug}")
    assert (response.context["from_round"], response.context["to_round"]) == (first, second)


def test_trends_compare_only_questions_in_both_versions(client, cdo, two_versions):
    client.force_login(cdo)
    response = client.get(reverse("reports:trends"))
    slope = response.context["charts"]["slope"]
    camden = next(row for row in slope.rows if row[0] == "Camden")
    # Round A: levels 1-4 -> areas 12.5 and 62.5, overall 37.5. Round B: levels 2, 3,
    # (new: 4), 5, 1 -> area 1 over a1-q1 and a1-q2 only is 37.5, area 2 is 50.
    assert camden[1:] == ["37.5", "43.75", "6.25"]
    coverage = " ".join(response.context["coverage"])
    assert "a1-new" in coverage and "left out" in coverage


def test_trends_need_two_rounds_with_results(client, cdo, results_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:trends"))
    assert response.status_code == 200
    assert b"at least two rounds" in response.content


def test_profile_trend_uses_comparable_scores(client, lead, two_versions):
    client.force_login(lead)
    trend = client.get(reverse("reports:authority", args=["camden"])).context["charts"]["trend"]
    assert trend.columns == ["Round", "Area 1", "Area 2", "Overall"]
    assert trend.rows == [["Round A", "12.5", "62.5", "37.5"], ["Round B", "37.5", "50", "43.75"]]
    assert any("different questionnaire versions" in note for note in trend.notes)


def test_profile_shows_own_results_before_approval(client, lead, results_round, db):
    draft = make_results_round(authorities=1, round_index=5, status="submitted", name="Open")
    client.force_login(lead)
    response = client.get(reverse("reports:authority", args=["camden"]) + f"?round={draft.slug}")
    assert response.status_code == 200
    assert b"not approved yet" in response.content
    assert response.context["charts"]["areas"].figure is not None


def test_profile_strengths_and_gaps(client, lead, results_round):
    client.force_login(lead)
    response = client.get(reverse("reports:authority", args=["camden"]))
    strengths, gaps = response.context["strengths"], response.context["gaps"]
    assert strengths and gaps
    assert all(row["difference"] > 0 for row in strengths)
    assert all(row["difference"] < 0 for row in gaps)


def test_chart_pages_allow_plotly_styles_but_no_inline_script(client, cdo, results_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:overview"))
    policy = response["Content-Security-Policy"]
    style = next(part for part in policy.split(";") if "style-src" in part)
    script = next(part for part in policy.split(";") if "script-src" in part)
    assert "'unsafe-inline'" in style and "'unsafe-inline'" not in script
    content = response.content.decode()
    assert 'data-chart="chart-data-heatmap"' in content
    assert '<script id="chart-data-heatmap" type="application/json">' in content
    assert "plotly.min.js" in content


# Words, not substrings: the signed-in person's random name may be "Frank" or "Blankley".
RANKING_WORDS = re.compile(r"\b(rank|league)")


def test_no_rank_numbers_anywhere(client, cdo, lead, results_round):
    client.force_login(cdo)
    content = client.get(reverse("reports:overview")).content.decode()
    # The CDO office is offered the ranking view, on request; the overview itself ranks
    # nothing. Without that one link there is no rank and no league table.
    link = re.search(
        r'<li><a class="govuk-link" href="/reports/ranking/[^"]*">[^<]*</a></li>', content
    )
    assert link is not None
    content = content.replace(link.group(0), "").lower()
    assert not RANKING_WORDS.search(content)
    client.force_login(lead)
    content = client.get(reverse("reports:overview")).content.decode().lower()
    assert not RANKING_WORDS.search(content)


def test_deep_dive_counts_levels_and_not_applicable_from_frozen_results(client, cdo, results_round):
    camden = Assessment.objects.get(round=results_round, authority__slug="camden")
    Answer.objects.filter(assessment=camden, question__code="a1-q1").update(
        level=None, not_applicable=True
    )
    result_snapshot_create(assessment=camden)
    client.force_login(cdo)
    url = reverse("reports:area", args=["area-1"]) + f"?round={results_round.slug}"
    chart = client.get(url).context["charts"]["levels"]
    # a1-q1 levels of the eight authorities: 1, 2, 3, 4, 5, 1, 2, 3; Camden's 1 is now N/A.
    # The question by its label (here its text, which is short), text and code.
    assert chart.rows[0] == [
        "Question 1 of area 1",
        "Question 1 of area 1",
        "a1-q1",
        *["1", "2", "2", "1", "1", "1", "0"],
    ]
    assert chart.columns[-2] == results_round.questionnaire.not_applicable_label


@pytest.fixture
def another_questionnaire_round(two_versions):
    """Round C, the newest, on another questionnaire (a data-maturity assessment, say)."""
    other = factories.make_questionnaire(areas=1, questions_per_area=2, code="data-maturity")
    return make_results_round(round_index=2, name="Round C", questionnaire=other)


def test_trends_compare_only_rounds_of_one_questionnaire(client, cdo, another_questionnaire_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:trends"))
    # The newest round has no earlier round of its questionnaire: A and B are compared.
    assert [response.context[k].name for k in ("from_round", "to_round")] == ["Round A", "Round B"]
    london = response.context["charts"]["london_trend"]
    assert [row[0] for row in london.rows] == ["Round A", "Round B"]
    assert all(cell not in ("", None) for row in london.rows for cell in row[1:])
    camden = next(row for row in response.context["charts"]["slope"].rows if row[0] == "Camden")
    assert camden[1:] == ["37.5", "43.75", "6.25"]
    # Asked to compare across questionnaires, the page says why it does not.
    response = client.get(reverse("reports:trends") + "?from=round-c&to=round-b")
    assert response.context["refused"].name == "Round C"
    assert b"used another questionnaire" in response.content
    assert response.context["from_round"].name == "Round A"


def test_profile_trend_ignores_rounds_of_another_questionnaire(
    client, lead, another_questionnaire_round
):
    client.force_login(lead)
    url = reverse("reports:authority", args=["camden"]) + "?round=round-b"
    trend = client.get(url).context["charts"]["trend"]
    assert [row[0] for row in trend.rows] == ["Round A", "Round B"]
    assert trend.rows[1] == ["Round B", "37.5", "50", "43.75"]

"""The ranking view: ranks with ties, CDO office only, its chart, table and CSV agree."""

import csv
import io

import pandas as pd
import pytest
from django.urls import reverse

from reports.charts import ranking as charts_ranking
from reports.charts.palette import LevelScale
from reports.frames import stats as frames_stats
from surveys.models import Assessment
from surveys.results.selectors import results_for

pytestmark = pytest.mark.django_db


def scores(*pairs) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "authority_id": range(1, len(pairs) + 1),
            "name": [name for name, _ in pairs],
            "slug": [name.lower() for name, _ in pairs],
            "overall_score": [score for _, score in pairs],
            "overall_level": pd.array([1 if s is None else 1 + int(s // 25) for _, s in pairs]),
        }
    )


def test_ranked_puts_the_highest_first_and_shares_ranks_between_equal_scores():
    frame = scores(("Brent", 50.0), ("Camden", 75.0), ("Barnet", 75.0), ("Ealing", 25.0))
    table = frames_stats.ranked(frame, "overall_score", "overall_level")
    assert list(table["name"]) == ["Barnet", "Camden", "Brent", "Ealing"]
    assert list(table["rank"]) == [1, 1, 3, 4]
    assert list(table["tied"]) == [True, True, False, False]
    # Median of 75, 75, 50, 25 is 62.5.
    assert list(table["difference"]) == [12.5, 12.5, -12.5, -37.5]


def test_ranked_leaves_out_authorities_without_a_score():
    frame = scores(("Brent", None), ("Camden", 40.0))
    frame["overall_score"] = frame["overall_score"].astype("float64")
    table = frames_stats.ranked(frame, "overall_score", "overall_level")
    assert list(table["name"]) == ["Camden"]
    assert list(table["rank"]) == [1]


def test_the_chart_labels_shared_ranks_and_colours_bars_by_level():
    scale = LevelScale.from_levels(
        type("L", (), {"number": n, "name": f"L{n}", "min_score": 0})() for n in range(1, 6)
    )
    frame = scores(("Brent", 50.0), ("Camden", 75.0), ("Barnet", 75.0))
    chart = charts_ranking.ranking_chart(
        frames_stats.ranked(frame, "overall_score", "overall_level"), scale, "Overall"
    )
    bars = chart.figure["data"][0]
    assert bars["y"] == ["1= Barnet", "1= Camden", "3 Brent"]
    assert bars["x"] == [75.0, 75.0, 50.0]
    assert bars["marker"]["color"] == [scale.colour(4), scale.colour(4), scale.colour(3)]
    assert chart.rows[0] == ["1=", "Barnet", "75", "L4", "0"]
    assert chart.figure["layout"]["shapes"][0]["x0"] == 75.0  # the median


def test_leads_never_see_the_ranking_even_when_names_are_shared(client, lead, shared_round):
    client.force_login(lead)
    assert client.get(reverse("reports:ranking")).status_code == 404
    for page in ("reports:overview", "reports:index"):
        assert reverse("reports:ranking") not in client.get(reverse(page)).content.decode()


def test_the_cdo_office_is_offered_the_ranking(client, cdo, results_round):
    client.force_login(cdo)
    for page in ("reports:overview", "reports:index"):
        assert reverse("reports:ranking") in client.get(reverse(page)).content.decode()


def test_the_cdo_office_sees_every_approved_authority_in_score_order(client, cdo, results_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:ranking"), {"round": results_round.slug})
    assert response.status_code == 200
    chart = response.context["charts"]["ranking"]
    approved = Assessment.objects.filter(round=results_round, status="approved")
    names = dict(approved.values_list("pk", "authority__name"))
    expected = sorted(
        (-round(float(result.overall_score), 2), names[result.assessment_id])
        for result in results_for(assessments=approved).assessments
    )
    assert [row[1] for row in chart.rows] == [name for _, name in expected]
    assert [float(row[2]) for row in chart.rows] == [-score for score, _ in expected]
    # The CSV has exactly the table's numbers.
    rows = list(csv.reader(io.StringIO(client.get(chart.csv_url).content.decode())))
    assert rows[0] == chart.columns
    assert rows[1:] == chart.rows


def test_an_area_ranking_uses_the_area_scores(client, cdo, results_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:ranking"), {"area": "area-1"})
    chart = response.context["charts"]["ranking"]
    assert chart.title.startswith(response.context["subject"])
    assert response.context["area_code"] == "area-1"
    scores_shown = [float(row[2]) for row in chart.rows]
    assert scores_shown == sorted(scores_shown, reverse=True)
    assert len(scores_shown) == Assessment.objects.filter(status="approved").count()


def test_a_tampered_filter_falls_back_with_an_error(client, cdo, results_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:ranking"), {"area": "<script>", "round": "%00"})
    assert response.status_code == 200
    assert response.context["area_code"] == ""
    assert "<script>" not in response.content.decode()

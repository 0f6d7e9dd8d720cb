"""Every chart's CSV download holds exactly the numbers the chart and its table show."""

import csv
import io

import pytest
from django.urls import reverse

from reports.labels import whole
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


def page_urls(round_, later=None):
    query = f"?round={round_.slug}"
    urls = [
        reverse("reports:overview") + query,
        reverse("reports:overview") + query + "&area=area-2",
        reverse("reports:authority", args=["camden"]) + query,
        reverse("reports:area", args=["area-1"]) + query,
    ]
    if later is not None:
        urls.append(reverse("reports:trends") + f"?from={round_.slug}&to={later.slug}")
    return urls


def download(client, chart):
    response = client.get(chart.csv_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("who", ["cdo", "lead"])
def test_every_csv_equals_its_charts_table(client, who, request, db):
    first = make_results_round(round_index=0, name="Round A", share=True)
    later = make_results_round(round_index=1, name="Round B", questionnaire=first.questionnaire)
    client.force_login(request.getfixturevalue(who))
    checked = 0
    for url in page_urls(first, later):
        response = client.get(url)
        assert response.status_code == 200, url
        for chart in response.context["charts"].values():
            if chart.figure is None:
                assert chart.csv_url == ""
                continue
            assert f"chart={chart.id}" in chart.csv_url
            assert chart.csv_url.split("?")[0] == url.split("?")[0]
            rows = download(client, chart)
            assert rows[0] == chart.columns
            assert rows[1:] == chart.rows, (url, chart.id)
            assert (
                f'Download this data (CSV)<span class="govuk-visually-hidden">: {chart.title}'
                in (response.content.decode())
            )
            checked += 1
    assert checked >= 10


def test_heatmap_csv_carries_the_figures_scores(client, cdo, results_round):
    client.force_login(cdo)
    chart = client.get(reverse("reports:overview")).context["charts"]["heatmap"]
    rows = download(client, chart)
    header, body = rows[0], rows[1:]
    trace = chart.figure["data"][0]
    score_columns = [i for i, name in enumerate(header) if name.endswith(" score")]
    assert [row[0] for row in body] == trace["y"]
    # The figure shows whole numbers; the CSV the stored scores they are rounded from.
    scores = [[row[i] for i in score_columns] for row in body]
    assert [[whole(float(v)) if v else "" for v in row] for row in scores] == trace["customdata"]
    assert any("." in v for row in scores for v in row)
    level_columns = [i for i, name in enumerate(header) if name.endswith(" level")]
    names = {1: "Beginning", 2: "Emerging", 3: "Learning", 4: "Developing", 5: "Mastering"}
    assert [[row[i] for i in level_columns] for row in body] == [
        [names.get(z, "") for z in row] for row in trace["z"]
    ]


def test_distribution_csv_carries_the_box_statistics(client, cdo, results_round):
    client.force_login(cdo)
    chart = client.get(reverse("reports:overview")).context["charts"]["distribution"]
    rows = download(client, chart)
    box = chart.figure["data"][0]
    assert [row[0] for row in rows[1:]] == box["x"]
    for column, key in (("Lower quartile", "q1"), ("Median", "median"), ("Upper quartile", "q3")):
        index = rows[0].index(column)
        assert [float(row[index]) for row in rows[1:]] == box[key]


def test_unknown_or_undrawn_charts_have_no_csv(client, cdo, db):
    small = make_results_round(authorities=3)
    client.force_login(cdo)
    base = reverse("reports:overview") + f"?round={small.slug}&format=csv&chart="
    assert client.get(base + "nope").status_code == 404
    assert client.get(base + "distribution").status_code == 404  # too few to draw
    assert client.get(base + "heatmap").status_code == 200

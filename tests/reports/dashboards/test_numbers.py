"""Numbers on screen are whole; CSV downloads keep the stored precision (issue 12, item 5)."""

import math
import re

import pandas as pd
import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from reports.labels import whole
from tests.reports.conftest import make_results_round

NUMERIC_CELL = re.compile(r'govuk-table__cell--numeric">([^<]*)<')


@pytest.mark.parametrize(
    ("value", "text", "signed"),
    [
        (54.37, "54", "+54"),
        (62.5, "63", "+63"),  # halves up, as the level bands read them (62.5 is level 4)
        (12.5, "13", "+13"),
        (-11.5, "-12", "-12"),  # away from zero below it
        (-0.3, "0", "0"),  # never "-0"
        (0, "0", "0"),
        (100.0, "100", "+100"),
        (None, "", ""),
        (math.nan, "", ""),
        (pd.NA, "", ""),
    ],
)
def test_whole_numbers_round_halves_away_from_zero(value, text, signed):
    assert whole(value) == text
    assert whole(value, signed=True) == signed


def test_the_template_filters_use_the_same_rule():
    template = Template("{% load numbers %}{{ a|score }}/{{ b|score_change }}/{{ c|score }}")
    assert template.render(Context({"a": 27.44, "b": -3.5, "c": None})) == "27/-4/"


@pytest.fixture
def two_rounds(db):
    first = make_results_round(round_index=0, name="Round A")
    return first, make_results_round(
        round_index=1, name="Round B", questionnaire=first.questionnaire
    )


def numeric_cells(html: str) -> list[str]:
    return NUMERIC_CELL.findall(html)


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:overview"),
        reverse("reports:authority", args=["camden"]),
        reverse("reports:area", args=["area-1"]),
        reverse("reports:trends"),
        reverse("reports:ranking"),
    ],
)
def test_tables_on_screen_show_whole_numbers(client, cdo, two_rounds, url):
    client.force_login(cdo)
    html = client.get(url).content.decode()
    cells = numeric_cells(html)
    assert cells, url
    assert all(re.fullmatch(r"[+-]?\d*", cell) for cell in cells), cells


def test_csv_downloads_keep_the_stored_precision(client, lead, two_rounds):
    client.force_login(lead)
    url = reverse("reports:authority", args=["camden"])
    page = client.get(url)
    trend = page.context["charts"]["trend"]
    # Camden's comparable scores in round A: 12.5, 62.5 and 37.5 overall; whole on screen
    # (halves up, as the level bands read them), as stored in the CSV.
    assert trend.rows[0] == ["Round A", "12.5", "62.5", "37.5"]
    assert trend.screen_rows[0] == ["Round A", "13", "63", "38"]
    html = page.content.decode()
    assert ">63</td>" in html and ">62.5<" not in html
    csv = client.get(url + "?format=csv&chart=trend").content.decode()
    assert "Round A,12.5,62.5,37.5" in csv


def test_headline_and_strengths_are_whole_and_name_the_london_median(client, lead, two_rounds):
    client.force_login(lead)
    overview = client.get(reverse("reports:overview")).content.decode()
    headline = re.search(
        r">(\S+) points: the middle half of authorities score from (\S+) to (\S+)<", overview
    )
    assert headline is not None
    assert all(re.fullmatch(r"\d+", part) for part in headline.groups()), headline.groups()
    profile = client.get(reverse("reports:authority", args=["camden"]))
    assert "against the London median of" in profile.context["charts"]["areas"].summary
    for _, rows in profile.context["strength_tables"]:
        for row in rows:
            assert re.fullmatch(r"\d+", row["score"]) and re.fullmatch(r"\d+", row["median"])
            assert re.fullmatch(r"[+-]\d+", row["difference"])


def test_the_open_data_page_shows_scores_whole():
    html = render_to_string(
        "opendata/_score.html", {"score": 62.5, "level": 4, "name": "Developing"}
    )
    assert html.startswith("63 <span") and "62.5" not in html

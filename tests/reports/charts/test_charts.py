"""Chart builders carry exactly the values of a small known frame."""

from types import SimpleNamespace

import pandas as pd
import pytest

from reports.charts import area as charts_area
from reports.charts import base as charts
from reports.charts import overview as charts_overview
from reports.charts import profile as charts_profile
from reports.charts import trends as charts_trends
from reports.charts.palette import (
    DARK_TEXT,
    LEVEL_COLOURS,
    LIGHT_TEXT,
    NO_DATA_COLOUR,
    LevelScale,
)
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.frames import trends as frames_trends

NAMES = ["Beginning", "Emerging", "Learning", "Developing", "Mastering"]
BANDS = [0, 12.5, 37.5, 62.5, 87.5]


@pytest.fixture
def scale():
    return LevelScale.from_levels(
        SimpleNamespace(number=n, name=name, min_score=band)
        for n, (name, band) in enumerate(zip(NAMES, BANDS, strict=True), 1)
    )


def test_scale_uses_the_service_colours_and_the_questionnaires_names(scale):
    assert [level.colour for level in scale.levels] == list(LEVEL_COLOURS)
    assert [level.name for level in scale.levels] == NAMES
    # White text on the two darkest levels only: on level 3 (#21918c) it would fall
    # short of 4.5:1, and black text there reaches it.
    assert [level.text_colour for level in scale.levels] == [LIGHT_TEXT] * 2 + [DARK_TEXT] * 3
    assert scale.colour(None) == NO_DATA_COLOUR
    assert scale.label(3) == "3 Learning"
    assert [scale.level_for_score(s) for s in (0, 12.49, 12.5, 50, 87.5, 100, None)] == [
        1,
        1,
        2,
        3,
        5,
        5,
        None,
    ]


def test_a_three_level_scale_spans_the_same_colours():
    small = LevelScale.from_levels(
        SimpleNamespace(number=n, name=f"L{n}", min_score=0) for n in (1, 2, 3)
    )
    assert small.levels[0].colour == "rgb(68, 1, 84)"  # #440154
    assert small.levels[-1].colour == "rgb(253, 231, 37)"  # #fde725


def test_describe_gives_quartiles_and_hides_them_below_the_minimum():
    stats = frames_stats.describe(pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, None]), 5)
    assert stats == {
        "authorities": 5,
        "lowest": 10.0,
        "q1": 20.0,
        "median": 30.0,
        "q3": 40.0,
        "highest": 50.0,
    }
    too_few = frames_stats.describe(pd.Series([10.0, 20.0, 30.0, 40.0]), 5)
    assert too_few["authorities"] == 4
    assert too_few["median"] is None


def test_heatmap_carries_levels_as_colour_and_scores_as_text(scale):
    scores = pd.DataFrame(
        {"a": [25.0, 100.0], "b": [50.0, None], "overall": [37.5, 100.0]},
        index=["Camden", "Hackney"],
    )
    levels = pd.DataFrame(
        {"a": [2, 5], "b": [3, None], "overall": [3, 5]}, index=["Camden", "Hackney"]
    ).astype("Float64")
    area_list = pd.DataFrame({"area_code": ["a", "b"], "area_name": ["Data", "Security"]})
    chart = charts_overview.heatmap_chart(scores, levels, area_list, scale)
    trace = chart.figure["data"][0]
    assert trace["z"] == [[2, 3, 3], [5, None, 5]]
    # Whole numbers on screen (37.5 -> 38); the table's CSV keeps 37.5.
    assert trace["customdata"] == [["25", "50", "38"], ["100", "", "100"]]
    # Each score in the text colour of its level: white on level 2, black on 3 and 5.
    white, black = "<span style='color:#ffffff'>{}</span>", "<span style='color:#0b0c0c'>{}</span>"
    assert trace["text"] == [
        [white.format("25"), black.format("50"), black.format("38")],
        [black.format("100"), "", black.format("100")],
    ]
    assert trace["y"] == ["Camden", "Hackney"]
    assert trace["x"] == ["Data", "Security", "Overall"]
    # Cell values at a fixed, readable size: plotly would otherwise shrink them to fit.
    assert trace["textfont"]["size"] >= 12
    # Narrower than names and 100 px a column, the page shows the table instead.
    assert chart.min_width == 200 + 100 * 3
    legend = [t["name"] for t in chart.figure["data"][1:]]
    assert legend == [f"{n} {name}" for n, name in enumerate(NAMES, 1)]
    assert [stop[1] for stop in trace["colorscale"][::2]] == list(LEVEL_COLOURS)
    assert chart.columns[:3] == ["Authority", "Data score", "Data level"]
    assert chart.rows[1] == ["Hackney", "100", "Mastering", "", "", "100", "Mastering"]


def test_tile_map_puts_each_authority_at_its_cell_in_its_level_colour(scale):
    tiles = pd.DataFrame(
        {
            "authority_id": [1, 2],
            "name": ["Camden", "Hackney"],
            "abbreviation": ["CMD", "HCK"],
            "grid_column": [3, 5],
            "grid_row": [2, 2],
            "score": [62.5, None],
            "level": pd.array([4, None], dtype="Int64"),
        }
    )
    chart = charts_overview.tile_map_chart(tiles, scale, "Overall")
    grid = chart.figure["data"][0]
    # Three rows and six columns of cells; tiles where the authorities sit.
    assert len(grid["z"]) == 3 and len(grid["z"][0]) == 6
    assert grid["z"][2][3] == 4  # Camden: level 4
    assert grid["z"][2][5] == charts_overview.NO_DATA_Z  # Hackney: no score
    assert grid["z"][0] == [None] * 6
    assert grid["text"][2][3] == "<span style='color:#0b0c0c'><b>CMD</b><br>63</span>"
    assert grid["text"][2][5] == "<span style='color:#0b0c0c'><b>HCK</b><br>–</span>"
    assert grid["customdata"][2][3] == "Camden: 63 (Developing)"
    colours = [stop[1] for stop in grid["colorscale"][::2]]
    assert colours == [NO_DATA_COLOUR, *LEVEL_COLOURS]
    assert (grid["zmin"], grid["zmax"]) == (-0.5, 5.5)
    legend = [trace["name"] for trace in chart.figure["data"][1:]]
    assert legend == [f"{n} {name}" for n, name in enumerate(NAMES, 1)] + ["No data"]
    assert chart.rows == [["Camden", "CMD", "62.5", "Developing"], ["Hackney", "HCK", "", ""]]


def test_distribution_sends_only_summary_statistics(scale):
    stats = pd.DataFrame(
        {
            "area_code": ["a", "overall"],
            "area_name": ["Data", "Overall"],
            "authorities": [6, 6],
            "lowest": [10.0, 20.0],
            "q1": [20.0, 30.0],
            "median": [30.0, 40.0],
            "q3": [40.0, 50.0],
            "highest": [50.0, 60.0],
        }
    )
    own = pd.DataFrame({"area_name": ["Data", "Overall"], "score": [45.0, 55.0]})
    chart = charts_overview.distribution_chart(stats, own, "Camden", 5)
    box = chart.figure["data"][0]
    assert (box["q1"], box["median"], box["q3"]) == ([20, 30], [30, 40], [40, 50])
    assert (box["lowerfence"], box["upperfence"]) == ([10, 20], [50, 60])
    assert "y" not in box  # never the individual scores
    assert chart.figure["data"][1]["y"] == [45, 55]
    assert chart.rows[0] == ["Data", "6", "10", "20", "30", "40", "50", "45"]


def test_distribution_with_too_few_authorities_is_not_drawn(scale):
    stats = pd.DataFrame(
        {
            "area_code": ["overall"],
            "area_name": ["Overall"],
            "authorities": [4],
            "lowest": [None],
            "q1": [None],
            "median": [None],
            "q3": [None],
            "highest": [None],
        }
    )
    chart = charts_overview.distribution_chart(stats, None, "", 5)
    assert chart.figure is None
    assert "Too few authorities to compare" in chart.empty_message


def test_group_medians_leave_out_small_groups():
    overall = pd.DataFrame(
        {"authority_id": range(1, 8), "overall_score": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]}
    )
    areas = pd.DataFrame(
        {
            "authority_id": range(1, 8),
            "area_code": ["a"] * 7,
            "score": [5.0, 15, 25, 35, 45, 55, 65],
        }
    )
    area_list = pd.DataFrame({"area_code": ["a"], "area_name": ["Data"]})
    groups = {"London": set(range(1, 8)), "Small": {1, 2}}
    medians = frames_stats.group_medians(overall, areas, area_list, groups, 5)
    assert medians.loc[0, "a"] == 35.0 and medians.loc[0, "overall"] == 40.0
    assert pd.isna(medians.loc[1, "overall"])
    chart = charts_overview.group_medians_chart(medians, {"a": "Data", "overall": "Overall"}, 5)
    assert [trace["y"] for trace in chart.figure["data"]] == [[35, 40]]
    assert chart.notes == ["Too few authorities to compare: Small."]


def test_level_distribution_stacks_counts_per_level(scale):
    questions = pd.DataFrame(
        {
            "assessment_id": [1, 2, 3, 4],
            "question_code": ["q1"] * 4,
            "level": pd.array([2, 2, 5, None], dtype="Int64"),
            "not_applicable": [False, False, False, True],
            "score": [25.0, 25.0, 100.0, None],
        }
    )
    question_list = pd.DataFrame({"question_code": ["q1"], "question_text": ["Is it?"]})
    counts = frames_stats.level_counts(questions, question_list, scale.numbers)
    counts["label"] = counts["question_code"]
    chart = charts_area.level_distribution_chart(counts, scale, "N/A", "Data", 4)
    xs = {trace["name"]: trace["x"] for trace in chart.figure["data"]}
    assert xs["2 Emerging"] == [2] and xs["5 Mastering"] == [1] and xs["1 Beginning"] == [0]
    assert xs["N/A"] == [1] and xs["Not answered"] == [0]
    assert chart.rows == [["q1", "Is it?", "q1", "0", "2", "0", "0", "1", "1", "0"]]


def test_profile_areas_chart_orders_areas_and_shows_benchmarks(scale):
    frame = pd.DataFrame(
        {
            "area_code": ["a", "b", "overall"],
            "area_name": ["Data", "Security", "Overall"],
            "score": [75.0, 25.0, 50.0],
            "level": pd.array([4, 2, 3], dtype="Float64"),
            "London median": [50.0, 50.0, 50.0],
        }
    )
    chart = charts_profile.areas_chart(frame, "Camden", ["London median"], scale)
    layout = chart.figure["layout"]
    assert layout["xaxis"]["categoryarray"] == ["Data", "Security", "Overall"]
    bars = {t["name"]: (t["x"], t["y"]) for t in chart.figure["data"] if t["type"] == "bar"}
    assert bars["Camden: 4 Developing"] == (["Data"], [75])
    assert bars["Camden: 2 Emerging"] == (["Security"], [25])
    assert chart.figure["data"][-1]["y"] == [50, 50, 50]
    assert "Camden scores 50 overall against the London median of 50" in chart.summary


def test_strengths_and_gaps_are_furthest_from_the_median():
    frame = pd.DataFrame(
        {
            "label": ["q1", "q2", "q3", "q4"],
            "question_text": ["", "", "", ""],
            "score": [100.0, 25.0, 50.0, None],
            "median": [50.0, 75.0, 50.0, 50.0],
        }
    )
    strengths, gaps = charts_profile.strengths_and_gaps(frame)
    assert [(r["label"], r["difference"]) for r in strengths] == [("q1", 50.0)]
    assert [(r["label"], r["difference"]) for r in gaps] == [("q2", -50.0)]


def test_slope_chart_focuses_on_one_authority_against_london():
    frame = pd.DataFrame(
        {
            "name": ["Camden", "Hackney", "Islington", "London median"],
            "from_score": [40.0, 60.0, 30.0, 50.0],
            "to_score": [55.0, 50.0, 31.0, 52.5],
        }
    )
    frame["change"] = frame["to_score"] - frame["from_score"]
    band = [(35.0, 55.0), (40.0, 53.0)]
    chart = charts_trends.slope_chart(frame, "2024", "2025", highlight="Camden", band=band)
    traces = {t["name"]: t for t in chart.figure["data"]}
    # The chosen authority and the London median, each in its own colour, over the band
    # of London's middle half; every other authority a faint grey line.
    assert traces["Camden"]["y"] == [40, 55]
    assert traces["Camden"]["line"]["color"] == charts_trends.HIGHLIGHT_COLOUR
    assert traces["London median"]["y"] == [50, 52.5]
    assert traces["London median"]["line"]["color"] == charts_trends.MEDIAN_COLOUR
    grey = traces["Other authorities (2)"]
    assert grey["y"] == [60, 50, None, 30, 31, None]
    assert grey["line"]["color"] == charts_trends.OTHERS_COLOUR
    middle = next(t for t in chart.figure["data"] if t.get("fill") == "toself")
    assert middle["y"] == [35, 40, 53, 55, 35]
    # Readable without hover: each focus line is named, with its score, at its end.
    labels = [(a["x"], a["text"]) for a in chart.figure["layout"]["annotations"]]
    assert ("2025", "Camden 55") in labels and ("2025", "London median 53") in labels
    assert ("2024", "40") in labels and ("2024", "50") in labels
    assert "Camden: up 15 points since 2024, from 40 to 55." in chart.summary
    assert chart.rows[0] == ["Camden", "40", "55", "15"]
    assert chart.rows[-2:] == [
        ["London lower quartile", "35", "40", "5"],
        ["London upper quartile", "55", "53", "-2"],
    ]


def test_close_end_labels_are_pushed_apart():
    labels = charts_trends.end_labels([("A", 40.0, 54.0), ("B", 60.0, 55.0)], "x", "y")
    shifts = {a["text"]: a["yshift"] for a in labels}
    assert shifts["A 54"] < 0 < shifts["B 55"]
    assert shifts["40"] == shifts["60"] == 0


def test_comparable_scores_use_only_shared_questions():
    questions = pd.DataFrame(
        {
            "assessment_id": [1, 1, 1, 2],
            "questionnaire_id": [9, 9, 9, 9],
            "question_code": ["q1", "q2", "new", "q1"],
            "area_code": ["a", "a", "a", "a"],
            "score": [100.0, 50.0, 0.0, None],
        }
    )
    structure = (
        [{"questionnaire_id": 9, "code": "a", "name": "A", "order": 1, "weight": 1}],
        [
            {
                "questionnaire_id": 9,
                "code": code,
                "area__code": "a",
                "weight": weight,
                "kind": "maturity",
                "scored": True,
            }
            for code, weight in (("q1", 1), ("q2", 3), ("new", 1))
        ],
    )
    question_weights, area_weights = frames.weight_frames(*structure)
    sums = frames_trends.question_sums(questions, question_weights, {"q1", "q2"})
    expected = frames_trends.expected_areas(question_weights, area_weights, {"q1", "q2"}, {"a"})
    assessments = pd.DataFrame({"assessment_id": [1, 2], "questionnaire_id": [9, 9]})
    areas, overall = frames_trends.comparable_scores(sums, expected, assessments)
    assert areas["score"].tolist()[0] == 62.5  # (100 + 3 x 50) / 4, without "new"
    assert pd.isna(areas["score"].tolist()[1])  # assessment 2 answered nothing comparable
    assert overall["score"].tolist()[0] == 62.5
    assert pd.isna(overall["score"].tolist()[1])


def test_question_levels_read_back_from_frozen_scores(scale):
    questions = pd.DataFrame(
        {"kind": ["maturity", "maturity", "yes_no", "yes_no", "maturity"]},
    )
    questions["score"] = [0.0, 75.0, 100.0, 0.0, None]
    assert frames.question_levels(questions, scale).tolist() == [1, 4, 5, 1, pd.NA]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "\rx"])
def test_csv_neutralises_formulas_but_keeps_numbers(text):
    assert charts.csv_safe(text) == "'" + text
    assert charts.csv_safe(-1.5) == "-1.5"  # a number, written as the table shows it
    assert charts.csv_safe(50.0) == "50"
    assert charts.csv_safe(float("nan")) == ""


def test_csv_response_is_the_table():
    chart = charts.Chart(
        id="x",
        title="T",
        summary="",
        table=pd.DataFrame({"Authority": ["=evil", "Camden"], "Score": [1.5, None]}),
        figure={"data": []},
    )
    response = charts.csv_response(chart, "x.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == "Authority,Score\n'=evil,1.5\nCamden,\n"

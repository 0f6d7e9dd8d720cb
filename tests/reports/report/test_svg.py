"""The areas chart as static SVG: drawn from the profile's own plotly figure, with a title,
a description and every label as text."""

import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring

from reports.charts.palette import GROUP_COLOURS, LevelScale
from reports.charts.profile import areas_chart
from reports.frames import tables
from reports.report import svg

SVG = "{http://www.w3.org/2000/svg}"


class _Level:
    def __init__(self, number, name, min_score):
        self.number, self.name, self.min_score = number, name, min_score


SCALE = LevelScale.from_levels(
    _Level(n, name, s)
    for n, name, s in [
        (1, "Emerging", 0),
        (2, "Aware", 20),
        (3, "Learning", 40),
        (4, "Good", 60),
        (5, "Best", 80),
    ]
)


def _chart(benchmarks=("London median", "Inner London median")):
    frame = tables.table(
        {
            "area_code": ["data", "security", "overall"],
            "area_name": ["Data", "Security", "Overall"],
            "score": [72.5, None, 41.0],
            "level": [4.0, None, 3.0],
        }
    )
    frame["level"] = frame["level"].astype("Float64")
    for index, column in enumerate(benchmarks):
        frame[column] = [50.0 + index, 30.0, 45.0]
    return areas_chart(frame, "Camden", list(benchmarks), SCALE)


def _tree(chart) -> ET.Element:
    geometry = svg.area_bars(chart.figure, chart_id="c", title="Areas", description=chart.summary)
    return fromstring(svg.render(geometry))


def test_the_svg_has_a_title_a_description_and_names_them():
    chart = _chart()
    root = _tree(chart)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Areas"
    assert root.find(f"{SVG}desc").text == chart.summary
    assert root.get("aria-labelledby") == "c-title c-desc"


def test_every_label_and_score_is_text():
    texts = [t.text for t in _tree(_chart()).iter(f"{SVG}text")]
    for label in ("Data", "Security", "Overall", "London median", "Inner London median"):
        assert label in texts
    assert "73" in texts and "41" in texts  # whole, halves up: the pages' rule
    assert "No score" in texts  # an area without a score says so
    assert "Camden: 4 Good" in texts  # the level's legend entry


def test_bars_are_as_long_as_their_scores_and_coloured_by_level():
    root = _tree(_chart())
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") == str(svg.BAR)]
    widths = sorted(float(bar.get("width")) for bar in bars)
    span = svg.PLOT_RIGHT - svg.PLOT_LEFT
    assert widths == pytest.approx([span * 0.41, span * 0.725], abs=0.1)
    assert {bar.get("fill") for bar in bars} == {SCALE.colour(3), SCALE.colour(4)}


def test_each_median_has_a_marker_in_each_area_with_its_colours():
    root = _tree(_chart())
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "ldm-report-chart__row"]
    assert len(rows) == 3
    for row in rows:
        markers = row.findall(f"{SVG}path")
        assert len(markers) == 2
        assert markers[0].get("stroke") == GROUP_COLOURS[1]  # London's tick, as on screen


def test_no_medians_no_markers():
    root = _tree(_chart(benchmarks=()))
    assert not [
        p
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "ldm-report-chart__row"
        for p in g.iter(f"{SVG}path")
    ]


def test_text_is_escaped():
    chart = _chart()
    geometry = svg.area_bars(chart.figure, chart_id="c", title="<b>&", description="x")
    assert "<b>&" not in svg.render(geometry)
    assert fromstring(svg.render(geometry)).find(f"{SVG}title").text == "<b>&"

"""Static SVG charts for the leadership report, drawn on the server from the same plotly
figures the dashboards draw in the browser (no browser, no kaleido).

``area_bars`` reads the figure of ``reports.charts.profile.areas_figure`` (bars of the
authority's score per area, coloured by level; one marker trace per median) and lays it
out as a horizontal bar chart with a marker for each median. The geometry is worked out
here; the markup is the template ``reports/report/_bar_chart.svg`` (real ``<text>`` for
every label, a ``<title>`` and a ``<desc>``), so nothing here builds SVG as a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string

from reports.charts.base import GRID_COLOUR, screen_text
from reports.charts.palette import DARK_TEXT

WIDTH = 640
LABEL_WIDTH = 190  # the area names, right-aligned against the plot
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - 30
ROW = 40
BAR = 22
LEGEND_ROW = 22
MARKER = 7  # half the size of a median's marker
TICKS = (0, 25, 50, 75, 100)
# How plotly's symbol names (reports.charts.profile.BENCHMARK_SYMBOLS) are drawn here, on
# a horizontal chart: the London median's horizontal line becomes an upright tick.
SHAPES = {
    "line-ew": "tick",
    "line-ns": "tick",
    "diamond": "diamond",
    "circle": "circle",
    "triangle-up": "triangle",
    "square": "square",
    "x": "cross",
}


@dataclass
class Marker:
    path: str
    fill: str
    stroke: str
    stroke_width: float


@dataclass
class LegendItem:
    label: str
    y: float
    swatch: dict | None = None  # x, y, width, height, colour: a level's colour
    marker: Marker | None = None


@dataclass
class Row:
    label: str
    y: float  # the row's middle
    bar: dict | None = None  # x, y, width, height, colour
    value: dict | None = None  # text, x, colour, anchor
    markers: list[Marker] = field(default_factory=list)


def _x(score: float) -> float:
    score = min(max(float(score), 0.0), 100.0)
    return round(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * score / 100, 1)


def shape_path(shape: str, cx: float, cy: float, size: float = MARKER, tick=BAR / 2 + 4) -> str:
    """An SVG path's ``d`` for a marker of ``shape`` centred on (cx, cy); a tick is
    ``tick`` long either side (across a bar, or shorter in the legend)."""
    s = size
    if shape == "tick":
        return f"M{cx} {cy - tick}V{cy + tick}"
    if shape == "diamond":
        return f"M{cx} {cy - s}L{cx + s} {cy}L{cx} {cy + s}L{cx - s} {cy}Z"
    if shape == "triangle":
        return f"M{cx} {cy - s}L{cx + s} {cy + s}L{cx - s} {cy + s}Z"
    if shape == "square":
        return f"M{cx - s} {cy - s}H{cx + s}V{cy + s}H{cx - s}Z"
    if shape == "cross":
        return f"M{cx - s} {cy - s}L{cx + s} {cy + s}M{cx + s} {cy - s}L{cx - s} {cy + s}"
    return f"M{cx - s} {cy}a{s} {s} 0 1 0 {2 * s} 0a{s} {s} 0 1 0 {-2 * s} 0Z"  # circle


def _marker(trace: dict, cx: float, cy: float, tick=BAR / 2 + 4) -> Marker:
    style = trace.get("marker") or {}
    shape = SHAPES.get(style.get("symbol", "circle"), "circle")
    line = style.get("line") or {}
    colour = style.get("color", DARK_TEXT)
    if shape in ("tick", "cross"):  # strokes only
        return Marker(shape_path(shape, cx, cy, tick=tick), "none", line.get("color", colour), 3)
    return Marker(shape_path(shape, cx, cy), colour, line.get("color", DARK_TEXT), 1)


def _categories(figure: dict) -> list[str]:
    axis = (figure.get("layout") or {}).get("xaxis") or {}
    if axis.get("categoryarray"):
        return [str(c) for c in axis["categoryarray"]]
    names: list[str] = []
    for trace in figure["data"]:
        names += [str(x) for x in trace.get("x") or [] if str(x) not in names]
    return names


def area_bars(figure: dict, *, chart_id: str, title: str, description: str) -> dict:
    """The geometry of the areas figure as a horizontal bar chart (see the module)."""
    categories = _categories(figure)
    bars = [t for t in figure["data"] if t.get("type") == "bar"]
    medians = [
        t
        for t in figure["data"]
        if t.get("type") == "scatter" and t.get("showlegend", True) is not False
    ]
    legend: list[LegendItem] = []
    y = 16.0
    for trace in bars:
        colour = (trace.get("marker") or {}).get("color", DARK_TEXT)
        swatch = {"x": 0, "y": y - 8, "width": 16, "height": 12, "colour": colour}
        legend.append(LegendItem(str(trace.get("name", "")), y, swatch=swatch))
        y += LEGEND_ROW
    for trace in medians:
        legend.append(
            LegendItem(str(trace.get("name", "")), y, marker=_marker(trace, 8, y - 4, tick=MARKER))
        )
        y += LEGEND_ROW
    top = y + 10
    rows = []
    for index, category in enumerate(categories):
        middle = top + index * ROW + ROW / 2
        row = Row(label=category, y=middle)
        for trace in bars:
            for score, text_colour in _points(trace, category):
                end = _x(score)
                colour = (trace.get("marker") or {}).get("color", DARK_TEXT)
                row.bar = {
                    "x": PLOT_LEFT,
                    "y": middle - BAR / 2,
                    "width": round(end - PLOT_LEFT, 1),
                    "height": BAR,
                    "colour": colour,
                }
                inside = end - PLOT_LEFT > 30
                row.value = {
                    "text": screen_text(score),
                    "x": PLOT_LEFT + 6 if inside else end + 4,
                    "colour": text_colour if inside else DARK_TEXT,
                }
        if row.value is None:
            row.value = {"text": "No score", "x": PLOT_LEFT + 6, "colour": DARK_TEXT}
        for trace in medians:
            for score, _ in _points(trace, category):
                row.markers.append(_marker(trace, _x(score), middle))
        rows.append(row)
    bottom = top + ROW * len(categories)
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": round(bottom + 40),
        "legend": legend,
        "rows": rows,
        "plot": {"left": PLOT_LEFT, "right": PLOT_RIGHT, "top": top, "bottom": bottom},
        "ticks": [{"x": _x(t), "label": str(t)} for t in TICKS],
        "label_x": PLOT_LEFT - 10,
        "tick_label_y": bottom + 16,
        "axis_title_x": (PLOT_LEFT + PLOT_RIGHT) / 2,
        "axis_title_y": bottom + 36,
        "grid_colour": GRID_COLOUR,
        "text_colour": DARK_TEXT,
    }


def _points(trace: dict, category: str):
    """``(score, text colour)`` of the trace's points on ``category``."""
    text_colour = (trace.get("textfont") or {}).get("color", DARK_TEXT)
    for x, score in zip(trace.get("x") or [], trace.get("y") or [], strict=False):
        if str(x) == category and score is not None and score == score:
            yield float(score), text_colour


def render(geometry: dict) -> str:
    """The chart as an inline ``<svg>`` element (escaped by the template)."""
    return render_to_string("reports/report/_bar_chart.svg", {"chart": geometry})

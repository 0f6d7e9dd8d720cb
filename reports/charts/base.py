"""What every chart has in common: the ``Chart`` a page shows, layout, CSV.

A chart builder takes a pandas frame and returns a plotly figure; the ``*_chart``
functions in ``reports.charts.*`` wrap one figure with its data table, a short
text summary and its CSV. The table and the CSV are the same frame, and the
figure is drawn from it, so all three always carry the same numbers.
"""

import csv
import io
import math
from dataclasses import dataclass, field

import plotly.graph_objects as go
from _plotly_utils.utils import convert_to_base64
from django.http import HttpResponse

from reports.charts.palette import DARK_TEXT, GROUP_COLOURS, NO_DATA_COLOUR, NO_DATA_LABEL
from reports.exports.csv_safety import neutralise
from reports.frames.tables import NA, Frame, NaT, empty_table, is_numeric
from reports.labels import whole

# The trace types the served plotly.js draws: static/build/plotly.min.js is a partial
# bundle (npm plotly.js-cartesian-dist-min, scripts/build-assets.mjs), so a figure of any
# other type would not draw. The README's "Adding a chart type" says how to add one.
BUNDLED_TRACE_TYPES = frozenset({"bar", "box", "heatmap", "scatter"})
# Validation checks every property name and value against plotly's schema. It
# costs time on big figures, so it is off when serving; tests turn it on.
VALIDATE = False

FONT_FAMILY = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Helvetica, Arial, sans-serif'
)
TEXT_COLOUR = DARK_TEXT
GRID_COLOUR = "#b1b4b6"
NEUTRAL_COLOUR = "#505a5f"
LIGHT_NEUTRAL = "#cecece"
# Hover values on a score axis, in d3's format: whole numbers, halves away from zero, as
# ``reports.labels.whole`` writes every number on the charts (scores are stored to 2
# decimal places, so the only ties are exact halves, which both round the same way).
WHOLE_HOVER = ".0f"
# Passed to Plotly.newPlot with every figure (the static script reads it).
CONFIG = {"displayModeBar": False, "responsive": True, "displaylogo": False}
# A small template instead of plotly's default one, which adds kilobytes to every page.
BASE_LAYOUT = {
    # Non-empty, so plotly.py never swaps in its default template.
    "template": {"layout": {"colorway": list(GROUP_COLOURS)}},
    "font": {"family": FONT_FAMILY, "size": 14, "color": TEXT_COLOUR},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
    "hoverlabel": {"font": {"family": FONT_FAMILY}},
    # Above the plot, where it never collides with an axis title.
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "traceorder": "normal"},
}


@dataclass
class Chart:
    """One figure on a page, with the same numbers as a table and as CSV.

    ``figure`` is None when there is nothing to draw (e.g. too few authorities);
    ``empty_message`` then says why, and the table is empty. ``min_width`` (CSS pixels)
    is the narrowest a chart can be read at: on a narrower screen the page shows its
    table instead (static/js/charts.js draws it only when there is room).
    """

    id: str
    title: str
    summary: str
    table: Frame
    figure: dict | None = None
    empty_message: str = ""
    notes: list[str] = field(default_factory=list)
    csv_url: str = ""
    min_width: int = 0

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.table.columns]

    @property
    def rows(self) -> list[list[str]]:
        """Table cells as text: numbers exactly as in the CSV, empty for no value."""
        columns = [column_texts(self.table[c]) for c in self.table.columns]
        return [list(row) for row in zip(*columns, strict=True)]

    @property
    def screen_rows(self) -> list[list[str]]:
        """Table cells as the page shows them: numbers whole (``reports.labels.whole``)."""
        columns = [screen_texts(self.table[c]) for c in self.table.columns]
        return [list(row) for row in zip(*columns, strict=True)]

    @property
    def numeric_columns(self) -> list[bool]:
        return [is_numeric(self.table[c]) for c in self.table.columns]

    @property
    def json_id(self) -> str:
        return f"chart-data-{self.id}"

    @property
    def figure_json(self) -> dict | None:
        """The figure with its plotly config, for ``json_script``."""
        if self.figure is None:
            return None
        return {**self.figure, "config": CONFIG}


def is_missing(value) -> bool:
    if value is None or value is NA or value is NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def number(value):
    """A plain Python number (or None) from a pandas/numpy scalar, for JSON."""
    if is_missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return value


def _clean(value):
    # NaN is the only value not equal to itself.
    return None if value is None or value is NA or value != value else value


def values(series) -> list:
    """A column as a JSON-safe list (NaN -> None, numpy -> Python), vectorised."""
    items = series.tolist() if hasattr(series, "tolist") else list(series)
    return [_clean(v) for v in items]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def cell_text(value) -> str:
    """A number or text as the CSV holds it: up to 2 decimals, empty for no value."""
    return _text(_clean(number(value)) if not isinstance(value, float | str) else _clean(value))


def column_texts(series) -> list[str]:
    """``cell_text`` of a whole column."""
    return [_text(v) for v in values(series)]


def screen_text(value) -> str:
    """A number as a chart or a table on screen shows it: whole ("54" for 54.37); text as
    it is; empty for no value. The service's one rule, ``reports.labels.whole``."""
    if isinstance(value, str):
        return value
    return whole(_clean(number(value)))


def screen_texts(series) -> list[str]:
    """``screen_text`` of a whole column."""
    return [whole(v) if not isinstance(v, str) else v for v in values(series)]


def text_on_level(text: str, level, scale) -> str:
    """``text`` for a chart cell filled with ``level``'s colour, in the scale's text colour
    for that level (at least 4.5:1 on it). Plotly's own choice of white or black for
    heat-map text puts white on the middle level, which falls short."""
    if not text:
        return text
    colour = scale.text_colour(None if is_missing(level) else level)
    return f"<span style='color:{colour}'>{text}</span>"


def level_names(scale, levels) -> list[str]:
    """A column of level numbers as a table shows them: each level's name, empty for none."""
    return [scale.name(v) if not is_missing(v) else "" for v in levels]


def by_level(frame: Frame, scale):
    """``(level, rows)`` for each level of the scale that rows of ``frame`` are at."""
    for level in scale.levels:
        part = frame[frame["level"] == level.number]
        if len(part):
            yield level, part


def score_text(value) -> str:
    """A score for labels and summaries, whole ("53" for 52.5), or "no score"."""
    text = screen_text(value)
    return text if text else "no score"


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A plotly figure with the service's layout defaults under ``layout``.

    Raises ValueError for a trace type the served plotly.js cannot draw
    (``BUNDLED_TRACE_TYPES``)."""
    unbundled = {trace.get("type", "scatter") for trace in data} - BUNDLED_TRACE_TYPES
    if unbundled:
        raise ValueError(
            f"plotly.js as served cannot draw {', '.join(sorted(unbundled))} traces: see "
            "'Adding a chart type' in the README"
        )
    merged = {**BASE_LAYOUT, **layout}
    for key in ("font", "margin", "legend"):
        if key in layout:
            merged[key] = {**BASE_LAYOUT[key], **layout[key]}
    return go.Figure(data=data, layout=merged, _validate=VALIDATE)


def make_chart(
    *, id: str, title: str, summary: str, table: Frame, fig: go.Figure | None, **kwargs
) -> Chart:
    return Chart(
        id=id,
        title=title,
        summary=summary,
        table=table,
        figure=figure_json(fig) if fig is not None else None,
        **kwargs,
    )


def figure_json(fig: go.Figure) -> dict:
    """What ``fig.to_plotly_json()`` gives, without its deep copy of every trace and of
    the layout: a figure is built for one chart and dropped once this is taken, and the
    copy was a tenth of a national heat map page's time. Numpy arrays are encoded as
    plotly does (``convert_to_base64``); a test compares with ``to_plotly_json``."""
    result = {"data": fig._data, "layout": fig._layout}  # noqa: SLF001 - see above
    convert_to_base64(result)
    return result


def empty_chart(*, id: str, title: str, message: str, columns: list[str]) -> Chart:
    """A chart that cannot be drawn; the page says why instead."""
    return Chart(
        id=id,
        title=title,
        summary=message,
        table=empty_table(columns),
        empty_message=message,
    )


def csv_safe(value):
    """A CSV cell: numbers stay numbers; text that looks like a formula is neutralised."""
    if is_missing(value):
        return ""
    value = number(value)
    if isinstance(value, str):
        return neutralise(value)  # the exports' rule (reports.exports.csv_safety)
    if isinstance(value, float):
        return _text(value)  # as the table shows it: 50 rather than 50.0
    return value


def csv_response(chart: Chart, filename: str) -> HttpResponse:
    """The chart's table as a CSV download: exactly the numbers the chart shows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_safe(c) for c in chart.columns])
    for row in chart.table.itertuples(index=False):
        writer.writerow([csv_safe(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def level_legend_traces(scale, numbers=None, *, kind: str = "scatter") -> list[dict]:
    """Invisible traces that put each level's colour and name in the legend."""
    traces = []
    for level in scale.levels:
        if numbers is not None and level.number not in numbers:
            continue
        trace = {
            "type": kind,
            "x": [None],
            "y": [None],
            "name": f"{level.number} {level.name}",
            "showlegend": True,
            "hoverinfo": "skip",
        }
        if kind == "scatter":
            trace |= {
                "mode": "markers",
                "marker": {"color": level.colour, "symbol": "square", "size": 14},
            }
        else:
            trace |= {"marker": {"color": level.colour}}
        traces.append(trace)
    return traces


def no_data_legend_trace() -> dict:
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [None],
        "y": [None],
        "name": NO_DATA_LABEL,
        "marker": {
            "color": NO_DATA_COLOUR,
            "symbol": "square",
            "size": 14,
            "line": {"width": 1, "color": GRID_COLOUR},
        },
        "hoverinfo": "skip",
    }

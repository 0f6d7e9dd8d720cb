"""Charts of the trends page: change between two rounds, London medians over time."""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, score_text, values
from reports.charts.palette import GROUP_COLOURS
from reports.charts.profile import trend_figure
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import LONDON_MEDIAN, TOO_FEW_MESSAGE, plural, whole

DIRECTIONS = (
    ("Higher", GROUP_COLOURS[0], "solid"),
    ("Lower", GROUP_COLOURS[2], "dash"),
    ("No change", charts.NEUTRAL_COLOUR, "dot"),
)


def direction(change) -> str:
    if change > 0:
        return "Higher"
    if change < 0:
        return "Lower"
    return "No change"


def slope_figure(frame: Frame, from_label: str, to_label: str):
    """A slope chart: each row's score in the first round joined to its score in the second.

    ``frame``: ``name``, ``from_score``, ``to_score``, ``change``; a row named
    "London median" is drawn thick and black. Authorities going up, down and
    staying level are separate traces (colour and dash), so the legend explains them.
    """
    data = []
    others = frame[frame["name"] != LONDON_MEDIAN]
    for label, colour, dash in DIRECTIONS:
        part = others[[direction(c) == label for c in others["change"]]]
        if not len(part):
            continue
        x, y, text = [], [], []
        for row in part.itertuples(index=False):
            x += [from_label, to_label, None]
            y += [charts.number(row.from_score), charts.number(row.to_score), None]
            text += [row.name, row.name, None]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"{label} ({len(part)})",
                "x": x,
                "y": y,
                "text": text,
                "line": {"color": colour, "width": 2, "dash": dash},
                "marker": {"size": 7},
                "hovertemplate": "%{text}<br>%{x}: %{y}<extra></extra>",
            }
        )
    london = frame[frame["name"] == LONDON_MEDIAN]
    if len(london):
        row = london.iloc[0]
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": LONDON_MEDIAN,
                "x": [from_label, to_label],
                "y": [charts.number(row["from_score"]), charts.number(row["to_score"])],
                "line": {"color": charts.TEXT_COLOUR, "width": 6},
                "marker": {"size": 12},
                "hovertemplate": LONDON_MEDIAN + "<br>%{x}: %{y}<extra></extra>",
            }
        )
    return figure(
        data,
        {
            "height": 520,
            "xaxis": {"type": "category", "fixedrange": True},
            "yaxis": {
                "range": [0, 100],
                "title": {"text": "Comparable overall score"},
                "hoverformat": charts.WHOLE_HOVER,
            },
        },
    )


def change_table(frame: Frame, from_label: str, to_label: str) -> Frame:
    """The table of a change between two rounds: each row's two scores and the change."""
    return tables.table(
        {
            "Authority": list(frame["name"]),
            from_label: values(frame["from_score"]),
            to_label: values(frame["to_score"]),
            "Change": values(frame["change"]),
        }
    )


def slope_chart(frame: Frame, from_label: str, to_label: str, notes=()):
    table = change_table(frame, from_label, to_label)
    others = frame[frame["name"] != LONDON_MEDIAN]
    up = int((others["change"] > 0).sum())
    down = int((others["change"] < 0).sum())
    summary = (
        f"Between {from_label} and {to_label}, {plural(up, 'authority', 'authorities')} "
        f"scored higher and {down} lower on the questions both rounds share."
    )
    london = frame[frame["name"] == LONDON_MEDIAN]
    if len(london):
        summary += (
            f" The London median went from {score_text(london['from_score'].iloc[0])} to "
            f"{score_text(london['to_score'].iloc[0])}."
        )
    return make_chart(
        id="slope",
        title=f"Change from {from_label} to {to_label}",
        summary=summary,
        table=table,
        fig=slope_figure(frame, from_label, to_label),
        notes=list(notes),
    )


def london_trend_chart(frame: Frame, notes=()):
    """London median per comparable area (and overall) in every round with results."""
    table = tables.by_round(frame)
    shown = frame.dropna(subset=["score"])
    summary = (
        f"The London median score in each area across {plural(table.shape[0], 'round')}"
        f"; a round is left out of a line when fewer than 5 authorities had approved results."
    )
    if not len(shown):
        return charts.empty_chart(
            id="london-trend",
            title="London median by area over time",
            message=f"{TOO_FEW_MESSAGE} in any round.",
            columns=list(table.columns),
        )
    return make_chart(
        id="london-trend",
        title="London median by area over time",
        summary=summary,
        table=table,
        fig=trend_figure(frame),
        notes=list(notes),
    )


def improved_figure(frame: Frame):
    """Horizontal bars of the change in comparable overall score, largest first."""
    return figure(
        [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Change",
                "y": list(frame["name"]),
                "x": values(frame["change"]),
                "text": [whole(v, signed=True) for v in values(frame["change"])],
                "textposition": "outside",
                "marker": {"color": GROUP_COLOURS[0]},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        {
            "height": 140 + 34 * max(len(frame), 1),
            "showlegend": False,
            "xaxis": {
                "title": {"text": "Change in score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
                # Room for the value labels outside the longest bar.
                "range": [0, max(values(frame["change"]) or [1]) * 1.2],
            },
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        },
    )


def improved_chart(frame: Frame, from_label: str, to_label: str):
    table = change_table(frame, from_label, to_label)
    summary = (
        f"The {plural(len(frame), 'authority', 'authorities')} whose comparable overall "
        f"score rose most between {from_label} and {to_label}: ones to ask what worked."
    )
    return make_chart(
        id="improved",
        title="Most improved",
        summary=summary,
        table=table,
        fig=improved_figure(frame),
    )

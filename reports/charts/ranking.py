"""The ranking view's chart: authorities as bars, highest score first, coloured by level."""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, values
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import plural

BAR_PX = 28  # thick enough for a 14 px score inside each bar
# Narrower than this (CSS pixels: names, then the bars), bars are too short to hold their
# scores, which then sit outside them across the median line: the page shows the table.
MIN_WIDTH_PX = 560


def ranking_figure(table: Frame, scale, median: float | None):
    """Horizontal bars, highest first, each in its level's colour, with the median marked."""
    labels = [
        f"{rank}{'=' if tied else ''} {name}"
        for rank, tied, name in zip(table["rank"], table["tied"], table["name"], strict=True)
    ]
    levels = values(table["level"])
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": values(table["score"]),
        "y": labels,
        "marker": {"color": [scale.colour(level) for level in levels]},
        "text": [charts.screen_text(score) for score in values(table["score"])],
        # Each score inside the end of its bar, in the level's text colour: clear of the
        # median line, which runs behind the bars (outside them it crossed the labels).
        # A bar too short to hold its score has it just after its end instead.
        "textposition": "auto",
        "insidetextanchor": "end",
        "textfont": {"size": 14},
        "insidetextfont": {"color": [scale.text_colour(level) for level in levels]},
        "outsidetextfont": {"color": charts.TEXT_COLOUR},
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}<extra></extra>",
        "showlegend": False,
    }
    shapes, annotations = [], []
    if median is not None:
        shapes.append(
            {
                "type": "line",
                "x0": median,
                "x1": median,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": charts.TEXT_COLOUR, "width": 2, "dash": "dash"},
                "layer": "below",  # behind the bars
            }
        )
        # The line says what it is where it starts, above the first bar.
        annotations.append(
            {
                "x": median,
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"Median {charts.screen_text(median)}",
                "showarrow": False,
                "font": {"color": charts.TEXT_COLOUR},
            }
        )
    return figure(
        [trace, *charts.level_legend_traces(scale, set(levels))],
        {
            "height": 140 + BAR_PX * max(len(labels), 1),
            "xaxis": {
                "range": [0, 108],
                "title": {"text": "Score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
            },
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "shapes": shapes,
            "annotations": annotations,
            "margin": {"t": 90},
            "legend": {"y": 1.0, "yanchor": "top", "orientation": "h", "yref": "container"},
        },
    )


def ranking_chart(table: Frame, scale, subject: str):
    """The ranking as a chart and a table: rank (``1=`` when shared), authority, score,
    level and difference from the median of the ranked authorities."""
    rows = tables.table(
        {
            "Rank": [
                # "1=" for a shared rank, as UK league tables write it (a leading "=" would
                # read as a formula in a spreadsheet, and be neutralised in the CSV).
                f"{rank}=" if tied else str(rank)
                for rank, tied in zip(table["rank"], table["tied"], strict=True)
            ],
            "Authority": list(table["name"]),
            "Score": values(table["score"]),
            "Level": [scale.name(level) for level in values(table["level"])],
            "Difference from the median": values(table["difference"]),
        }
    )
    if not len(table):
        return charts.empty_chart(
            id="ranking",
            title=f"{subject}: authorities ranked",
            message="No authority has an approved score to rank.",
            columns=list(rows.columns),
        )
    median = float(table["score"].median())
    summary = (
        f"{plural(len(table), 'authority', 'authorities')} ranked by {subject.lower()} "
        f"score, from {charts.screen_text(table['score'].iloc[0])} to "
        f"{charts.screen_text(table['score'].iloc[-1])}; the dashed line is the median, "
        f"{charts.screen_text(median)}. Equal scores share a rank, shown as 1=."
    )
    return make_chart(
        id="ranking",
        title=f"{subject}: authorities ranked",
        summary=summary,
        table=rows,
        fig=ranking_figure(table, scale, median),
        min_width=MIN_WIDTH_PX,
    )

"""Charts of an authority's profile: areas and questions against London, and its trend."""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, score_text, screen_text, values
from reports.charts.palette import GROUP_COLOURS
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import LONDON_MEDIAN, OVERALL, plural

BENCHMARK_SYMBOLS = ("line-ew", "diamond", "circle", "triangle-up", "square", "x")
QUESTION_ROW_PX = 34
DASHES = ("dot", "dash", "dashdot", "longdash")


def level_bar_traces(frame: Frame, scale, *, x: str, y: str, name: str, orientation="v"):
    """One bar trace per level present, so each bar has its level's colour and the
    legend names the levels."""
    traces = []
    for level, part in charts.by_level(frame, scale):
        traces.append(
            {
                "type": "bar",
                "orientation": orientation,
                "name": f"{name}: {level.number} {level.name}",
                "x": values(part[x]),
                "y": values(part[y]),
                "marker": {"color": level.colour},
                "text": [screen_text(v) for v in part["score"]],
                "textposition": "inside",
                # At the foot of the bar, clear of the median markers near its top.
                "insidetextanchor": "start",
                "textfont": {"color": level.text_colour},
            }
        )
    return traces


def areas_figure(frame: Frame, name: str, benchmarks: list[str], scale):
    """The authority's area scores as bars (colour = level), benchmarks as markers.

    ``frame``: ``area_name``, ``score``, ``level`` and one column per benchmark
    (e.g. "London median", "Inner London median").
    """
    # An invisible trace holds every area on the axis, even one with no score yet.
    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "x": list(frame["area_name"]),
            "y": [None] * len(frame),
            "showlegend": False,
            "hoverinfo": "skip",
        }
    ]
    data += level_bar_traces(frame, scale, x="area_name", y="score", name=name)
    for index, column in enumerate(benchmarks):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": column,
                "x": list(frame["area_name"]),
                "y": values(frame[column]),
                "marker": {
                    "symbol": BENCHMARK_SYMBOLS[index % len(BENCHMARK_SYMBOLS)],
                    "size": 22 if index == 0 else 13,
                    "color": GROUP_COLOURS[(index + 1) % len(GROUP_COLOURS)],
                    "line": {"width": 4 if index == 0 else 1, "color": GROUP_COLOURS[1]},
                },
                "hovertemplate": column + "<br>%{x}: %{y}<extra></extra>",
            }
        )
    return figure(
        data,
        {
            "barmode": "overlay",
            "height": 440,
            "yaxis": {
                "range": [0, 100],
                "title": {"text": "Score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
            },
            "xaxis": {
                "fixedrange": True,
                "categoryorder": "array",
                "categoryarray": list(frame["area_name"]),
            },
        },
    )


def areas_chart(frame: Frame, name: str, benchmarks: list[str], scale, notes=()):
    table = tables.table(
        {
            "Area": list(frame["area_name"]),
            f"{name} score": values(frame["score"]),
            f"{name} level": [scale.name(charts.number(v)) for v in frame["level"]],
        }
    )
    for column in benchmarks:
        table[column] = values(frame[column])
    overall = frame[frame["area_code"] == "overall"]
    own_overall = overall["score"].iloc[0] if len(overall) else None
    summary = f"{name} scores {score_text(own_overall)} overall"
    if benchmarks and len(overall):
        benchmark = overall[benchmarks[0]].iloc[0]
        summary += f" against the {benchmarks[0]} of {score_text(benchmark)}"
    summary += "; bars show its score in each area, markers the medians it is compared with."
    return make_chart(
        id="areas",
        title="Areas compared with London and peers",
        summary=summary,
        table=table,
        fig=areas_figure(frame, name, benchmarks, scale),
        notes=list(notes),
    )


def questions_figure(frame: Frame, name: str, scale):
    """Per question: London's middle half (bar) and median (line), the authority's score.

    ``frame``: ``label``, ``question_text``, ``score``, ``level``, ``q1``,
    ``median``, ``q3`` (quartiles empty where too few authorities answered).
    """
    labels = list(frame["label"])
    spread = [
        None if charts.is_missing(lo) else round(hi - lo, 2)
        for lo, hi in zip(frame["q1"], frame["q3"], strict=True)
    ]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": "London: middle half",
            "y": labels,
            "base": values(frame["q1"]),
            "x": spread,
            "marker": {"color": charts.LIGHT_NEUTRAL},
            "customdata": [
                [screen_text(lo), screen_text(hi)]
                for lo, hi in zip(values(frame["q1"]), values(frame["q3"]), strict=True)
            ],
            "hovertemplate": (
                "%{y}<br>London middle half: %{customdata[0]} to %{customdata[1]}<extra></extra>"
            ),
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": LONDON_MEDIAN,
            "y": labels,
            "x": values(frame["median"]),
            "marker": {
                "symbol": "line-ns",
                "size": 20,
                "line": {"width": 3, "color": charts.TEXT_COLOUR},
            },
            "hovertemplate": "%{y}<br>" + LONDON_MEDIAN + ": %{x}<extra></extra>",
        },
    ]
    for level, part in charts.by_level(frame, scale):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{name}: {level.number} {level.name}",
                "y": list(part["label"]),
                "x": values(part["score"]),
                # The question's full text on hover: the axis carries its short label.
                "customdata": list(part["question_text"]),
                "marker": {
                    "symbol": "diamond",
                    "size": 14,
                    "color": level.colour,
                    "line": {"width": 1, "color": charts.TEXT_COLOUR},
                },
                "hovertemplate": "%{y}: %{customdata}<br>" + name + ": %{x}<extra></extra>",
            }
        )
    return figure(
        data,
        {
            "barmode": "overlay",
            "height": 140 + QUESTION_ROW_PX * max(len(labels), 1),
            "xaxis": {
                "range": [-2, 102],
                "title": {"text": "Score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
            },
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        },
    )


def questions_chart(frame: Frame, name: str, scale):
    table = tables.table(
        {
            "Question": list(frame["label"]),
            "Text": list(frame["question_text"]),
            "Code": list(frame["question_code"]),
            f"{name} score": values(frame["score"]),
            f"{name} level": charts.level_names(scale, frame["level"]),
            "London authorities": values(frame["authorities"]),
            "London lower quartile": values(frame["q1"]),
            LONDON_MEDIAN: values(frame["median"]),
            "London upper quartile": values(frame["q3"]),
        }
    )
    compared = frame[frame["median"].notna() & frame["score"].notna()]
    above = int((compared["score"] > compared["median"]).sum())
    below = int((compared["score"] < compared["median"]).sum())
    summary = (
        f"On {plural(len(compared), 'question')} with enough answers to compare, "
        f"{name} is above the {LONDON_MEDIAN} on {above} and below it on {below}."
    )
    return make_chart(
        id="questions",
        title="Questions compared with London",
        summary=summary,
        table=table,
        fig=questions_figure(frame, name, scale),
    )


def trend_figure(frame: Frame):
    """Lines of score by round: one per series (areas, then "Overall", drawn thicker).

    ``frame``: ``round_name``, ``series``, ``score``, in round order.
    """
    data = []
    for index, (series, part) in enumerate(frame.groupby("series", sort=False)):
        overall = series == OVERALL
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": series,
                "x": list(part["round_name"]),
                "y": values(part["score"]),
                "line": {
                    "width": 5 if overall else 2,
                    "color": GROUP_COLOURS[index % len(GROUP_COLOURS)],
                    "dash": "solid" if overall else DASHES[index % len(DASHES)],
                },
                "marker": {"size": 9},
                "connectgaps": False,
            }
        )
    return figure(
        data,
        {
            "height": 420,
            "yaxis": {
                "range": [0, 100],
                "title": {"text": "Score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
            },
            "xaxis": {"type": "category", "fixedrange": True},
        },
    )


def trend_chart(frame: Frame, name: str, notes=(), chart_id="trend"):
    table = tables.by_round(frame)
    rounds = table["Round"].tolist()
    overall = table[OVERALL].tolist() if OVERALL in table else []
    known = [v for v in overall if not charts.is_missing(v)]
    if len(rounds) >= 2 and overall and len(known) == len(overall):
        summary = (
            f"{name}'s comparable overall score went from {score_text(overall[0])} in "
            f"{rounds[0]} to {score_text(overall[-1])} in {rounds[-1]}."
        )
    else:
        summary = f"{name}'s comparable scores in {plural(len(rounds), 'round')}."
    return make_chart(
        id=chart_id,
        title="Trend across rounds",
        summary=summary,
        table=table,
        fig=trend_figure(frame),
        notes=list(notes),
    )


def strengths_and_gaps(frame: Frame, count: int = 3) -> tuple[list[dict], list[dict]]:
    """The questions furthest above and below the London median (score points)."""
    compared = frame[frame["median"].notna() & frame["score"].notna()].copy()
    compared["difference"] = (compared["score"] - compared["median"]).round(2)
    ordered = compared.sort_values(["difference", "label"], ascending=[False, True])
    strengths = ordered[ordered["difference"] > 0].head(count)
    gaps = ordered[ordered["difference"] < 0].sort_values("difference").head(count)
    columns = ["label", "question_text", "score", "median", "difference"]
    return (
        strengths[columns].to_dict("records"),
        gaps[columns].to_dict("records"),
    )

"""Charts of the trends page: change between two rounds, London medians over time."""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, values
from reports.charts.palette import GROUP_COLOURS
from reports.charts.profile import trend_figure
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import LONDON_MEDIAN, TOO_FEW_MESSAGE, plural, whole

# A focus chart: the chosen authority in dark blue and the London median in orange (the
# Analysis Function's pair), over London's middle half; every other authority faint grey.
HIGHLIGHT_COLOUR = "#12436d"
MEDIAN_COLOUR = "#f46a25"
OTHERS_COLOUR = "#bfbfbf"
BAND_COLOUR = "rgba(18, 67, 109, 0.12)"
MIDDLE_HALF = "London middle half"
LOWER_QUARTILE = "London lower quartile"
UPPER_QUARTILE = "London upper quartile"
# End labels closer than this (score points) are pushed apart so both can be read.
LABEL_GAP = 5
LABEL_SHIFT_PX = 9
# Narrower than this (CSS pixels) the end labels leave no room for the lines: the page
# shows the table of the change instead.
SLOPE_MIN_WIDTH_PX = 480


def _line(name: str, from_score, to_score, from_label: str, to_label: str, **style) -> dict:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": [from_label, to_label],
        "y": [charts.number(from_score), charts.number(to_score)],
        "hovertemplate": name + "<br>%{x}: %{y}<extra></extra>",
        "showlegend": False,
        **style,
    }


def end_labels(labelled: list[tuple[str, float, float]], from_label: str, to_label: str):
    """Annotations naming each labelled line at its end (name and score) and giving its
    score at its start; two ends closer than ``LABEL_GAP`` points are pushed apart."""
    annotations = []
    for x, at_end in ((from_label, False), (to_label, True)):
        points = sorted(
            ((to if at_end else start), name) for name, start, to in labelled if start is not None
        )
        shifts = [0] * len(points)
        for index in range(1, len(points)):
            if points[index][0] - points[index - 1][0] < LABEL_GAP:
                shifts[index - 1] -= LABEL_SHIFT_PX
                shifts[index] += LABEL_SHIFT_PX
        for (score, name), shift in zip(points, shifts, strict=True):
            text = f"{name} {whole(score)}" if at_end else whole(score)
            annotations.append(
                {
                    "x": x,
                    "y": score,
                    "text": text,
                    "showarrow": False,
                    "xanchor": "left" if at_end else "right",
                    "xshift": 10 if at_end else -10,
                    "yshift": shift,
                    "font": {"color": charts.TEXT_COLOUR},
                }
            )
    return annotations


def slope_figure(frame: Frame, from_label: str, to_label: str, highlight="", band=None):
    """A slope chart: each row's score in the first round joined to its score in the second.

    ``frame``: ``name``, ``from_score``, ``to_score``, ``change``, with a row named
    "London median". A focus chart, readable without hover: ``highlight`` (an authority's
    name, or "") in dark blue and the London median in orange, each labelled at its ends,
    over the London middle half (``band``: (lower, upper quartile) in each round, or
    None); every other authority a faint grey line, named on hover.
    """
    data = []
    if band is not None:
        (low_from, high_from), (low_to, high_to) = band
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{MIDDLE_HALF} (lower to upper quartile)",
                "x": [from_label, to_label, to_label, from_label, from_label],
                "y": [low_from, low_to, high_to, high_from, low_from],
                "fill": "toself",
                "fillcolor": BAND_COLOUR,
                "line": {"width": 0},
                "hoverinfo": "skip",
            }
        )
    others = frame[(frame["name"] != LONDON_MEDIAN) & (frame["name"] != highlight)]
    if len(others):
        x, y, text = [], [], []
        for row in others.itertuples(index=False):
            x += [from_label, to_label, None]
            y += [charts.number(row.from_score), charts.number(row.to_score), None]
            text += [row.name, row.name, None]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": f"{'Other authorities' if highlight else 'Authorities'} ({len(others)})",
                "x": x,
                "y": y,
                "text": text,
                "line": {"color": OTHERS_COLOUR, "width": 1.5},
                "hovertemplate": "%{text}<br>%{x}: %{y}<extra></extra>",
            }
        )
    labelled = []
    for name, colour in ((LONDON_MEDIAN, MEDIAN_COLOUR), (highlight, HIGHLIGHT_COLOUR)):
        row = frame[frame["name"] == name] if name else frame.iloc[0:0]
        if not len(row):
            continue
        start, end = row["from_score"].iloc[0], row["to_score"].iloc[0]
        data.append(
            _line(
                name,
                start,
                end,
                from_label,
                to_label,
                line={"color": colour, "width": 4},
                marker={"size": 10, "color": colour},
            )
        )
        labelled.append((name, charts.number(start), charts.number(end)))
    return figure(
        data,
        {
            "height": 520,
            "xaxis": {"type": "category", "fixedrange": True, "range": [-0.15, 1.15]},
            "yaxis": {
                "range": [0, 100],
                "title": {"text": "Comparable overall score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
            },
            # Room for the labels at the lines' ends.
            "margin": {"l": 70, "r": 190},
            "annotations": end_labels(labelled, from_label, to_label),
        },
    )


def change_table(frame: Frame, from_label: str, to_label: str, band=None) -> Frame:
    """The table of a change between two rounds: each row's two scores and the change,
    then London's quartiles (``band``) when the chart shows them."""
    names, starts, ends = (
        list(frame["name"]),
        values(frame["from_score"]),
        values(frame["to_score"]),
    )
    if band is not None:
        (low_from, high_from), (low_to, high_to) = band
        names += [LOWER_QUARTILE, UPPER_QUARTILE]
        starts += [low_from, high_from]
        ends += [low_to, high_to]
    changes = [
        None if start is None or end is None else round(end - start, 2)
        for start, end in zip(starts, ends, strict=True)
    ]
    return tables.table({"Authority": names, from_label: starts, to_label: ends, "Change": changes})


def change_words(name: str, start, end, since: str) -> str:
    """ "Camden: up 14 points since Round A, from 40 to 54." (whole points)"""
    change = end - start
    points = whole(abs(change))
    unit = "point" if points == "1" else "points"
    if points == "0":
        moved = "about the same"
    else:
        moved = f"{'up' if change > 0 else 'down'} {points} {unit}"
    return f"{name}: {moved} since {since}, from {whole(start)} to {whole(end)}."


ROUNDING_NOTE = (
    "Changes are worked out from the unrounded scores, so a change may differ by a point "
    "from the difference of the whole numbers shown."
)


def slope_chart(frame: Frame, from_label: str, to_label: str, notes=(), highlight="", band=None):
    """The slope chart of ``slope_figure``, its table (with London's quartiles) and a
    summary in words: how many rose and fell, the highlighted authority's change and the
    London median's."""
    table = change_table(frame, from_label, to_label, band)
    others = frame[frame["name"] != LONDON_MEDIAN]
    grey = others[others["name"] != highlight]
    sentences = []
    if len(grey):
        up = int((others["change"] > 0).sum())
        down = int((others["change"] < 0).sum())
        sentences.append(
            f"Between {from_label} and {to_label}, {plural(up, 'authority', 'authorities')} "
            f"scored higher and {down} lower on the questions both rounds share."
        )
    for name in (highlight, LONDON_MEDIAN):
        row = frame[frame["name"] == name] if name else frame.iloc[0:0]
        if len(row):
            sentences.append(
                change_words(
                    "The London median" if name == LONDON_MEDIAN else name,
                    row["from_score"].iloc[0],
                    row["to_score"].iloc[0],
                    from_label,
                )
            )
    if band is not None:
        sentences.append(
            "The shaded band is the middle half of authorities (from the lower to the upper "
            "quartile)."
        )
    if len(grey):
        sentences.append(
            "Other authorities are grey lines."
            if highlight
            else "Each authority is a grey line: choose one above to pick it out."
        )
    return make_chart(
        id="slope",
        title=f"Change from {from_label} to {to_label}",
        summary=" ".join(sentences),
        table=table,
        fig=slope_figure(frame, from_label, to_label, highlight, band),
        notes=[*notes, ROUNDING_NOTE],
        min_width=SLOPE_MIN_WIDTH_PX,
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

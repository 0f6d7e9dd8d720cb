"""Charts of the London overview: heat map, tile map, distributions, group medians."""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, score_text, values
from reports.charts.palette import GROUP_COLOURS
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import LONDON_MEDIAN, OVERALL, TOO_FEW_MESSAGE, plural

HEATMAP_ROW_PX = 30
# Cell values at 14 px, never shrunk: plotly sizes heat-map text to fit the cell itself,
# and counted the colour markup as characters, drawing 5-6 px labels.
HEATMAP_TEXT_PX = 14
# Below this width (CSS pixels: names, then this much per column) the cells are too narrow
# for their numbers and the column headings, and the page shows the table instead.
HEATMAP_NAMES_PX = 200
HEATMAP_COLUMN_PX = 100
NO_DATA_Z = 0  # below every level number, for tiles with no score


def heatmap_figure(scores: Frame, levels: Frame, labels: list[str], scale):
    """Authorities (rows) x areas and overall (columns): colour = level, text = score.

    ``scores`` and ``levels`` are indexed by authority name with the same columns;
    ``labels`` names those columns on the x axis.
    """
    z = [values(row) for row in levels.itertuples(index=False)]
    plain = [[charts.screen_text(v) for v in row] for row in scores.itertuples(index=False)]
    text = [
        [charts.text_on_level(cell, level, scale) for cell, level in zip(cells, z_row, strict=True)]
        for cells, z_row in zip(plain, z, strict=True)
    ]
    numbers = scale.numbers or [1]
    trace = {
        "type": "heatmap",
        "z": z,
        "x": labels,
        "y": list(scores.index),
        "text": text,
        "customdata": plain,
        "texttemplate": "%{text}",
        "textfont": {"size": HEATMAP_TEXT_PX},
        "hovertemplate": "%{y}<br>%{x}: %{customdata}<extra></extra>",
        "colorscale": scale.discrete_colorscale(),
        "zmin": min(numbers) - 0.5,
        "zmax": max(numbers) + 0.5,
        "xgap": 2,
        "ygap": 2,
        # Level names go in the legend, as on every chart, not in a colour bar.
        "showscale": False,
    }
    return figure(
        [trace, *charts.level_legend_traces(scale)],
        {
            "height": 160 + HEATMAP_ROW_PX * max(len(scores.index), 1),
            "xaxis": {"side": "top", "fixedrange": True, "showgrid": False},
            "yaxis": {
                "autorange": "reversed",
                "fixedrange": True,
                "automargin": True,
                "showgrid": False,
            },
            "margin": {"l": 10, "t": 110},
            "legend": {"y": 1.0, "yanchor": "top", "yref": "container"},
        },
    )


def heatmap_chart(scores, levels, area_list: Frame, scale, *, note: str = ""):
    labels = [*area_list["area_name"], OVERALL]
    table = tables.table({"Authority": list(scores.index)})
    for column, label in zip(scores.columns, labels, strict=True):
        table[f"{label} score"] = values(scores[column])
        table[f"{label} level"] = charts.level_names(scale, levels[column])
    authorities = len([name for name in scores.index if name != LONDON_MEDIAN])
    who = plural(authorities, "authority", "authorities")
    if LONDON_MEDIAN in scores.index:
        who += f" and the {LONDON_MEDIAN}"
    summary = (
        f"Scores (0 to 100) in each area and overall for {who}; "
        "the colour of each cell is the maturity level of that score."
    )
    return make_chart(
        id="heatmap",
        title="Scores by authority and area",
        summary=summary,
        table=table,
        fig=heatmap_figure(scores, levels, labels, scale),
        notes=[note] if note else [],
        min_width=HEATMAP_NAMES_PX + HEATMAP_COLUMN_PX * len(labels),
    )


def tile_map_figure(tiles: Frame, scale, value_label: str):
    """A London tile map: one square per authority at its grid cell, coloured by level.

    Drawn as one heat map over the tile grid (``grid_column``, ``grid_row``), so
    tiles stay square at any width and cost little however many there are; each
    tile shows its abbreviation and score; authorities with no score are grey.
    """
    columns = int(tiles["grid_column"].max()) + 1 if len(tiles) else 1
    rows = int(tiles["grid_row"].max()) + 1 if len(tiles) else 1
    z = [[None] * columns for _ in range(rows)]
    text = [[""] * columns for _ in range(rows)]
    hover = [[""] * columns for _ in range(rows)]
    for name, abbreviation, column, row, score, level in zip(
        tiles["name"],
        tiles["abbreviation"],
        values(tiles["grid_column"]),
        values(tiles["grid_row"]),
        values(tiles["score"]),
        values(tiles["level"]),
        strict=True,
    ):
        z[row][column] = NO_DATA_Z if level is None else level
        text[row][column] = charts.text_on_level(
            f"<b>{abbreviation}</b><br>{charts.screen_text(score) or '–'}", level, scale
        )
        hover[row][column] = f"{name}: {score_text(score)} ({scale.name(level)})"
    numbers = scale.numbers or [1]
    trace = {
        "type": "heatmap",
        "z": z,
        "text": text,
        "customdata": hover,
        "texttemplate": "%{text}",
        "textfont": {"size": 12},
        "hovertemplate": "%{customdata}<extra></extra>",
        "colorscale": scale.discrete_colorscale(no_data=True),
        "zmin": NO_DATA_Z - 0.5,
        "zmax": max(numbers) + 0.5,
        "showscale": False,
        "xgap": 4,
        "ygap": 4,
        "name": value_label,
    }
    legend = charts.level_legend_traces(scale)
    if tiles["level"].isna().any():
        legend.append(charts.no_data_legend_trace())
    return figure(
        [trace, *legend],
        {
            "height": 80 + 70 * rows,
            "xaxis": {"visible": False, "range": [-0.5, columns - 0.5], "fixedrange": True},
            "yaxis": {
                "visible": False,
                "range": [rows - 0.5, -0.5],
                "scaleanchor": "x",
                "fixedrange": True,
            },
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "legend": {"y": -0.02, "yanchor": "top"},
        },
    )


def tile_map_chart(tiles: Frame, scale, value_label: str):
    table = tables.table(
        {
            "Authority": list(tiles["name"]),
            "Abbreviation": list(tiles["abbreviation"]),
            f"{value_label} score": values(tiles["score"]),
            f"{value_label} level": charts.level_names(scale, tiles["level"]),
        }
    ).sort_values("Authority")
    with_data = int(tiles["score"].notna().sum())
    summary = (
        f"A map of London with one square per authority, coloured by its {value_label.lower()} "
        f"maturity level and labelled with its score; {with_data} of {len(tiles)} "
        "authorities have an approved score."
    )
    return make_chart(
        id="tile-map",
        title=f"London map: {value_label.lower()} level",
        summary=summary,
        table=table,
        fig=tile_map_figure(tiles, scale, value_label),
    )


def distribution_figure(stats: Frame, own: Frame | None = None, own_label=""):
    """Box plots (precomputed: lowest, quartiles, median, highest) per area and overall.

    Only summary statistics reach the browser, never anyone's individual scores;
    ``own`` (``area_name``, ``score``) marks one authority's own scores.
    """
    shown = stats[stats["median"].notna()]
    data = [
        {
            "type": "box",
            "name": "London",
            "x": list(shown["area_name"]),
            "q1": values(shown["q1"]),
            "median": values(shown["median"]),
            "q3": values(shown["q3"]),
            "lowerfence": values(shown["lowest"]),
            "upperfence": values(shown["highest"]),
            "marker": {"color": charts.TEXT_COLOUR},
            "line": {"color": charts.TEXT_COLOUR},
            "fillcolor": charts.LIGHT_NEUTRAL,
            "boxpoints": False,
            "hoverinfo": "x+y",
        }
    ]
    if own is not None and len(own):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": own_label,
                "x": list(own["area_name"]),
                "y": values(own["score"]),
                "marker": {"symbol": "diamond", "size": 14, "color": "#f47738"},
                "hovertemplate": own_label + "<br>%{x}: %{y}<extra></extra>",
            }
        )
    return figure(
        data,
        {
            "height": 420,
            "yaxis": {
                "range": [0, 100],
                "title": {"text": "Score"},
                "gridcolor": "#e0e0e0",
                "hoverformat": charts.WHOLE_HOVER,
            },
            "xaxis": {"fixedrange": True},
            "showlegend": True,
        },
    )


def distribution_chart(stats: Frame, own: Frame | None, own_label: str, min_n: int):
    table = tables.table(
        {
            "Area": list(stats["area_name"]),
            "Authorities": values(stats["authorities"]),
            "Lowest": values(stats["lowest"]),
            "Lower quartile": values(stats["q1"]),
            "Median": values(stats["median"]),
            "Upper quartile": values(stats["q3"]),
            "Highest": values(stats["highest"]),
        }
    )
    if own is not None and len(own):
        own_scores = dict(zip(own["area_name"], values(own["score"]), strict=True))
        table[own_label] = [own_scores.get(name) for name in table["Area"]]
    too_few = list(stats.loc[stats["median"].isna(), "area_name"])
    notes = [f"{TOO_FEW_MESSAGE}: {', '.join(too_few)}."] if too_few else []
    if stats["median"].notna().sum() == 0:
        return charts.empty_chart(
            id="distribution",
            title="Spread of scores in each area",
            message=f"{TOO_FEW_MESSAGE} (fewer than {min_n} with approved results).",
            columns=list(table.columns),
        )
    overall = stats[stats["area_code"] == "overall"].iloc[0]
    summary = (
        f"The middle half of authorities score between {score_text(overall['q1'])} and "
        f"{score_text(overall['q3'])} overall (median {score_text(overall['median'])}). "
        "Boxes show the lower quartile, median and upper quartile; whiskers the lowest "
        "and highest scores."
    )
    return make_chart(
        id="distribution",
        title="Spread of scores in each area",
        summary=summary,
        table=table,
        fig=distribution_figure(stats, own, own_label),
        notes=notes,
    )


def group_medians_figure(medians: Frame, area_labels: dict[str, str]):
    """Grouped bars: the median score per area (and overall) of each comparison group."""
    codes = list(area_labels)
    data = []
    for index, row in enumerate(medians.to_dict("records")):
        data.append(
            {
                "type": "bar",
                "name": f"{row['group']} ({row['authorities']})",
                "x": [area_labels[c] for c in codes],
                "y": [charts.number(row[c]) for c in codes],
                "text": [charts.screen_text(row[c]) for c in codes],
                "textposition": "outside",
                "marker": {"color": charts_colour(index)},
                "hovertemplate": row["group"] + "<br>%{x}: %{y}<extra></extra>",
            }
        )
    return figure(
        data,
        {
            "barmode": "group",
            "height": 440,
            "yaxis": {
                "range": [0, 105],
                "title": {"text": "Median score"},
                "fixedrange": True,
                "hoverformat": charts.WHOLE_HOVER,
            },
            "xaxis": {"fixedrange": True},
        },
    )


def charts_colour(index: int) -> str:
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def group_medians_chart(medians: Frame, area_labels: dict[str, str], min_n: int):
    """Side-by-side medians; groups with too few authorities are listed, not drawn."""
    shown = medians[medians["overall"].notna()]
    hidden = list(medians.loc[medians["overall"].isna(), "group"])
    table = tables.table(
        {"Group": list(shown["group"]), "Authorities": values(shown["authorities"])}
    )
    for code, label in area_labels.items():
        table[f"{label} median"] = values(shown[code])
    notes = [f"{TOO_FEW_MESSAGE}: {', '.join(hidden)}."] if hidden else []
    if not len(shown):
        return charts.empty_chart(
            id="groups",
            title="Inner and Outer London and peer groups",
            message=f"{TOO_FEW_MESSAGE} (fewer than {min_n} in every group).",
            columns=list(table.columns),
        )
    summary = (
        f"Median scores in each area for {plural(len(shown), 'group')} of authorities "
        "side by side; the number of authorities in each group is in brackets."
    )
    return make_chart(
        id="groups",
        title="Inner and Outer London and peer groups",
        summary=summary,
        table=table,
        fig=group_medians_figure(shown, area_labels),
        notes=notes,
    )

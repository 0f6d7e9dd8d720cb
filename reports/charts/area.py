"""Charts of an area deep dive: how authorities' answers spread over the levels."""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, values
from reports.charts.palette import NO_DATA_COLOUR
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import plural

NOT_APPLICABLE_COLOUR = "#b1b4b6"
ROW_PX = 44


def level_distribution_figure(counts: Frame, scale, not_applicable_label: str):
    """Stacked horizontal bars: per question, the number of authorities at each level.

    ``counts``: ``label``, ``question_text``, ``level_<n>`` per level,
    ``not_applicable`` and ``not_answered``.
    """
    labels = list(counts["label"])
    series = [
        (f"level_{level.number}", f"{level.number} {level.name}", level.colour, level.text_colour)
        for level in scale.levels
    ]
    series += [
        ("not_applicable", not_applicable_label, NOT_APPLICABLE_COLOUR, charts.TEXT_COLOUR),
        ("not_answered", "Not answered", NO_DATA_COLOUR, charts.TEXT_COLOUR),
    ]
    data = []
    for column, name, colour, text_colour in series:
        counts_list = values(counts[column])
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": counts_list,
                "marker": {"color": colour, "line": {"width": 1, "color": "#ffffff"}},
                "text": [str(v) if v else "" for v in counts_list],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textfont": {"color": text_colour},
                "customdata": list(counts["question_text"]),
                "hovertemplate": "%{y}: %{customdata}<br>" + name + ": %{x}<extra></extra>",
            }
        )
    return figure(
        data,
        {
            "barmode": "stack",
            "height": 160 + ROW_PX * max(len(labels), 1),
            "xaxis": {"title": {"text": "Authorities"}, "fixedrange": True},
            "yaxis": {"autorange": "reversed", "fixedrange": True, "automargin": True},
        },
    )


def level_distribution_chart(
    counts: Frame, scale, not_applicable_label: str, area_name: str, authorities: int
):
    table = tables.table(
        {
            "Question": list(counts["label"]),
            "Text": list(counts["question_text"]),
            "Code": list(counts["question_code"]),
        }
    )
    for level in scale.levels:
        table[f"{level.number} {level.name}"] = values(counts[f"level_{level.number}"])
    table[not_applicable_label] = values(counts["not_applicable"])
    table["Not answered"] = values(counts["not_answered"])
    level_columns = [f"level_{level.number}" for level in scale.levels]
    if len(counts) and level_columns:
        modal = counts[level_columns].sum().idxmax()
        most = scale.label(int(modal.removeprefix("level_")))
        summary = (
            f"How the {authorities} authorities with approved results answered each of the "
            f"{plural(len(counts), 'question')} in {area_name}; the most common answer "
            f"across the area is {most}."
        )
    else:
        summary = f"{area_name} has no scored questions."
    return make_chart(
        id="levels",
        title=f"Levels in {area_name}, question by question",
        summary=summary,
        table=table,
        fig=level_distribution_figure(counts, scale, not_applicable_label),
    )

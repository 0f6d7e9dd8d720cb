"""The London-wide view of plans: the questions with the most targets and actions, as
grouped horizontal bars (authorities with a target; actions) with the same table."""

from reports.charts.base import empty_chart, figure, make_chart, values
from reports.frames import tables
from reports.labels import plural

TOP = 10  # questions drawn (the table lists the same ones)
BAR_PX = 40
# Two series, as the Analysis Function advises for two: dark blue and orange.
TARGET_COLOUR = "#12436D"
ACTION_COLOUR = "#F46A25"
MIN_WIDTH_PX = 480
COLUMNS = ["Question code", "Question", "Authorities with a target", "Actions"]


def _subject_code(count) -> str:
    return count.question_code or f"{count.area_code} (area)"


def most_planned_chart(counts) -> object:
    """The ``TOP`` questions (or whole areas) with the most targets and actions
    (``reports.plans.selectors.subject_counts``, most first)."""
    top = [count for count in counts if count.total][:TOP]
    table = tables.table(
        {
            "Question code": [_subject_code(c) for c in top],
            "Question": [c.label for c in top],
            "Authorities with a target": [c.targets for c in top],
            "Actions": [c.actions for c in top],
        }
    )
    title = "Questions with the most targets and actions"
    if not top:
        return empty_chart(
            id="most-planned",
            title=title,
            message="No authority has set a target or planned an action yet.",
            columns=COLUMNS,
        )
    codes = list(table["Question code"])
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "x": values(table[column]),
            "y": codes,
            "marker": {"color": colour},
            "text": [str(v) for v in values(table[column])],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": list(table["Question"]),
            "hovertemplate": f"%{{customdata}}<br>{name}: %{{x}}<extra></extra>",
        }
        for name, column, colour in (
            ("Authorities with a target", "Authorities with a target", TARGET_COLOUR),
            ("Actions", "Actions", ACTION_COLOUR),
        )
    ]
    most = max(max(c.targets, c.actions) for c in top)
    fig = figure(
        traces,
        {
            "barmode": "group",
            "bargap": 0.3,
            "bargroupgap": 0.05,
            "height": 140 + BAR_PX * len(top),
            "xaxis": {
                "range": [0, most * 1.15 + 1],
                "rangemode": "tozero",
                "title": {"text": "Number"},
                "fixedrange": True,
                "tickformat": "d",
            },
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "margin": {"t": 80},
        },
    )
    first = top[0]
    summary = (
        f"The {plural(len(top), 'question')} with the most targets and actions, most first. "
        f"{first.label} ({_subject_code(first)}) has the most: "
        f"{plural(first.targets, 'authority', 'authorities')} with a target and "
        f"{plural(first.actions, 'action')}."
    )
    return make_chart(
        id="most-planned",
        title=title,
        summary=summary,
        table=table,
        fig=fig,
        min_width=MIN_WIDTH_PX,
    )

"""Charts of an area deep dive: how authorities answered each question.

Questions answered with a level of the scale (maturity) show how many authorities are at
each level; questions answered in words (yes or no) show how many gave each answer.
"""

from reports.charts import base as charts
from reports.charts.base import figure, make_chart, values
from reports.charts.palette import DARK_TEXT, LIGHT_TEXT
from reports.frames import tables
from reports.frames.tables import Frame
from reports.labels import plural

NOT_APPLICABLE_COLOUR = "#b1b4b6"
NOT_ANSWERED_LABEL = "Not answered"
# "Not answered" is white, so it shows as a gap in its bar; outlined and hatched, so its
# legend key is seen on the white page too (a plain white key vanished).
NOT_ANSWERED_MARKER = {
    "color": "#ffffff",
    "line": {"width": 1, "color": charts.NEUTRAL_COLOUR},
    "pattern": {"shape": "/", "fgcolor": charts.NEUTRAL_COLOUR, "size": 6, "solidity": 0.15},
}
# Answers in words, in order (the Analysis Function's pair: dark blue, then orange), each
# with a text colour of at least 4.5:1 on it.
ANSWER_COLOURS = (("#12436d", LIGHT_TEXT), ("#f46a25", DARK_TEXT))
ROW_PX = 44


def stacked_figure(counts: Frame, series: list[tuple[str, str, dict, str]]):
    """Stacked horizontal bars, one per question: how many authorities in each series.

    ``counts``: ``label``, ``question_text`` and a count column per series; ``series``:
    ``(column, name, marker, text colour)`` in stacking (and legend) order.
    """
    labels = list(counts["label"])
    data = []
    for column, name, marker, text_colour in series:
        counts_list = values(counts[column])
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": labels,
                "x": counts_list,
                "marker": marker,
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


def _filled(colour: str) -> dict:
    return {"color": colour, "line": {"width": 1, "color": "#ffffff"}}


def _last_series(not_applicable_label: str) -> list[tuple[str, str, dict, str]]:
    return [
        ("not_applicable", not_applicable_label, _filled(NOT_APPLICABLE_COLOUR), DARK_TEXT),
        ("not_answered", NOT_ANSWERED_LABEL, NOT_ANSWERED_MARKER, DARK_TEXT),
    ]


def _question_table(counts: Frame) -> Frame:
    return tables.table(
        {
            "Question": list(counts["label"]),
            "Text": list(counts["question_text"]),
            "Code": list(counts["question_code"]),
        }
    )


def level_distribution_figure(counts: Frame, scale, not_applicable_label: str):
    """Per question, the number of authorities at each level.

    ``counts``: ``label``, ``question_text``, ``level_<n>`` per level,
    ``not_applicable`` and ``not_answered``.
    """
    series = [
        (
            f"level_{level.number}",
            f"{level.number} {level.name}",
            _filled(level.colour),
            level.text_colour,
        )
        for level in scale.levels
    ]
    return stacked_figure(counts, series + _last_series(not_applicable_label))


def level_distribution_chart(
    counts: Frame, scale, not_applicable_label: str, area_name: str, authorities: int
):
    table = _question_table(counts)
    for level in scale.levels:
        table[f"{level.number} {level.name}"] = values(counts[f"level_{level.number}"])
    table[not_applicable_label] = values(counts["not_applicable"])
    table[NOT_ANSWERED_LABEL] = values(counts["not_answered"])
    level_columns = [f"level_{level.number}" for level in scale.levels]
    if len(counts) and level_columns:
        modal = counts[level_columns].sum().idxmax()
        most = scale.label(int(modal.removeprefix("level_")))
        summary = (
            f"How the {authorities} authorities with approved results answered each of the "
            f"{plural(len(counts), 'question')} on the maturity scale in {area_name}; the "
            f"most common answer across them is {most}."
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


def answers_words(answers: tuple[tuple[float, str], ...]) -> str:
    """ "yes or no": the answers' words, for titles and summaries."""
    return " or ".join(word for _, word in answers).lower()


def answer_distribution_chart(
    counts: Frame,
    answers: tuple[tuple[float, str], ...],
    not_applicable_label: str,
    area_name: str,
    authorities: int,
):
    """Per question answered in words (``answers``: each one's score and word, e.g. yes and
    no), how many authorities gave each answer. ``counts``: ``label``, ``question_text``,
    ``answer_<n>`` per answer (``reports.frames.stats.answer_counts``), ``not_applicable``
    and ``not_answered``."""
    series = []
    for index, (_, word) in enumerate(answers):
        colour, text_colour = ANSWER_COLOURS[index % len(ANSWER_COLOURS)]
        series.append((f"answer_{index}", word, _filled(colour), text_colour))
    table = _question_table(counts)
    for column, word, _, _ in series:
        table[word] = values(counts[column])
    table[not_applicable_label] = values(counts["not_applicable"])
    table[NOT_ANSWERED_LABEL] = values(counts["not_answered"])
    words = answers_words(answers)
    totals = ", ".join(f"{word} {int(counts[column].sum())}" for column, word, _, _ in series)
    summary = (
        f"How the {authorities} authorities with approved results answered each of the "
        f"{plural(len(counts), f'{words} question')} in {area_name} (in all: {totals})."
    )
    return make_chart(
        id="answers",
        title=f"{words.capitalize()} answers in {area_name}, question by question",
        summary=summary,
        table=table,
        fig=stacked_figure(counts, series + _last_series(not_applicable_label)),
    )

"""The one module where pandas turns querysets and result rows into DataFrames.

Selectors decide *which* rows a person may see; the functions here only turn
them into frames and reshape them. Statistics over the frames are in
``reports.frames.stats``.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields
from decimal import Decimal
from typing import TypeAlias, TypedDict

import numpy as np
import pandas as pd

from surveys.answers.kinds import LEVELLED_KINDS, SCORABLE_KINDS
from surveys.results import vectorised

AUTHORITY_COLUMNS = [
    "authority_id",
    "name",
    "slug",
    "abbreviation",
    "inner_outer",
    "grid_column",
    "grid_row",
]
# The columns of result rows, defined once: the frozen rows of
# ``reports.dashboards.results.ResultRows`` are tuples in these orders, and the live rows
# of ``surveys.results.selectors.Results`` have attributes of these names.
OVERALL_COLUMNS = (
    "assessment_id",
    "authority_id",
    "round_id",
    "status",
    "overall_score",
    "overall_level",
    "completion",
)
AREA_COLUMNS = ("assessment_id", "area_code", "area_name", "area_order", "score", "level")
# Frozen question rows carry the kind (their level is read back from the score by kind);
# live ones carry the level and whether the answer was N/A.
QUESTION_COLUMNS = ("assessment_id", "question_code", "area_code", "kind", "score")
LIVE_QUESTION_COLUMNS = (
    "assessment_id",
    "question_code",
    "area_code",
    "level",
    "not_applicable",
    "score",
)
SUM_COLUMNS = ("assessment_id", "area_code", "weighted", "weight")
# What every frame of results is keyed by: the assessment, its authority and its round.
KEY_COLUMNS = ["assessment_id", "authority_id", "round_id"]
# Each frame's score and level columns: scores are floats (NaN for none), levels
# nullable integers.
SCORE_AND_LEVEL = {
    "overall": ("overall_score", "overall_level"),
    "areas": ("score", "level"),
    "questions": ("score", "level"),
}


def rows_frame(rows: Iterable, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A frame from dataclass rows, built column by column (fast for many rows).

    ``columns`` defaults to the dataclass's fields; an empty input still gets them.
    """
    rows = list(rows)
    if columns is None:
        columns = [f.name for f in fields(rows[0])] if rows else []
    return pd.DataFrame(
        {c: [getattr(row, c) for row in rows] for c in columns}, columns=list(columns)
    )


def authority_frame(authorities: Iterable) -> pd.DataFrame:
    """One row per authority: id, name, slug, abbreviation, inner/outer, tile-map cell."""
    return pd.DataFrame(
        [
            (a.pk, a.name, a.slug, a.abbreviation, a.inner_outer, a.grid_column, a.grid_row)
            for a in authorities
        ],
        columns=AUTHORITY_COLUMNS,
    )


def result_frames(results, authorities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """``overall``, ``areas`` and ``questions`` frames, each joined to its authority.

    ``results`` is a ``surveys.results.selectors.Results``. Scores are floats
    (NaN for none); levels are nullable integers.
    """
    overall = rows_frame(results.assessments, OVERALL_COLUMNS)
    overall = overall.merge(authorities, on="authority_id", how="left")
    keys = overall[KEY_COLUMNS]
    areas = rows_frame(results.areas, AREA_COLUMNS).merge(keys, on="assessment_id", how="inner")
    areas = areas.merge(authorities[["authority_id", "name"]], on="authority_id", how="left")
    questions = rows_frame(results.questions, LIVE_QUESTION_COLUMNS).merge(
        keys, on="assessment_id", how="inner"
    )
    return _typed({"overall": overall, "areas": areas, "questions": questions})


def _typed(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``frames`` with their score and level columns of the right types (in place)."""
    for name, (score, level) in SCORE_AND_LEVEL.items():
        frame = frames[name]
        frame[score] = pd.to_numeric(frame[score], errors="coerce").astype("float64")
        frame[level] = pd.to_numeric(frame[level], errors="coerce").astype("Int64")
    return frames


def _tuples_frame(rows: list[tuple], columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=list(columns))


def question_levels(questions: pd.DataFrame, scale) -> pd.Series:
    """Levels of frozen question scores, as the scoring module gives them.

    ``scale`` is a ``reports.charts.palette.LevelScale``. The rule is
    ``surveys.results.vectorised.question_levels``: a maturity answer's level is read
    back from its score (never above the band of the score), a yes/no answer's is the
    band its score falls in. Empty scores (N/A, unanswered, unscored) have no level.
    """
    levelled = np.isin(questions["kind"].to_numpy(), list(LEVELLED_KINDS))
    levels = vectorised.question_levels(
        levelled, questions["score"].to_numpy(dtype="float64"), scale.scoring_scale
    )
    return pd.Series(levels, index=questions.index).astype("Int64")


def frames_from_rows(rows, authorities: pd.DataFrame, scale=None) -> dict[str, pd.DataFrame]:
    """``overall``, ``areas`` and ``questions`` frames from ``reports.dashboards.results``'
    ``ResultRows``.

    The same columns as ``result_frames``; frozen and live rows together. Question
    levels need the round's ``scale`` (questions are only read for one round).
    """
    overall = _tuples_frame(rows.overall, OVERALL_COLUMNS).merge(
        authorities, on="authority_id", how="left"
    )
    keys = overall[KEY_COLUMNS]
    areas = _tuples_frame(rows.areas, AREA_COLUMNS).merge(keys, on="assessment_id", how="inner")
    areas = areas.merge(authorities[["authority_id", "name"]], on="authority_id", how="left")
    questions = _tuples_frame(rows.questions or [], QUESTION_COLUMNS).merge(
        keys, on="assessment_id", how="inner"
    )
    questions["not_applicable"] = False
    if rows.not_applicable and len(questions):
        answered_na = pd.MultiIndex.from_tuples(list(rows.not_applicable))
        pairs = pd.MultiIndex.from_arrays([questions["assessment_id"], questions["question_code"]])
        questions["not_applicable"] = pairs.isin(answered_na)
    if scale is not None and len(questions):
        questions["level"] = question_levels(questions, scale)
    else:
        questions["level"] = pd.array([None] * len(questions), dtype="Int64")
    questions = questions.drop(columns=["kind"])
    frozen = _typed({"overall": overall, "areas": areas, "questions": questions})
    area_sums = _tuples_frame(rows.area_sums or [], SUM_COLUMNS)
    if rows.live is None or not rows.live.assessments:
        return frozen | {"area_sums": area_sums}
    live = result_frames(rows.live, authorities)
    if rows.questions is None and rows.area_sums is None:
        live["questions"] = live["questions"].iloc[0:0]
    return {"area_sums": area_sums} | {
        name: pd.concat([frame, live[name][frame.columns]], ignore_index=True)
        if len(frame)
        else live[name]
        for name, frame in frozen.items()
    }


def area_list_frame(areas: Iterable) -> pd.DataFrame:
    """The questionnaire's areas in order: ``area_code``, ``area_name``, ``area_order``."""
    return pd.DataFrame(
        [(a.code, a.name, a.order) for a in areas],
        columns=["area_code", "area_name", "area_order"],
    )


def score_matrix(overall: pd.DataFrame, areas: pd.DataFrame, area_list: pd.DataFrame):
    """Authorities x (areas..., overall) of scores and of levels, ordered by name.

    Returns ``(scores, levels)``: two frames indexed by authority name, columns the
    area codes in questionnaire order then ``"overall"``.
    """
    codes = list(area_list["area_code"])
    ordered = overall.sort_values("name", kind="stable")
    names = list(ordered["name"])
    row_of = {pk: index for index, pk in enumerate(ordered["assessment_id"].tolist())}
    column_of = {code: index for index, code in enumerate(codes)}
    scores = np.full((len(names), len(codes) + 1), np.nan)
    levels = np.full((len(names), len(codes) + 1), np.nan)
    for assessment_id, code, score, level in zip(
        areas["assessment_id"].tolist(),
        areas["area_code"].tolist(),
        areas["score"].tolist(),
        areas["level"].astype("float64").tolist(),
        strict=True,
    ):
        if assessment_id in row_of and code in column_of:
            scores[row_of[assessment_id], column_of[code]] = score
            levels[row_of[assessment_id], column_of[code]] = level
    scores[:, -1] = ordered["overall_score"].to_numpy(dtype="float64")
    levels[:, -1] = ordered["overall_level"].astype("float64").to_numpy()
    columns = [*codes, "overall"]
    return (
        pd.DataFrame(scores, index=names, columns=columns),
        pd.DataFrame(levels, index=names, columns=columns).astype("Float64"),
    )


def question_list_frame(questions: Iterable) -> pd.DataFrame:
    """Questions in order: code, text, label, area code and name, kind, weight, scored.

    ``question_label`` names each question on charts: its short label, else its text
    shortened (``Question.label``); one that two questions would share gets the code after
    it, since a chart gives each label one row.
    """
    questions = list(questions)
    labels = [q.label for q in questions]
    shared = {label for label, count in Counter(labels).items() if count > 1}
    labels = [
        f"{label} ({q.code})" if label in shared else label
        for label, q in zip(labels, questions, strict=True)
    ]
    return pd.DataFrame(
        [
            (
                q.code,
                q.text,
                label,
                q.area.code,
                q.area.name,
                q.area.order,
                q.order,
                q.kind,
                float(q.weight),
                q.is_scored,
            )
            for q, label in zip(questions, labels, strict=True)
        ],
        columns=[
            "question_code",
            "question_text",
            "question_label",
            "area_code",
            "area_name",
            "area_order",
            "question_order",
            "kind",
            "weight",
            "scored",
        ],
    )


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with NaN/NA turned into None (for templates and JSON)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


class VersionArea(TypedDict):
    """An area of a questionnaire version, as ``selectors.version_structure`` reads it."""

    questionnaire_id: int
    code: str
    name: str
    order: int
    weight: Decimal


class VersionQuestion(TypedDict):
    """A question of a questionnaire version, as ``selectors.version_structure`` reads it."""

    questionnaire_id: int
    code: str
    area__code: str
    weight: Decimal
    kind: str
    scored: bool


# ``(areas, questions)`` of several questionnaire versions.
VersionStructure: TypeAlias = tuple[list[VersionArea], list[VersionQuestion]]


def weight_frames(
    areas: list[VersionArea], questions: list[VersionQuestion]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(question_weights, area_weights)`` frames from ``selectors.version_structure``."""
    question_weights = pd.DataFrame(
        {
            "questionnaire_id": [q["questionnaire_id"] for q in questions],
            "question_code": [q["code"] for q in questions],
            "area_code": [q["area__code"] for q in questions],
            "weight": [float(q["weight"]) for q in questions],
            "scored": [bool(q["scored"] and q["kind"] in SCORABLE_KINDS) for q in questions],
        }
    )
    area_weights = pd.DataFrame(
        {
            "questionnaire_id": [a["questionnaire_id"] for a in areas],
            "area_code": [a["code"] for a in areas],
            "area_weight": [float(a["weight"]) for a in areas],
        }
    )
    return question_weights, area_weights


def own_scores(overall_row, areas: pd.DataFrame) -> pd.DataFrame:
    """One authority's ``area_name`` and ``score`` per area, then "Overall"."""
    own = areas[areas["assessment_id"] == overall_row["assessment_id"]]
    overall = pd.DataFrame({"area_name": ["Overall"], "score": [overall_row["overall_score"]]})
    return pd.concat([own[["area_name", "score"]], overall], ignore_index=True)

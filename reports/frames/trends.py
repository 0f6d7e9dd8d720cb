"""Frames for trends: scores recomputed over the codes two questionnaire versions
share, change between two rounds, and series of scores over rounds.

Questions and areas keep their codes across versions; a trend compares only the
codes present in every version involved, so like is compared with like.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reports.frames.results import (
    KEY_COLUMNS,
    VersionArea,
    VersionQuestion,
    VersionStructure,
    weight_frames,
)
from reports.frames.stats import median_of
from reports.frames.tables import wide
from reports.labels import LONDON_MEDIAN
from surveys.results import vectorised


def comparable_scores(
    sums: pd.DataFrame, expected: pd.DataFrame, assessments: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area and overall scores recomputed over comparable codes only.

    ``sums``: per ``assessment_id`` and ``area_code``, the ``weighted`` sum of
    comparable, answered question scores and the sum of their ``weight``s.
    ``expected``: per ``questionnaire_id``, the comparable areas with scored
    questions and their ``area_weight``. ``assessments``: ``assessment_id`` and
    ``questionnaire_id``. The rules are the scoring module's, applied by its vectorised
    copy: an area score is the weighted mean of its scored answers, the overall score
    the weighted mean of the (rounded) area scores, incomplete (NaN) if an expected
    area has no score.
    Returns ``(areas, overall)``: ``assessment_id, area_code, score`` and
    ``assessment_id, score``.
    """
    keys = pd.MultiIndex.from_frame(sums[["assessment_id", "area_code"]])
    groups, summed = pd.factorize(keys, sort=True)
    scores = vectorised.area_scores_from_sums(
        groups,
        sums["weighted"].to_numpy("float64"),
        sums["weight"].to_numpy("float64"),
        len(summed),
    )
    summed = summed.to_frame(index=False, name=["assessment_id", "area_code"]).assign(score=scores)
    areas = assessments.merge(expected, on="questionnaire_id", how="inner").merge(
        summed, on=["assessment_id", "area_code"], how="left"
    )
    owners, assessment_ids = pd.factorize(areas["assessment_id"], sort=True)
    overall = vectorised.overall_scores(
        owners,
        areas["score"].to_numpy("float64"),
        areas["area_weight"].to_numpy("float64"),
        len(assessment_ids),
    )
    overall = pd.DataFrame({"assessment_id": np.asarray(assessment_ids), "score": overall})
    return areas[["assessment_id", "area_code", "score"]], overall


def question_sums(questions: pd.DataFrame, question_weights: pd.DataFrame, question_codes):
    """``comparable_scores``'s sums from question rows (``questionnaire_id``, code, score)."""
    kept = questions[questions["question_code"].isin(question_codes) & questions["score"].notna()]
    weights = question_weights[["questionnaire_id", "question_code", "weight"]]
    kept = kept.merge(weights, on=["questionnaire_id", "question_code"], how="inner")
    kept = kept.assign(weighted=kept["score"] * kept["weight"])
    return kept[["assessment_id", "area_code", "weighted", "weight"]]


def expected_areas(
    question_weights: pd.DataFrame, area_weights: pd.DataFrame, question_codes, area_codes
):
    """Per version, the comparable areas that have scored comparable questions."""
    scored = question_weights[
        question_weights["scored"] & question_weights["question_code"].isin(question_codes)
    ]
    pairs = scored[["questionnaire_id", "area_code"]].drop_duplicates()
    pairs = pairs[pairs["area_code"].isin(area_codes)]
    return pairs.merge(area_weights, on=["questionnaire_id", "area_code"], how="left")


def common_codes(
    areas: list[VersionArea], questions: list[VersionQuestion]
) -> tuple[set[str], set[str]]:
    """Area and question codes present in every version listed."""
    by_version_areas: dict[int, set[str]] = {}
    by_version_questions: dict[int, set[str]] = {}
    for a in areas:
        by_version_areas.setdefault(a["questionnaire_id"], set()).add(a["code"])
    for q in questions:
        by_version_questions.setdefault(q["questionnaire_id"], set()).add(q["code"])
    area_sets = list(by_version_areas.values()) or [set()]
    question_sets = list(by_version_questions.values()) or [set()]
    return set.intersection(*area_sets), set.intersection(*question_sets)


def needs_recompute(structure, versions, area_codes, question_codes) -> bool:
    """Whether some version has codes beyond the comparable ones (so scores differ)."""
    areas, questions = structure
    return not all(
        {a["code"] for a in areas if a["questionnaire_id"] == v} == set(area_codes)
        and {q["code"] for q in questions if q["questionnaire_id"] == v} == set(question_codes)
        for v in set(versions)
    )


def affected_areas(structure, versions, area_codes, question_codes) -> set[str]:
    """Comparable areas holding a question that is not comparable, in some version.

    Only these need recomputing: any other comparable area asks the same
    questions in every version, so its stored score already compares like with like.
    """
    _, questions = structure
    versions = set(versions)
    return {
        q["area__code"]
        for q in questions
        if q["questionnaire_id"] in versions
        and q["area__code"] in area_codes
        and q["code"] not in question_codes
    }


def comparable_results(
    data: dict[str, pd.DataFrame],
    round_versions: Mapping[int, int],
    structure: VersionStructure,
    area_codes,
    question_codes,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area and overall scores of ``frames_from_rows`` data, over comparable codes only.

    When every version involved has exactly the comparable codes, the stored
    scores are used as they are; otherwise they are recomputed from the
    comparable questions' sums (``data["area_sums"]`` for frozen results, the
    question rows of live ones) in the ``affected_areas``, and from the stored
    scores of the others. Returns ``(areas, overall)`` frames with
    ``assessment_id``, ``authority_id``, ``round_id``, (``area_code``), ``score``.
    """
    keys = data["overall"][KEY_COLUMNS]
    if not needs_recompute(structure, round_versions.values(), area_codes, question_codes):
        area_frame = data["areas"][data["areas"]["area_code"].isin(area_codes)]
        area_frame = area_frame[[*KEY_COLUMNS, "area_code", "score"]]
        overall = data["overall"][[*KEY_COLUMNS, "overall_score"]]
        return area_frame, overall.rename(columns={"overall_score": "score"})
    question_weights, area_weights = weight_frames(*structure)
    assessments = keys.assign(questionnaire_id=keys["round_id"].map(round_versions))
    live = data["questions"].merge(
        assessments[["assessment_id", "questionnaire_id"]], on="assessment_id"
    )
    affected = affected_areas(structure, round_versions.values(), area_codes, question_codes)
    live = live[live["area_code"].isin(affected)]
    stored = data["areas"][
        data["areas"]["area_code"].isin(set(area_codes) - affected) & data["areas"]["score"].notna()
    ]
    # A stored score as a sum of weight one: the recomputation gives it back unchanged.
    stored = stored.assign(weighted=stored["score"], weight=1.0)
    sums = pd.concat(
        [
            data["area_sums"],
            question_sums(live, question_weights, question_codes),
            stored[["assessment_id", "area_code", "weighted", "weight"]],
        ],
        ignore_index=True,
    )
    area_frame, overall = comparable_scores(
        sums,
        expected_areas(question_weights, area_weights, question_codes, area_codes),
        assessments[["assessment_id", "questionnaire_id"]],
    )
    area_frame = area_frame.merge(keys, on="assessment_id", how="inner")
    overall = keys.merge(overall, on="assessment_id", how="left")
    return area_frame, overall


def slope_frame(
    overall, authorities, from_round, to_round, visible, min_authorities: int
) -> pd.DataFrame:
    """Per visible authority with a score in both rounds, plus the London median row."""
    scores = wide(
        overall, index="authority_id", columns="round_id", column_order=[from_round.pk, to_round.pk]
    )
    scores.columns = ["from_score", "to_score"]
    both = scores.dropna()
    rows: list[tuple[str, float, float]] = []
    names = {a.pk: a.name for a in authorities}
    for authority_id, row in both.iterrows():
        if authority_id in visible:
            rows.append((names[authority_id], row["from_score"], row["to_score"]))
    rows.sort()
    london_from = median_of(scores["from_score"], min_authorities)
    london_to = median_of(scores["to_score"], min_authorities)
    if london_from is not None and london_to is not None:
        rows.append((LONDON_MEDIAN, london_from, london_to))
    frame = pd.DataFrame(rows, columns=["name", "from_score", "to_score"])
    frame["change"] = (frame["to_score"] - frame["from_score"]).round(2)
    return frame


def london_frame(areas, overall, ordered_rounds, area_names, min_authorities: int) -> pd.DataFrame:
    """London median per comparable area and overall, round by round (None if too few)."""
    rows = []
    for round_ in ordered_rounds:
        in_round = areas[areas["round_id"] == round_.pk]
        for code, name in area_names.items():
            values = in_round.loc[in_round["area_code"] == code, "score"]
            rows.append((round_.name, name, median_of(values, min_authorities)))
        values = overall.loc[overall["round_id"] == round_.pk, "score"]
        rows.append((round_.name, "Overall", median_of(values, min_authorities)))
    frame = pd.DataFrame(rows, columns=["round_name", "series", "score"])
    frame["score"] = frame["score"].astype("float64")
    return frame


def area_names(areas: list[VersionArea], codes) -> dict[str, str]:
    """Area code -> name, in questionnaire order, for the given codes (newest name wins)."""
    names: dict[str, str] = {}
    for area in sorted(areas, key=lambda a: (a["order"], a["questionnaire_id"])):
        if area["code"] in codes:
            names[area["code"]] = area["name"]
    return names


def series_frame(areas: pd.DataFrame, overall: pd.DataFrame, rounds, names) -> pd.DataFrame:
    """``round_name``, ``series`` (area name or "Overall"), ``score``: one row per round
    and series, in round order, from comparable area and overall scores of one authority."""
    rows = []
    for round_ in rounds:
        in_round = areas[areas["round_id"] == round_.pk].set_index("area_code")["score"]
        for code, name in names.items():
            rows.append((round_.name, name, in_round.get(code)))
        match = overall.loc[overall["round_id"] == round_.pk, "score"]
        rows.append((round_.name, "Overall", match.iloc[0] if len(match) else None))
    frame = pd.DataFrame(rows, columns=["round_name", "series", "score"])
    frame["score"] = frame["score"].astype("float64")
    return frame

"""Statistics over the dashboards' frames: spreads, medians, level counts.

Pure functions, frame in, frame (or numbers) out. Every aggregate carries the
number of authorities behind it and is left empty (NaN/None) below
``min_authorities``, so no caller can show a median of too few by accident.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from reports.labels import LONDON_MEDIAN

STAT_COLUMNS = ["authorities", "lowest", "q1", "median", "q3", "highest"]


def _stats(values: np.ndarray, min_authorities: int) -> list:
    """[count, lowest, q1, median, q3, highest] of a float array without NaNs.

    Quartiles by linear interpolation, as pandas computes them. Below
    ``min_authorities`` values everything but the count is None.
    """
    count = int(values.size)
    if count < min_authorities or count == 0:
        return [count, None, None, None, None, None]
    low, q1, median, q3, high = np.quantile(values, [0, 0.25, 0.5, 0.75, 1])
    return [count, *(round(float(v), 2) for v in (low, q1, median, q3, high))]


def _floats(values) -> np.ndarray:
    array = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype="float64")
    return array[~np.isnan(array)]


def describe(values, min_authorities: int) -> dict:
    """Lowest, quartiles, median and highest of the non-empty values, with their count.

    Below ``min_authorities`` values, only the count is given (the rest is None).
    """
    return dict(zip(STAT_COLUMNS, _stats(_floats(values), min_authorities), strict=True))


def median_of(values, min_authorities: int) -> float | None:
    """The median of the non-empty values, or None below ``min_authorities``."""
    return describe(values, min_authorities)["median"]


def grouped_stats(frame: pd.DataFrame, key: str, keys, min_authorities: int) -> pd.DataFrame:
    """``describe`` of ``score`` for each value of ``key``, in the order of ``keys``."""
    return stat_frame(grouped_stat_rows(frame, key, keys, min_authorities), key)


def grouped_stat_rows(frame: pd.DataFrame, key: str, keys, min_authorities: int) -> list[list]:
    """``grouped_stats`` as plain rows ``[key value, *STAT_COLUMNS]`` (ints, floats and
    None only, so they can be kept in a cache whatever the pandas version).

    Sorts once, then slices each group's scores: fast for thousands of rows.
    """
    scores = frame["score"].to_numpy(dtype="float64")
    labels, uniques = pd.factorize(frame[key])
    keep = ~np.isnan(scores)
    scores, labels = scores[keep], labels[keep]
    order = np.argsort(labels, kind="stable")
    scores, labels = scores[order], labels[order]
    starts = {}
    if labels.size:
        edges = np.flatnonzero(labels[1:] != labels[:-1]) + 1
        bounds = np.concatenate([[0], edges, [labels.size]])
        starts = {
            uniques[labels[lo]]: (lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
        }
    rows = []
    for value in keys:
        lo, hi = starts.get(value, (0, 0))
        rows.append([value, *_stats(scores[lo:hi], min_authorities)])
    return rows


def stat_frame(rows: list[list], key: str) -> pd.DataFrame:
    """Rows from ``grouped_stat_rows`` as the frame ``grouped_stats`` gives."""
    stats = pd.DataFrame(rows, columns=[key, *STAT_COLUMNS])
    stats[STAT_COLUMNS[1:]] = stats[STAT_COLUMNS[1:]].astype("float64")
    return stats


def area_stats(
    overall: pd.DataFrame, areas: pd.DataFrame, area_list: pd.DataFrame, min_authorities: int
) -> pd.DataFrame:
    """Per area (in order) then ``overall``: authorities, lowest, q1, median, q3, highest."""
    stats = grouped_stats(areas, "area_code", area_list["area_code"], min_authorities)
    stats.insert(1, "area_name", list(area_list["area_name"]))
    row = {"area_code": "overall", "area_name": "Overall"} | describe(
        overall["overall_score"], min_authorities
    )
    stats = pd.concat([stats, pd.DataFrame([row])], ignore_index=True)
    stats[STAT_COLUMNS[1:]] = stats[STAT_COLUMNS[1:]].astype("float64")
    return stats


def group_medians(
    overall: pd.DataFrame,
    areas: pd.DataFrame,
    area_list: pd.DataFrame,
    groups: Mapping[str, set[int]],
    min_authorities: int,
) -> pd.DataFrame:
    """Median score per area and overall for each named group of authority ids.

    One row per group: ``group``, ``authorities`` (with an overall score), then one
    column per area code and ``overall``. Groups below ``min_authorities`` keep
    their row with empty medians, so the page can say why they are missing.
    """
    codes = list(area_list["area_code"])
    position = {code: index for index, code in enumerate(codes)}
    area_ids = areas["authority_id"].to_numpy()
    area_scores = areas["score"].to_numpy(dtype="float64")
    area_index = np.array([position.get(c, -1) for c in areas["area_code"].tolist()], dtype=int)
    overall_ids = overall["authority_id"].to_numpy()
    overall_scores = overall["overall_score"].to_numpy(dtype="float64")
    rows = []
    for label, members in groups.items():
        ids = np.fromiter(members, dtype=overall_ids.dtype if overall_ids.size else int)
        in_group = overall_scores[np.isin(overall_ids, ids)]
        in_group = in_group[~np.isnan(in_group)]
        in_areas = np.isin(area_ids, ids)
        row = {"group": label, "authorities": int(in_group.size)}
        for index, code in enumerate(codes):
            values = area_scores[in_areas & (area_index == index)]
            row[code] = _stats(values[~np.isnan(values)], min_authorities)[3]
        row["overall"] = _stats(in_group, min_authorities)[3]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["group", "authorities", *codes, "overall"])
    frame[[*codes, "overall"]] = frame[[*codes, "overall"]].astype("float64")
    return frame


def question_stats_from_rows(rows: list[list], question_list: pd.DataFrame) -> pd.DataFrame:
    """Per question of ``question_list`` (in order): the London distribution of question
    scores, from its rows (``grouped_stat_rows`` by question code)."""
    return question_list.merge(stat_frame(rows, "question_code"), on="question_code", how="left")


def level_counts(
    questions: pd.DataFrame, question_list: pd.DataFrame, level_numbers: list[int]
) -> pd.DataFrame:
    """Per question: how many authorities answered at each level, N/A, or not at all.

    ``questions`` holds one row per (assessment, question), as ``results_for``
    gives them; a row with neither a level nor N/A is not answered.
    """
    rows = []
    grouped = dict(tuple(questions.groupby("question_code")))
    for code in question_list["question_code"]:
        part = grouped.get(code, questions.iloc[0:0])
        counts = part["level"].value_counts()
        not_applicable = part["not_applicable"].astype(bool)
        row = {"question_code": code}
        for number in level_numbers:
            row[f"level_{number}"] = int(counts.get(number, 0))
        row["not_applicable"] = int(not_applicable.sum())
        row["not_answered"] = int((part["level"].isna() & ~not_applicable).sum())
        rows.append(row)
    columns = ["question_code", *[f"level_{n}" for n in level_numbers]]
    frame = pd.DataFrame(rows, columns=[*columns, "not_applicable", "not_answered"])
    return question_list.merge(frame, on="question_code", how="left")


def answer_counts(
    questions: pd.DataFrame, question_list: pd.DataFrame, answers: tuple[tuple[float, str], ...]
) -> pd.DataFrame:
    """Per question answered in words (yes or no): how many authorities gave each answer,
    N/A, or none. ``answers`` are each answer's score and word, as the question kind gives
    them (``AnswerKind.scored_answers``); a column ``answer_<n>`` counts the n-th."""
    rows = []
    grouped = dict(tuple(questions.groupby("question_code")))
    for code in question_list["question_code"]:
        part = grouped.get(code, questions.iloc[0:0])
        scores = part["score"].to_numpy(dtype="float64")
        not_applicable = part["not_applicable"].astype(bool).to_numpy()
        row = {"question_code": code}
        for index, (score, _) in enumerate(answers):
            row[f"answer_{index}"] = int((scores == score).sum())
        row["not_applicable"] = int(not_applicable.sum())
        row["not_answered"] = int((np.isnan(scores) & ~not_applicable).sum())
        rows.append(row)
    columns = ["question_code", *[f"answer_{i}" for i in range(len(answers))]]
    frame = pd.DataFrame(rows, columns=[*columns, "not_applicable", "not_answered"])
    return question_list.merge(frame, on="question_code", how="left")


def area_comparison(subject_overall, subject_areas, medians: list[dict], area_df):
    """One row per area and overall: an authority's score and level, then group medians.

    ``medians`` are ``group_medians`` rows (records) of the groups to compare with, in
    order. Returns ``(frame, benchmarks, hidden)``: the median columns shown, and the
    groups left out for having too few authorities.
    """
    frame = pd.concat(
        [
            area_df[["area_code", "area_name"]],
            pd.DataFrame([{"area_code": "overall", "area_name": "Overall"}]),
        ],
        ignore_index=True,
    )
    own = subject_areas.set_index("area_code")
    frame["score"] = [own["score"].get(c) for c in frame["area_code"][:-1]] + [
        subject_overall["overall_score"]
    ]
    frame["level"] = [own["level"].get(c) for c in frame["area_code"][:-1]] + [
        subject_overall["overall_level"]
    ]
    benchmarks, hidden = [], []
    for row in medians:
        column = f"{row['group']} median"
        if row["overall"] is None or pd.isna(row["overall"]):
            hidden.append(row["group"])
            continue
        frame[column] = [row.get(code) for code in frame["area_code"]]
        benchmarks.append(column)
    frame["level"] = frame["level"].astype("Float64")
    return frame, benchmarks, hidden


def ranked(scores: pd.DataFrame, score: str, level: str) -> pd.DataFrame:
    """Authorities with a score, highest first, with their rank and whether it is shared.

    Columns: ``authority_id``, ``name``, ``slug``, ``score``, ``level``, ``rank`` (equal
    scores share the best rank, so after two at 2nd comes 4th), ``tied``, and
    ``difference`` from the median of the ranked scores. Ties are ordered by name.
    """
    known = scores[scores[score].notna()]
    table = pd.DataFrame(
        {
            "authority_id": known["authority_id"].to_numpy(),
            "name": known["name"].to_numpy(),
            "slug": known["slug"].to_numpy(),
            "score": known[score].to_numpy(dtype="float64"),
            "level": known[level].to_numpy(),
        }
    )
    table = table.sort_values(["score", "name"], ascending=[False, True], kind="stable")
    table["rank"] = table["score"].rank(method="min", ascending=False).astype("int64")
    table["tied"] = table["rank"].duplicated(keep=False)
    median = float(np.median(table["score"])) if len(table) else float("nan")
    table["difference"] = (table["score"] - median).round(2)
    return table.reset_index(drop=True)


def headline(stats: pd.DataFrame, counts: dict[str, int], scale) -> dict:
    """Submitted and approved counts, the London median overall score and its spread.

    ``stats`` is ``area_stats``'; ``counts`` the round's assessments per status.
    """
    overall = stats[stats["area_code"] == "overall"].iloc[0]
    median = overall["median"]
    known = median is not None and not pd.isna(median)
    return {
        "submitted": counts["submitted"] + counts["approved"],
        "approved": counts["approved"],
        "median": median if known else None,
        "median_level": scale.name(scale.level_for_score(median)) if known else "",
        "spread": round(overall["q3"] - overall["q1"], 2) if known else None,
        "q1": overall["q1"] if known else None,
        "q3": overall["q3"] if known else None,
    }


def add_london_median(scores: pd.DataFrame, levels: pd.DataFrame, stats: pd.DataFrame, scale):
    """The London median of each column of ``score_matrix``' frames, as an extra row of
    both (with its level); none when every median is withheld (too few authorities)."""
    medians = stats.set_index("area_code")["median"]
    row = [medians.get(code) for code in scores.columns]
    if all(s is None or pd.isna(s) for s in row):
        return
    scores.loc[LONDON_MEDIAN] = row
    levels.loc[LONDON_MEDIAN] = [scale.level_for_score(s) for s in row]


def with_own_scores(stats: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """``question_stats_from_rows``' rows with one authority's ``score`` and ``level`` beside them
    (``own``: its question rows), labelled as charts name questions."""
    frame = stats.merge(own[["question_code", "score", "level"]], on="question_code", how="left")
    frame["label"] = frame["question_label"]
    return frame


def middle_half(overall: pd.DataFrame, round_ids, min_authorities: int) -> list | None:
    """``[(lower quartile, upper quartile), ...]`` of the comparable overall ``score`` in
    each round of ``round_ids`` (the London median's authorities: everyone with a score
    in that round), or None when any round has too few authorities."""
    band = []
    for round_id in round_ids:
        stats = describe(overall.loc[overall["round_id"] == round_id, "score"], min_authorities)
        if stats["q1"] is None:
            return None
        band.append((stats["q1"], stats["q3"]))
    return band


def most_improved(slope: pd.DataFrame, count: int) -> pd.DataFrame:
    """The ``count`` authorities of ``slope_frame`` whose score rose most (name order on
    ties); the London median row is not one of them."""
    improved = slope[(slope["name"] != LONDON_MEDIAN) & (slope["change"] > 0)]
    return improved.sort_values(["change", "name"], ascending=[False, True]).head(count)

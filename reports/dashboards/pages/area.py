"""An area deep dive: answers question by question (levels, or yes and no), and who to
learn from."""

from django.urls import reverse

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import area as charts_area
from reports.charts import base as charts
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.results import compared_results, named_results
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.labels import TOO_FEW_MESSAGE
from surveys.answers.kinds import kind_named

SLUG = "authority-slug"  # placeholder, replaced by each authority's slug


def area_page(viewer, round_, area, areas) -> dict:
    """The deep dive into ``area`` (one of ``areas``, the round's) for the viewer.

    The counts are over every approved result (when at least ``MIN_AUTHORITIES`` have
    one): of levels for questions on the maturity scale, of each answer for questions
    answered in words (yes or no, as the question kind says: ``scored_answers``). "Who to
    learn from" lists only the authorities the viewer may see by name, each linked to its
    answers where the viewer may see them.
    """
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    question_df = frames.question_list_frame(selectors.question_list(round_, area=area))
    question_df = question_df[question_df["scored"]].copy()
    question_df["label"] = question_df["question_label"]
    question_df["answers"] = [kind_named(kind).scored_answers for kind in question_df["kind"]]
    authority_df = frames.authority_frame(selectors.authority_list())
    rows = compared_results([round_], questions=True, area_code=area.code)
    everyone = frames.frames_from_rows(rows, authority_df, scale)
    named = frames.frames_from_rows(named_results(viewer, round_, rows), authority_df, scale)
    approved = int(everyone["overall"]["assessment_id"].nunique())
    in_area = everyone["questions"][everyone["questions"]["area_code"] == area.code]
    named_in_area = named["questions"][named["questions"]["area_code"] == area.code]
    questions = learn_from(named_in_area, named["overall"], question_df, scale, viewer, round_)
    return {
        "area": area,
        "areas": areas,
        "named": access.names_visible(viewer, round_),
        "questions": questions,
        "own_slug": viewer.authority_slug,
        "approved": approved,
        "min_authorities": MIN_AUTHORITIES,
        "charts": answer_charts(in_area, question_df, scale, round_, area, approved),
    }


def answer_charts(in_area, question_df, scale, round_, area, approved: int) -> list:
    """How many authorities answered each question at each level, and each question
    answered in words with each answer (or one chart saying there are too few)."""
    if approved < MIN_AUTHORITIES:
        return [
            charts.empty_chart(
                id="levels",
                title=f"Levels in {area.name}, question by question",
                message=f"{TOO_FEW_MESSAGE} (fewer than {MIN_AUTHORITIES} with approved results).",
                columns=[],
            )
        ]
    na_label = round_.questionnaire.not_applicable_label
    worded = question_df["answers"].map(bool)
    chart_list = []
    if not worded.all():
        counts = frames_stats.level_counts(in_area, question_df[~worded], scale.numbers)
        counts["label"] = counts["question_label"]
        chart_list.append(
            charts_area.level_distribution_chart(counts, scale, na_label, area.name, approved)
        )
    if worded.any():
        answers = question_df.loc[worded, "answers"].iloc[0]
        same = question_df[question_df["answers"].map(lambda a: a == answers)]
        counts = frames_stats.answer_counts(in_area, same, answers)
        counts["label"] = counts["question_label"]
        chart_list.append(
            charts_area.answer_distribution_chart(counts, answers, na_label, area.name, approved)
        )
    return chart_list


def people(overall, viewer, round_) -> dict[int, dict]:
    """Authority id -> how "who to learn from" names it: ``name``, ``url`` of its answers
    and evidence (empty where the viewer may not see them), and ``own``."""
    profile_url = reverse("reports:authority", args=[SLUG])
    ids = overall["authority_id"].tolist()
    with_evidence = selectors.evidence_visible(viewer, ids)
    return {
        authority_id: {
            "name": name,
            "url": profile_url.replace(SLUG, slug) + f"?round={round_.slug}"
            if authority_id in with_evidence
            else "",
            "own": authority_id == viewer.authority_id,
        }
        for authority_id, name, slug in zip(
            ids, overall["name"].tolist(), overall["slug"].tolist(), strict=True
        )
    }


def learn_from(questions, overall, question_df, scale, viewer, round_) -> list[dict]:
    """Per question, the authorities at each level (highest first) or with each answer
    ("Yes", then "No"), by name: ``levels``, each a ``label``, ``count`` and ``people``.

    ``questions`` and ``overall`` hold only the authorities the viewer may see by name
    (``named_results``); the template names each (``{% authority_names %}``).
    """
    person = people(overall.drop_duplicates("authority_id"), viewer, round_)
    answered = questions["level"].notna() | questions["score"].notna()
    rows = questions[answered].merge(overall[["assessment_id", "name"]], on="assessment_id")
    rows = rows.sort_values("name", kind="stable")
    by_level: dict[tuple[str, int], list[dict]] = {}
    by_score: dict[tuple[str, float], list[dict]] = {}
    for code, level, score, authority_id in zip(
        rows["question_code"].tolist(),
        rows["level"].astype("Int64").tolist(),
        rows["score"].tolist(),
        rows["authority_id"].tolist(),
        strict=True,
    ):
        by_level.setdefault((code, level), []).append(person[authority_id])
        by_score.setdefault((code, score), []).append(person[authority_id])
    result = []
    for question in question_df.to_dict("records"):
        code = question["question_code"]
        if question["answers"]:
            groups = [
                (word, by_score.get((code, score), [])) for score, word in question["answers"]
            ]
        else:
            groups = [
                (scale.label(level.number), by_level.get((code, level.number), []))
                for level in reversed(scale.levels)
            ]
        levels = [
            {"label": label, "count": len(found), "people": found}
            for label, found in groups
            if found
        ]
        result.append({**question, "levels": levels})
    return result

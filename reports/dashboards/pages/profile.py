"""An authority's profile: its areas and questions against London, its trend, its answers."""

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import profile as charts_profile
from reports.charts.base import is_missing
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.results import profile_results, result_rows
from reports.dashboards.round_stats import (
    london_group_medians,
    london_question_stats,
    results_state,
)
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.frames import trends as frames_trends
from reports.labels import LONDON, TOO_FEW_MESSAGE, whole
from reports.plans import selectors as plan_selectors
from surveys.answers.kinds import fields_of, kind_of
from surveys.models import Assessment


def profile_page(viewer, subject, round_, rounds) -> dict:
    """``subject``'s profile in ``round_`` for the viewer, who may open it
    (``selectors.authority_for_profile``).

    Its scores against the medians of London and its groups (approved results only),
    its trend over the rounds of the same questionnaire the viewer may see it in, and
    its answers and evidence where the viewer may see them, and its senior sign-off
    where the viewer may see that.
    """
    may_see_evidence = access.may_see_evidence(viewer, subject.pk)
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    areas = selectors.area_list(round_)
    authorities = selectors.authority_list()
    data = frames.frames_from_rows(
        profile_results(viewer, subject, round_), frames.authority_frame(authorities), scale
    )
    mine = data["overall"][data["overall"]["authority_id"] == subject.pk]
    chart_list, strengths, gaps, status = [], [], [], None
    if len(mine):
        status = mine.iloc[0]["status"]
        chart_list, strengths, gaps = compared_with_london(
            data, mine.iloc[0], subject, round_, areas, authorities, scale
        )
    trend, trend_notes = trend_frame(viewer, subject, selectors.same_questionnaire(rounds, round_))
    if trend is not None:
        chart_list.append(charts_profile.trend_chart(trend, subject.name, trend_notes))
    answers = []
    if may_see_evidence:
        answers = answer_rows(
            selectors.answers_with_evidence(viewer, subject, round_),
            scale,
            round_.questionnaire.not_applicable_label,
        )
    targets = plan_selectors.profile_targets(viewer, subject, round_.questionnaire_id)
    return {
        "targets": targets_against_levels(targets, data, mine, scale) if targets else [],
        "authority": subject,
        "is_own": subject.pk == viewer.authority_id,
        "status": status,
        "status_label": dict(Assessment.Status.choices).get(status, "") if status else "",
        "approved": status == Assessment.Status.APPROVED,
        "sign_off": selectors.sign_off_for_profile(viewer, subject, round_, status),
        "strengths": strengths,
        "gaps": gaps,
        "strength_tables": [
            ("Largest strengths", formatted(strengths)),
            ("Largest gaps", formatted(gaps)),
        ],
        "answers": answers,
        "may_see_evidence": may_see_evidence,
        "areas": areas,
        "min_authorities": MIN_AUTHORITIES,
        "charts": chart_list,
    }


def targets_against_levels(targets, data, mine, scale) -> list[dict]:
    """The authority's targets (``plan_selectors.profile_targets``) beside its current level
    in the round (its result's, as the page shows it): "" where it has none."""
    levels: dict[tuple[str, str], object] = {}
    if len(mine):
        assessment_id = mine.iloc[0]["assessment_id"]
        areas = data["areas"][data["areas"]["assessment_id"] == assessment_id]
        questions = data["questions"][data["questions"]["assessment_id"] == assessment_id]
        levels |= {
            (code, ""): level
            for code, level in zip(areas["area_code"], areas["level"], strict=True)
        }
        levels |= {
            ("", code): level
            for code, level in zip(questions["question_code"], questions["level"], strict=True)
        }
    rows = []
    for target in targets:
        key = ("", target.question_code) if target.question_code else (target.area_code, "")
        current = levels.get(key)
        rows.append(
            {
                "code": target.question_code or target.area_code,
                "label": target.label,
                "current": scale.label(current) if not is_missing(current) else "",
                "target": scale.label(target.level),
                "by_year": target.by_year,
            }
        )
    return rows


def compared_with_london(data, row, subject, round_, areas, authorities, scale):
    """``(charts, strengths, gaps)``: the subject's areas and questions against the medians
    of London (and its groups), which are over approved results only.

    ``data`` holds the subject's rows only: London's results are summed up by
    ``london_group_medians`` and ``london_question_stats``."""
    own_areas = data["areas"][data["areas"]["assessment_id"] == row["assessment_id"]]
    groups = selectors.comparison_groups(authorities)
    peer = {LONDON: groups[LONDON]} | selectors.groups_of(groups, subject.pk)
    area_df = frames.area_list_frame(areas)
    state = results_state(round_)  # one query for both of London's summaries
    medians = london_group_medians(round_, area_df, groups, state=state)
    by_group = {median["group"]: median for median in medians}
    wanted = [by_group[name] for name in peer]
    frame, benchmarks, hidden = frames_stats.area_comparison(row, own_areas, wanted, area_df)
    notes = [f"{TOO_FEW_MESSAGE}: {', '.join(hidden)}."] if hidden else []
    chart_list = [charts_profile.areas_chart(frame, subject.name, benchmarks, scale, notes)]
    question_df = frames.question_list_frame(selectors.question_list(round_))
    own_questions = data["questions"][data["questions"]["assessment_id"] == row["assessment_id"]]
    questions = frames_stats.with_own_scores(
        london_question_stats(round_, question_df[question_df["scored"]], state=state),
        own_questions,
    )
    chart_list.append(charts_profile.questions_chart(questions, subject.name, scale))
    strengths, gaps = charts_profile.strengths_and_gaps(questions)
    return chart_list, strengths, gaps


def trend_frame(viewer, authority, rounds):
    """The authority's comparable, approved scores in every round the viewer may see.

    ``rounds`` are of one questionnaire (``selectors.same_questionnaire``).
    Approved only, as London compares them: a draft's half-answered areas would
    read as a fall.
    """
    visible_rounds = selectors.trend_rounds(viewer, authority, rounds)
    structure = selectors.version_structure(r.questionnaire_id for r in visible_rounds)
    area_codes, question_codes = frames_trends.common_codes(*structure)
    versions = {r.pk: r.questionnaire_id for r in visible_rounds}
    rows = result_rows(
        visible_rounds,
        comparable_questions=question_codes
        if frames_trends.needs_recompute(structure, versions.values(), area_codes, question_codes)
        else None,
        recompute_areas=frames_trends.affected_areas(
            structure, versions.values(), area_codes, question_codes
        ),
        authority_id=authority.pk,
    )
    data = frames.frames_from_rows(rows, frames.authority_frame([authority]))
    with_results = [r for r in visible_rounds if r.pk in set(data["overall"]["round_id"])]
    if len(with_results) < 2:
        return None, []
    areas, overall = frames_trends.comparable_results(
        data, versions, structure, area_codes, question_codes
    )
    notes = ["Approved results only."]
    if len({r.questionnaire_id for r in with_results}) > 1:
        notes.append(
            "These rounds used different questionnaire versions: scores are compared over "
            f"the {len(question_codes)} questions that are in every version."
        )
    names = frames_trends.area_names(structure[0], area_codes)
    return frames_trends.series_frame(areas, overall, with_results, names), notes


def answer_rows(answers, scale, not_applicable_label: str) -> list[dict]:
    rows = []
    for answer in answers:
        question = answer.question
        value = kind_of(question).describe(
            fields_of(answer),
            na_label=not_applicable_label,
            unit=question.unit,
            level_label=scale.label,
        )
        rows.append(
            {
                "code": question.code,
                "area": question.area.name,
                "text": question.text,
                "value": value,
                "evidence": answer.evidence,
            }
        )
    return rows


def formatted(rows: list[dict]) -> list[dict]:
    """Strength and gap rows with numbers as the tables show them: whole, differences
    signed."""
    return [
        row
        | {
            "score": whole(row["score"]),
            "median": whole(row["median"]),
            "difference": whole(row["difference"], signed=True),
        }
        for row in rows
    ]

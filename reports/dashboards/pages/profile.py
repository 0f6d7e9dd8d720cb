"""An authority's profile: its areas and questions against London, its trend, its answers."""

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import profile as charts_profile
from reports.charts.base import cell_text
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.common import chosen_round, no_rounds, report_view, respond
from reports.dashboards.results import result_rows
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.frames import trends as frames_trends
from surveys.models import Assessment


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
        if answer.not_applicable:
            value = not_applicable_label
        elif answer.level is not None:
            value = scale.label(answer.level)
        elif answer.yes_no is not None:
            value = "Yes" if answer.yes_no else "No"
        elif answer.number is not None:
            value = f"{answer.number.normalize():f} {question.unit}".strip()
        else:
            value = answer.text or "Not answered"
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
    """Strength and gap rows with numbers as the tables show them (signed differences)."""
    return [
        row
        | {
            "score": cell_text(row["score"]),
            "median": cell_text(row["median"]),
            "difference": ("+" if row["difference"] > 0 else "") + cell_text(row["difference"]),
        }
        for row in rows
    ]


@report_view
def authority(request, viewer, slug):
    rounds = selectors.report_rounds()
    if not rounds:
        selectors.authority_for_profile(viewer, slug, None)
        return no_rounds(request)
    form, round_ = chosen_round(request, rounds)
    subject = selectors.authority_for_profile(viewer, slug, round_)
    live = access.may_see_evidence(viewer, subject.pk)
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    areas = selectors.area_list(round_)
    area_df = frames.area_list_frame(areas)
    question_df = frames.question_list_frame(selectors.question_list(round_))
    authorities = selectors.authority_list()
    data = frames.frames_from_rows(
        result_rows([round_], questions=True, live_authority_id=subject.pk if live else None),
        frames.authority_frame(authorities),
        scale,
    )
    approved = data["overall"]["status"] == Assessment.Status.APPROVED
    approved_ids = set(data["overall"].loc[approved, "assessment_id"])
    london = {
        name: frame[frame["assessment_id"].isin(approved_ids)] for name, frame in data.items()
    }
    mine = data["overall"][data["overall"]["authority_id"] == subject.pk]
    chart_list, strengths, gaps = [], [], []
    status = None
    if len(mine):
        row = mine.iloc[0]
        status = row["status"]
        assessment_id = row["assessment_id"]
        own_areas = data["areas"][data["areas"]["assessment_id"] == assessment_id]
        groups = selectors.comparison_groups(authorities)
        peer = {selectors.LONDON: groups[selectors.LONDON]} | selectors.groups_of(
            groups, subject.pk
        )
        frame, benchmarks, hidden = frames_stats.area_comparison(
            row, own_areas, london, peer, area_df, MIN_AUTHORITIES
        )
        notes = [f"{selectors.TOO_FEW_MESSAGE}: {', '.join(hidden)}."] if hidden else []
        chart_list.append(charts_profile.areas_chart(frame, subject.name, benchmarks, scale, notes))

        scored = question_df[question_df["scored"]]
        stats = frames_stats.question_stats(london["questions"], scored, MIN_AUTHORITIES)
        own_q = data["questions"][data["questions"]["assessment_id"] == assessment_id]
        q_frame = stats.merge(
            own_q[["question_code", "score", "level"]], on="question_code", how="left"
        )
        q_frame["label"] = q_frame["question_code"]
        chart_list.append(charts_profile.questions_chart(q_frame, subject.name, scale))
        strengths, gaps = charts_profile.strengths_and_gaps(q_frame)

    trend, trend_notes = trend_frame(viewer, subject, selectors.same_questionnaire(rounds, round_))
    if trend is not None:
        chart_list.append(charts_profile.trend_chart(trend, subject.name, trend_notes))

    answers = []
    if live:
        answers = answer_rows(
            selectors.answers_with_evidence(viewer, subject, round_),
            scale,
            round_.questionnaire.not_applicable_label,
        )
    context = {
        "round": round_,
        "rounds": rounds,
        "form": form,
        "authority": subject,
        "is_own": subject.pk == viewer.authority_id,
        "status": status,
        "status_label": dict(Assessment.Status.choices).get(status, ""),
        "approved": status == Assessment.Status.APPROVED,
        "strengths": strengths,
        "gaps": gaps,
        "strength_tables": [
            ("Largest strengths", formatted(strengths)),
            ("Largest gaps", formatted(gaps)),
        ],
        "answers": answers,
        "may_see_evidence": live,
        "areas": areas,
        "min_authorities": MIN_AUTHORITIES,
    }
    prefix = f"{subject.slug}-{round_.slug}"
    return respond(request, "reports/authority.html", context, chart_list, prefix)

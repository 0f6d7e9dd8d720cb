"""Trends: change between two rounds, and London medians over every round.

Only areas and questions whose codes are in both rounds' questionnaire versions
are compared; the page says where the versions' coverage differs.
"""

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import trends as charts_trends
from reports.dashboards import selectors
from reports.dashboards.results import compared_results
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.frames import trends as frames_trends
from reports.labels import plural

IMPROVED_COUNT = 10


def coverage_notes(structure, from_round, to_round, comparable) -> list[str]:
    """Plain-English differences between the two versions' questions and areas."""
    areas, questions = structure
    if from_round.questionnaire_id == to_round.questionnaire_id:
        return ["Both rounds used the same questionnaire version: every question is compared."]
    notes = []
    for round_ in (from_round, to_round):
        codes = {q["code"] for q in questions if q["questionnaire_id"] == round_.questionnaire_id}
        left_out = sorted(codes - set(comparable.question_codes))
        area_codes = {a["code"] for a in areas if a["questionnaire_id"] == round_.questionnaire_id}
        left_areas = sorted(area_codes - set(comparable.area_codes))
        if left_out:
            notes.append(
                f"{round_.name} (version {round_.questionnaire.version}) has "
                f"{plural(len(left_out), 'question')} the other round does not, left out here: "
                f"{', '.join(left_out)}."
            )
        if left_areas:
            notes.append(f"Areas only in {round_.name}, left out: {', '.join(left_areas)}.")
    if not notes:
        notes.append("The two versions ask the same questions: every question is compared.")
    return notes


def highlighted(slope, authorities, slug: str, viewer):
    """The authority the change chart picks out: the one ``slug`` names if the chart has it,
    else the viewer's own if it has that; else None (the chart has only the authorities
    with a score in both rounds that the viewer may see by name)."""
    in_chart = set(slope["name"])
    for authority in authorities:
        if authority.slug == slug and authority.name in in_chart:
            return authority
    for authority in authorities:
        if authority.pk == viewer.authority_id and authority.name in in_chart:
            return authority
    return None


def trends_page(
    viewer, from_round, to_round, with_results, *, authorities, highlight_slug=""
) -> dict:
    """Change from ``from_round`` to ``to_round`` (of one questionnaire), and London's
    medians over every round of that questionnaire in ``with_results``.

    Only the codes both rounds' versions share are compared. Authorities are named only
    where the viewer may see them by name in *both* rounds; the medians and quartiles are
    over every approved result. The change chart highlights the authority
    ``highlight_slug`` names (one of ``authorities``, every authority) if the viewer may
    see it there, else the viewer's own.
    """
    comparable = selectors.comparable(from_round, to_round)
    family = selectors.same_questionnaire(with_results, to_round)
    ordered = sorted(family, key=lambda r: (r.opens_on, r.pk))
    structure = selectors.version_structure(r.questionnaire_id for r in ordered)
    versions = {r.pk: r.questionnaire_id for r in ordered}
    recompute = frames_trends.needs_recompute(
        structure, versions.values(), comparable.area_codes, comparable.question_codes
    )
    data = frames.frames_from_rows(
        compared_results(
            ordered,
            comparable_questions=comparable.question_codes if recompute else None,
            recompute_areas=frames_trends.affected_areas(
                structure, versions.values(), comparable.area_codes, comparable.question_codes
            ),
        ),
        frames.authority_frame(authorities),
    )
    areas, overall = frames_trends.comparable_results(
        data, versions, structure, comparable.area_codes, comparable.question_codes
    )
    area_names = {
        a["code"]: a["name"]
        for a in sorted(structure[0], key=lambda a: a["order"])
        if a["questionnaire_id"] == to_round.questionnaire_id and a["code"] in comparable.area_codes
    }
    pair = [from_round, to_round]
    named = all(access.names_visible(viewer, r) for r in pair)
    visible = selectors.named_authority_ids(viewer, pair, set(overall["authority_id"]))
    slope = frames_trends.slope_frame(
        overall, authorities, from_round, to_round, visible, MIN_AUTHORITIES
    )
    band = frames_stats.middle_half(overall, [from_round.pk, to_round.pk], MIN_AUTHORITIES)
    highlight = highlighted(slope, authorities, highlight_slug, viewer)
    chart_list = [
        charts_trends.slope_chart(
            slope,
            from_round.name,
            to_round.name,
            highlight=highlight.name if highlight else "",
            band=band,
        ),
        charts_trends.london_trend_chart(
            frames_trends.london_frame(areas, overall, ordered, area_names, MIN_AUTHORITIES)
        ),
    ]
    improved = frames_stats.most_improved(slope, IMPROVED_COUNT)
    if named and len(improved):
        chart_list.append(charts_trends.improved_chart(improved, from_round.name, to_round.name))
    return {
        "named": named,
        "highlight": highlight,  # an Authority, or None
        "coverage": coverage_notes(structure, from_round, to_round, comparable),
        "questionnaire_name": to_round.questionnaire.name,
        "charts": chart_list,
    }

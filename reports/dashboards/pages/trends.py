"""Trends: change between two rounds, and London medians over every round.

Only areas and questions whose codes are in both rounds' questionnaire versions
are compared; the page says where the versions' coverage differs.
"""

from django.shortcuts import render

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import trends as charts_trends
from reports.dashboards import selectors
from reports.dashboards.common import FilterForm, report_view, respond
from reports.dashboards.results import result_rows
from reports.frames import results as frames
from reports.frames import trends as frames_trends

IMPROVED_COUNT = 10


def pick_rounds(form, with_results):
    """``(from, to, refused)``: two rounds of one questionnaire, oldest first, or None.

    The chosen ones if valid, different and of the same questionnaire; else the latest
    round (with another of its questionnaire) and the one before it. ``refused`` is a
    chosen "from" round left out for being of another questionnaire. ``with_results`` is
    newest first.
    """
    chosen_to = selectors.round_from(with_results, form.value("to"))
    for to_round in [chosen_to, *with_results] if chosen_to else with_results:
        family = selectors.same_questionnaire(with_results, to_round)
        if len(family) >= 2:
            break
    else:
        return None
    others = [r for r in family if r.pk != to_round.pk]
    older = [r for r in others if (r.opens_on, r.pk) < (to_round.opens_on, to_round.pk)]
    chosen_from = selectors.round_from(with_results, form.value("from"))
    refused = chosen_from if chosen_from is not None and chosen_from not in family else None
    from_round = selectors.round_from(others, form.value("from")) or (older or others)[0]
    if (from_round.opens_on, from_round.pk) > (to_round.opens_on, to_round.pk):
        from_round, to_round = to_round, from_round
    return from_round, to_round, refused


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
                f"{len(left_out)} question(s) the other round does not, left out here: "
                f"{', '.join(left_out)}."
            )
        if left_areas:
            notes.append(f"Areas only in {round_.name}, left out: {', '.join(left_areas)}.")
    if not notes:
        notes.append("The two versions ask the same questions: every question is compared.")
    return notes


@report_view
def trends(request, viewer):
    rounds = selectors.report_rounds()
    with_results = [r for r in rounds if r.approved_count]
    if len(with_results) < 2:
        return render(request, "reports/trends.html", {"not_enough": True, "rounds": rounds})
    choices = [(r.slug, r.name) for r in with_results]
    form = FilterForm(request.GET or None, choices={"from": choices, "to": choices})
    picked = pick_rounds(form, with_results)
    if picked is None:
        return render(request, "reports/trends.html", {"not_enough": True, "rounds": rounds})
    from_round, to_round, refused = picked
    comparable = selectors.comparable(from_round, to_round)
    family = selectors.same_questionnaire(with_results, to_round)
    ordered = sorted(family, key=lambda r: (r.opens_on, r.pk))
    authorities = selectors.authority_list()
    structure = selectors.version_structure(r.questionnaire_id for r in ordered)
    versions = {r.pk: r.questionnaire_id for r in ordered}
    recompute = frames_trends.needs_recompute(
        structure, versions.values(), comparable.area_codes, comparable.question_codes
    )
    data = frames.frames_from_rows(
        result_rows(
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
    # Named results need sharing in *both* rounds (or the CDO office's view).
    named = access.names_visible(viewer, from_round) and access.names_visible(viewer, to_round)
    ids = set(overall["authority_id"])
    visible = ids if named else {viewer.authority_id} & ids
    slope = frames_trends.slope_frame(
        overall, authorities, from_round, to_round, visible, MIN_AUTHORITIES
    )
    notes = coverage_notes(structure, from_round, to_round, comparable)
    chart_list = [charts_trends.slope_chart(slope, from_round.name, to_round.name)]
    chart_list.append(
        charts_trends.london_trend_chart(
            frames_trends.london_frame(areas, overall, ordered, area_names, MIN_AUTHORITIES)
        )
    )
    if named:
        improved = slope[(slope["name"] != charts_trends.LONDON_MEDIAN) & (slope["change"] > 0)]
        improved = improved.sort_values(["change", "name"], ascending=[False, True])
        if len(improved):
            chart_list.append(
                charts_trends.improved_chart(
                    improved.head(IMPROVED_COUNT), from_round.name, to_round.name
                )
            )
    context = {
        "rounds": rounds,
        "choices": choices,
        "form": form,
        "from_round": from_round,
        "to_round": to_round,
        "named": named,
        "coverage": notes,
        "refused": refused,
        "questionnaire_name": to_round.questionnaire.name,
        "same_round_error": form.is_bound
        and form.value("from")
        and form.value("from") == form.value("to"),
    }
    prefix = f"trends-{from_round.slug}-{to_round.slug}"
    return respond(request, "reports/trends.html", context, chart_list, prefix)

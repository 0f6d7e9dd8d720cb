"""An area deep dive: levels question by question, and who to learn from."""

from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import area as charts_area
from reports.charts import base as charts
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.common import chosen_round, no_rounds, report_view, respond
from reports.dashboards.results import result_rows
from reports.frames import results as frames
from reports.frames import stats as frames_stats

SLUG = "authority-slug"  # placeholder, replaced by each authority's slug


def person_html(person: dict, viewer, round_, profile_url: str) -> str:
    """One authority's name, as HTML with ``{anchor}`` where the question goes: linked
    to its answer and evidence if the viewer may see them."""
    name = escape(person["name"]).replace("{", "{{").replace("}", "}}")
    own = " (your authority)" if person["authority_id"] == viewer.authority_id else ""
    if not access.may_see_evidence(viewer, person["authority_id"]):
        return f"{name}{own}"
    url = escape(profile_url.replace(SLUG, person["slug"]) + f"?round={round_.slug}")
    hidden = '<span class="govuk-visually-hidden">: answer and evidence</span>'
    return f'<a class="govuk-link" href="{url}#answer-{{anchor}}">{name}{hidden}</a>{own}'


def learn_from(questions, overall, question_df, scale, viewer, round_) -> list[dict]:
    """Per question, the authorities at each level (highest first) the viewer may name.

    Each name links to the authority's answer and evidence only where the viewer
    may see them. Without named results, only the viewer's own authority is
    listed. Names are joined into HTML here: at national scale a deep dive lists
    thousands, which template loops render many times slower.
    """
    named = access.names_visible(viewer, round_)
    people = overall.set_index("assessment_id")[["name", "slug"]]
    rows = questions.join(people, on="assessment_id")
    if not named:
        rows = rows[rows["authority_id"] == viewer.authority_id]
    rows = rows[rows["level"].notna()].sort_values("name", kind="stable")
    buckets: dict[tuple[str, int], list[int]] = {}
    for code, level, authority_id in zip(
        rows["question_code"].tolist(),
        rows["level"].astype(int).tolist(),
        rows["authority_id"].tolist(),
        strict=True,
    ):
        buckets.setdefault((code, level), []).append(authority_id)
    profile_url = reverse("reports:authority", args=[SLUG])
    # Each authority's name or link is built once, then reused for every question.
    people = rows.drop_duplicates("authority_id")
    html_of = {
        authority_id: person_html(
            {"authority_id": authority_id, "name": name, "slug": slug}, viewer, round_, profile_url
        )
        for authority_id, name, slug in zip(
            people["authority_id"].tolist(),
            people["name"].tolist(),
            people["slug"].tolist(),
            strict=True,
        )
    }
    result = []
    for question in question_df.to_dict("records"):
        code = question["question_code"]
        levels = []
        for level in reversed(scale.levels):
            at_level = buckets.get((code, level.number), [])
            if at_level:
                anchor = escape(code)
                names = ", ".join(html_of[pk].format(anchor=anchor) for pk in at_level)
                # Every name and link in ``names`` was escaped by person_html.
                levels.append({"level": level, "count": len(at_level), "html": mark_safe(names)})  # noqa: S308
        result.append({**question, "levels": levels})
    return result


@report_view
def area(request, viewer, code):
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    form, round_ = chosen_round(request, rounds)
    areas = selectors.area_list(round_)
    current = next((a for a in areas if a.code == code), None)
    if current is None:
        raise Http404("No such area in this round's questionnaire")
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    question_df = frames.question_list_frame(selectors.question_list(round_, area=current))
    question_df = question_df[question_df["scored"]].copy()
    question_df["label"] = question_df["question_code"]
    data = frames.frames_from_rows(
        result_rows([round_], questions=True, area_code=code),
        frames.authority_frame(selectors.authority_list()),
        scale,
    )
    in_area = data["questions"][data["questions"]["area_code"] == code]
    approved = int(data["overall"]["assessment_id"].nunique())
    na_label = round_.questionnaire.not_applicable_label
    chart_list = []
    if approved >= MIN_AUTHORITIES:
        counts = frames_stats.level_counts(in_area, question_df, scale.numbers)
        counts["label"] = counts["question_code"]
        chart_list.append(
            charts_area.level_distribution_chart(counts, scale, na_label, current.name, approved)
        )
    else:
        chart_list.append(
            charts.empty_chart(
                id="levels",
                title=f"Levels in {current.name}, question by question",
                message=f"{selectors.TOO_FEW_MESSAGE} (fewer than {MIN_AUTHORITIES} "
                "with approved results).",
                columns=[],
            )
        )
    context = {
        "round": round_,
        "rounds": rounds,
        "form": form,
        "area": current,
        "areas": areas,
        "named": access.names_visible(viewer, round_),
        "questions": learn_from(in_area, data["overall"], question_df, scale, viewer, round_),
        "own_slug": viewer.authority_slug,
        "approved": approved,
        "min_authorities": MIN_AUTHORITIES,
    }
    return respond(request, "reports/area.html", context, chart_list, f"{code}-{round_.slug}")

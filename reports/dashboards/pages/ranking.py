"""The ranking view: the CDO office's league table, on request only.

The dashboards compare and do not rank: a rank turns a difference of a point into a
place. This page exists because the CDO office sometimes needs the order (e.g. to
pick authorities to learn from); it is for the CDO office and admins only, and
answers 404 to anyone else, as a page they cannot see.
"""

from django.http import Http404

from accounts import access
from reports.charts import ranking as charts_ranking
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.common import chosen_round_and_area, no_rounds, report_view, respond
from reports.dashboards.results import result_rows
from reports.frames import results as frames
from reports.frames import stats as frames_stats


@report_view
def ranking(request, viewer):
    if not access.may_see_ranking(viewer):
        raise Http404("No such page")
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    chosen = chosen_round_and_area(request, rounds, all_areas_label="Overall score")
    form, round_ = chosen.form, chosen.round
    area_choices, area_code = chosen.area_choices, chosen.area_code
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    authority_df = frames.authority_frame(selectors.authority_list())
    data = frames.frames_from_rows(result_rows([round_]), authority_df)
    if area_code:
        picked = data["areas"][data["areas"]["area_code"] == area_code].merge(
            authority_df[["authority_id", "slug"]], on="authority_id", how="left"
        )
        table = frames_stats.ranked(picked, "score", "level")
    else:
        table = frames_stats.ranked(data["overall"], "overall_score", "overall_level")
    subject = dict(area_choices)[area_code] if area_code else "Overall"
    chart = charts_ranking.ranking_chart(table, scale, subject)
    context = {
        "round": round_,
        "rounds": rounds,
        "form": form,
        "area_choices": area_choices,
        "area_code": area_code,
        "area_label": "Rank by",
        "subject": subject,
    }
    return respond(request, "reports/ranking.html", context, [chart], f"ranking-{round_.slug}")

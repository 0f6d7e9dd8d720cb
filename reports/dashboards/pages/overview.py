"""The London overview: headline figures and the cross-London charts of one round."""

import pandas as pd

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import overview as charts_overview
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.common import chosen_round_and_area, no_rounds, report_view, respond
from reports.dashboards.results import result_rows
from reports.frames import results as frames
from reports.frames import stats as frames_stats

LONDON_MEDIAN = "London median"


def headline(stats: pd.DataFrame, counts: dict[str, int], scale) -> dict:
    """Submitted and approved counts, the London median overall score and its spread."""
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


def london_row(stats: pd.DataFrame, codes: list[str], scale):
    """The London median of each column, as an extra heat-map row (None if too few)."""
    medians = stats.set_index("area_code")["median"]
    scores = [medians.get(code) for code in codes]
    if all(s is None or pd.isna(s) for s in scores):
        return None
    return scores, [scale.level_for_score(s) for s in scores]


@report_view
def overview(request, viewer):
    rounds = selectors.report_rounds()
    if not rounds:
        return no_rounds(request)
    chosen = chosen_round_and_area(request, rounds, all_areas_label="Overall")
    form, round_, areas = chosen.form, chosen.round, chosen.areas
    area_choices, area_code = chosen.area_choices, chosen.area_code
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    area_df = frames.area_list_frame(areas)
    authorities = selectors.authority_list()
    authority_df = frames.authority_frame(authorities)
    data = frames.frames_from_rows(result_rows([round_]), authority_df)
    overall, area_scores = data["overall"], data["areas"]
    named = access.names_visible(viewer, round_)
    stats = frames_stats.area_stats(overall, area_scores, area_df, MIN_AUTHORITIES)
    codes = [*area_df["area_code"], "overall"]

    # Heat map: everyone with results when names are visible, else one's own row only.
    visible = access.visible_authority_ids(viewer, round_, overall["authority_id"])
    scores, levels = frames.score_matrix(
        overall[overall["authority_id"].isin(visible)],
        area_scores[area_scores["authority_id"].isin(visible)],
        area_df,
    )
    extra = london_row(stats, codes, scale)
    if extra is not None:
        scores.loc[LONDON_MEDIAN] = extra[0]
        levels.loc[LONDON_MEDIAN] = extra[1]
    note = "" if named else "Other authorities are not shown by name for this round."
    chart_list = []
    if len(scores.index):
        chart_list.append(charts_overview.heatmap_chart(scores, levels, area_df, scale, note=note))

    if named:
        if area_code:
            picked = area_scores[area_scores["area_code"] == area_code]
            label = dict(area_choices)[area_code]
        else:
            picked = overall.rename(columns={"overall_score": "score", "overall_level": "level"})
            label = "Overall"
        tiles = charts_overview.tile_frame(authority_df, picked)
        chart_list.append(charts_overview.tile_map_chart(tiles, scale, label))

    own = None
    own_label = ""
    if viewer.authority_id is not None:
        mine = overall[overall["authority_id"] == viewer.authority_id]
        if len(mine):
            own_label = str(mine.iloc[0]["name"])
            own = frames.own_scores(mine.iloc[0], area_scores)
    chart_list.append(charts_overview.distribution_chart(stats, own, own_label, MIN_AUTHORITIES))
    groups = selectors.comparison_groups(authorities)
    medians = frames_stats.group_medians(overall, area_scores, area_df, groups, MIN_AUTHORITIES)
    area_labels = dict(zip(area_df["area_code"], area_df["area_name"], strict=True))
    area_labels["overall"] = "Overall"
    chart_list.append(charts_overview.group_medians_chart(medians, area_labels, MIN_AUTHORITIES))

    context = {
        "round": round_,
        "rounds": rounds,
        "form": form,
        "area_choices": area_choices,
        "area_code": area_code,
        "named": named,
        "headline": headline(stats, selectors.status_counts(round_), scale),
        "min_authorities": MIN_AUTHORITIES,
        "too_few_message": selectors.TOO_FEW_MESSAGE,
        "own_slug": viewer.authority_slug,
        "areas": areas,
        "scale": scale,
        "ranking_allowed": access.may_see_ranking(viewer),
    }
    return respond(request, "reports/overview.html", context, chart_list, f"overview-{round_.slug}")

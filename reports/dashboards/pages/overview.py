"""The London overview: headline figures and the cross-London charts of one round."""

from accounts import access
from accounts.access import MIN_AUTHORITIES
from reports.charts import overview as charts_overview
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.results import compared_results, named_results
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.frames import tables
from reports.labels import OVERALL, TOO_FEW_MESSAGE

NOT_NAMED_NOTE = "Other authorities are not shown by name for this round."


def overview_page(viewer, round_, areas, area_code: str, area_label: str) -> dict:
    """The overview of ``round_`` for the viewer, on one area (``area_code``) or overall.

    Spreads, group medians and the headline are over every approved result; the heat
    map names only the authorities the viewer may see by name (with the London median),
    and the tile map is drawn only where the viewer may see every authority's by name.
    """
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    area_df = frames.area_list_frame(areas)
    authorities = selectors.authority_list()
    authority_df = frames.authority_frame(authorities)
    rows = compared_results([round_])
    everyone = frames.frames_from_rows(rows, authority_df)
    names_visible = access.names_visible(viewer, round_)
    # Where names are visible every row is named (``named_results``): no second frame.
    named = (
        everyone
        if names_visible
        else frames.frames_from_rows(named_results(viewer, round_, rows), authority_df)
    )
    stats = frames_stats.area_stats(
        everyone["overall"], everyone["areas"], area_df, MIN_AUTHORITIES
    )

    chart_list = [
        *heatmap(named, stats, area_df, scale, "" if names_visible else NOT_NAMED_NOTE),
        *tile_map(named, authority_df, scale, area_code, area_label, names_visible),
        distribution(viewer, named, stats),
        group_medians(everyone, area_df, selectors.comparison_groups(authorities)),
    ]
    return {
        "named": names_visible,
        "headline": frames_stats.headline(stats, selectors.status_counts(round_), scale),
        "min_authorities": MIN_AUTHORITIES,
        "too_few_message": TOO_FEW_MESSAGE,
        "own_slug": viewer.authority_slug,
        "areas": areas,
        "scale": scale,
        "ranking_allowed": access.may_see_ranking(viewer),
        "charts": chart_list,
    }


def heatmap(named, stats, area_df, scale, note: str) -> list:
    """The heat map of the authorities named, with the London median row (if any row)."""
    scores, levels = frames.score_matrix(named["overall"], named["areas"], area_df)
    frames_stats.add_london_median(scores, levels, stats, scale)
    if not len(scores.index):
        return []
    return [charts_overview.heatmap_chart(scores, levels, area_df, scale, note=note)]


def tile_map(named, authority_df, scale, area_code, label, names_visible: bool) -> list:
    """The tile map of the chosen area (or overall), where every authority is named."""
    if not names_visible:  # a map shows every authority: it cannot be anonymised
        return []
    if area_code:
        picked = named["areas"][named["areas"]["area_code"] == area_code]
    else:
        overall = named["overall"]
        picked = overall.rename(columns={"overall_score": "score", "overall_level": "level"})
    return [charts_overview.tile_map_chart(tables.tile_frame(authority_df, picked), scale, label)]


def distribution(viewer, named, stats):
    """London's spread in each area, with the viewer's own authority's scores marked."""
    own, own_label = None, ""
    if viewer.authority_id is not None:
        mine = named["overall"][named["overall"]["authority_id"] == viewer.authority_id]
        if len(mine):
            own_label = str(mine.iloc[0]["name"])
            own = frames.own_scores(mine.iloc[0], named["areas"])
    return charts_overview.distribution_chart(stats, own, own_label, MIN_AUTHORITIES)


def group_medians(everyone, area_df, groups):
    """Medians of London, Inner and Outer London and the peer groups, side by side."""
    medians = frames_stats.group_medians(
        everyone["overall"], everyone["areas"], area_df, groups, MIN_AUTHORITIES
    )
    area_labels = dict(zip(area_df["area_code"], area_df["area_name"], strict=True))
    area_labels["overall"] = OVERALL
    return charts_overview.group_medians_chart(medians, area_labels, MIN_AUTHORITIES)

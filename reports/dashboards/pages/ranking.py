"""The ranking view: the CDO office's league table, on request only.

The dashboards compare and do not rank: a rank turns a difference of a point into a
place. This page exists because the CDO office sometimes needs the order (e.g. to
pick authorities to learn from); it is for the CDO office and admins only
(``accounts.access.may_see_ranking``), and answers 404 to anyone else, as a page
they cannot see.
"""

from reports.charts import ranking as charts_ranking
from reports.charts.palette import LevelScale
from reports.dashboards import selectors
from reports.dashboards.results import compared_results, named_results
from reports.frames import results as frames
from reports.frames import stats as frames_stats


def ranking_page(viewer, round_, area_code: str, subject: str) -> dict:
    """The authorities the viewer may see by name, ranked by their score in the area
    ``area_code`` (or overall, ``subject`` naming which)."""
    scale = LevelScale.from_levels(selectors.scale_levels(round_))
    authority_df = frames.authority_frame(selectors.authority_list())
    rows = named_results(viewer, round_, compared_results([round_]))
    data = frames.frames_from_rows(rows, authority_df)
    if area_code:
        picked = data["areas"][data["areas"]["area_code"] == area_code].merge(
            authority_df[["authority_id", "slug"]], on="authority_id", how="left"
        )
        table = frames_stats.ranked(picked, "score", "level")
    else:
        table = frames_stats.ranked(data["overall"], "overall_score", "overall_level")
    return {
        "area_label": "Rank by",
        "subject": subject,
        "charts": [charts_ranking.ranking_chart(table, scale, subject)],
    }

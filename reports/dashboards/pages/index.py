"""The reports landing page: what each dashboard shows, and where to start."""

from accounts import access
from reports.dashboards import selectors


def index_page(viewer, rounds) -> dict:
    """The dashboards on offer, the latest round's areas, and the authorities the viewer
    may open by name in it."""
    round_ = selectors.default_round(rounds)
    authorities = selectors.named_authorities(viewer, round_)
    return {
        "round": round_,
        "areas": selectors.area_list(round_) if round_ else [],
        "authorities": authorities,
        "named": round_ is not None and access.names_visible(viewer, round_),
        "own_slug": viewer.authority_slug,
        "ranking_allowed": access.may_see_ranking(viewer),
    }

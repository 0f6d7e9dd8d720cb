"""The reports landing page: what each dashboard shows, and where to start."""

from django.shortcuts import render

from accounts import access
from reports.dashboards import selectors
from reports.dashboards.common import report_view


@report_view
def index(request, viewer):
    rounds = selectors.report_rounds()
    round_ = selectors.default_round(rounds)
    named = round_ is not None and access.names_visible(viewer, round_)
    context = {
        "round": round_,
        "areas": selectors.area_list(round_) if round_ else [],
        "authorities": selectors.authority_list() if named else [],
        "named": named,
        "own_slug": viewer.authority_slug,
        "ranking_allowed": access.may_see_ranking(viewer),
    }
    return render(request, "reports/index.html", context)

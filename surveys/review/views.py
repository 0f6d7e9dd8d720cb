"""The CDO office's review: every round, and every authority's progress in one round.

Access: anonymous visitors are sent to sign in; the CDO office and admins may see
every review page; anyone else (borough users, people with no role) gets 403 on
every review URL, whether or not the object exists, so nothing is revealed.
The assessment pages and the transitions are in ``review_assessment``.
"""

from __future__ import annotations

from urllib.parse import quote

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts import access
from boroughs.selectors import peer_group_list
from surveys.review.forms import RoundFilterForm
from surveys.review.progress import (
    Progress,
    ProgressRow,
    round_for_review,
    round_progress,
    round_summaries,
    sort_progress,
)
from surveys.review.todo import open_round_todos

# Rows of the round's table a page: London's 33 are always one page; a national-scale
# round (hundreds) is paged, which keeps the page quick to send and to read. The map
# always shows every authority.
TABLE_ROWS = 100
# (sort key, column heading) of the round table's sortable columns, in order.
SORTABLE = {
    "name": "Authority",
    "status": "Status",
    "completion": "Completion",
    "last_activity": "Last activity",
    "submitted": "Submitted",
}


reviewer_required = access.require(access.may_review)


@reviewer_required
@require_GET
def rounds(request):
    """The CDO office's landing page: what waits for it in each open round and each closed
    round not yet published (submissions to review, returned, not started, moderation, the
    closing date), then every round's figures."""
    return render(
        request,
        "surveys/review/rounds.html",
        {"todos": open_round_todos(), "summaries": round_summaries(), "statuses": list(Progress)},
    )


@reviewer_required
@require_GET
def round_detail(request, slug):
    """All 33 authorities' progress in one round, as a sortable, filterable table and a map."""
    round_ = get_object_or_404(round_for_review(), slug=slug)
    form = RoundFilterForm(request.GET or None, peer_groups=peer_group_list())
    filters = form.filters()
    sort, direction = form.sort_and_direction()
    rows = round_progress(round=round_, **filters)
    rows = sort_progress(rows, sort=sort, descending=direction == "desc")
    link = _assessment_link()
    tiles = [_tile(row, link) for row in rows]
    table = Paginator(list(zip(rows, tiles, strict=True)), TABLE_ROWS).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/review/round.html",
        {
            "round": round_,
            "form": form,
            "filtered": any(filters.values()),
            "rows": rows,
            "table": table,
            "page_links": _page_links(table, f"{request.path}?{_query(filters, sort, direction)}"),
            "headings": _headings(request.path, filters, sort, direction),
            "tiles": tiles,
            "legend": list(Progress),
            "area_names": [area.name for area in rows[0].areas] if rows else [],
        },
    )


def _page_links(table, base: str) -> dict:
    """GOV.UK pagination of the table: previous, next and numbered links (None for one page)."""
    if table.paginator.num_pages == 1:
        return {}
    numbers = [
        {"number": n, "url": f"{base}&page={n}", "current": n == table.number}
        for n in table.paginator.page_range
    ]
    return {
        "previous": f"{base}&page={table.number - 1}" if table.has_previous() else "",
        "next": f"{base}&page={table.number + 1}" if table.has_next() else "",
        "numbers": numbers,
    }


def _query(filters: dict, sort: str, direction: str) -> str:
    query = QueryDict(mutable=True)
    if filters.get("status"):
        query["status"] = filters["status"]
    if filters.get("peer_group"):
        query["peer_group"] = filters["peer_group"].slug
    query["sort"] = sort
    query["dir"] = direction
    return query.urlencode()


def _headings(path: str, filters: dict, sort: str, direction: str) -> dict[str, dict]:
    """Sortable headings by key: a link that sorts by the column (or reverses it), aria-sort."""
    headings = {}
    for key, label in SORTABLE.items():
        current = key == sort
        next_direction = "desc" if current and direction == "asc" else "asc"
        aria_sort = "none"
        if current:
            aria_sort = "ascending" if direction == "asc" else "descending"
        headings[key] = {
            "label": label,
            "url": f"{path}?{_query(filters, key, next_direction)}",
            "aria_sort": aria_sort,
            "next": "descending" if next_direction == "desc" else "ascending",
        }
    return headings


def _assessment_link():
    """A function giving an assessment's review URL from its reference. ``reverse`` once,
    then fill the reference in: a national round's map and table have hundreds of links,
    and each ``reverse`` costs tens of microseconds."""
    placeholder = "REFERENCE"
    pattern = reverse("review:assessment", args=[placeholder])
    return lambda reference: pattern.replace(placeholder, quote(reference, safe=""))


def _tile(row: ProgressRow, link) -> dict:
    """A tile for ``includes/tile_map.html``: placed by the authority's grid cell, coloured
    by status, showing the status under the abbreviation, linking to the assessment
    (``link``: from ``_assessment_link``)."""
    assessment = row.assessment
    return {
        "abbreviation": row.authority.abbreviation,
        "name": row.authority.name,
        "column": row.authority.grid_column,
        "row": row.authority.grid_row,
        "status": row.status,
        "value": row.status.label,
        "url": link(assessment.reference) if assessment else "",
    }

"""The London-wide views of the registers, as page contexts: who uses what, contracts
ending, the joint-procurement opportunities (the collaboration view), and suppliers,
small firms and hosting.

Each builder reads in a constant number of queries (``reports.estate.selectors``) and
summarises in Python (``reports.estate.summaries``). Authorities are named only as
``accounts.access.may_see_register`` allows; where some may not be named, counts over
fewer than ``accounts.access.MIN_AUTHORITIES`` authorities are left out. Cost bands
and notes are never read.
"""

from __future__ import annotations

import datetime

from accounts import access
from reports.charts import estate as charts
from reports.estate import selectors, summaries

MONTHS = {"6": 6, "12": 12, "24": 24}
# Rows a page's table shows (the most authorities first); the CSV download has them all.
PAGE_ROWS = 100
DEFAULT_MONTHS = "12"


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last of the month when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _common(viewer, round_, rows) -> dict:
    disclosure = selectors.disclosure(viewer, round_, rows)
    return {
        "disclosure": disclosure,
        "all_named": disclosure.all_named,
        "min_authorities": access.MIN_AUTHORITIES,
        "authorities_total": len({row.authority_id for row in rows}),
        "systems_total": len(rows),
    }


def usage_page(viewer, round_, names, groups, filters: dict, *, limit=None) -> dict:
    """Who uses which product and supplier, by line of business (the first ``limit``
    rows; all for None, as the CSV has)."""
    rows = selectors.in_group(selectors.system_rows(round_), groups, filters["peer_group"])
    if filters["supplier"]:
        rows = [r for r in rows if r.supplier_id == filters["supplier"]]
    if filters["product"]:
        rows = [r for r in rows if r.product_id == filters["product"]]
    context = _common(viewer, round_, rows)
    usages, hidden, total = summaries.usage(
        rows, names, context["disclosure"], line_id=filters["line"] or None, limit=limit
    )
    return context | {"hidden": hidden, "charts": [charts.usage_chart(usages, total=total)]}


def _ending(round_, groups, months: int, peer_group: str):
    """Today, the window's end, and the systems whose contracts end in between."""
    today = datetime.date.today()
    until = months_after(today, months)
    rows = selectors.contract_rows(round_, ends_from=today, ends_to=until)
    return today, until, selectors.in_group(rows, groups, peer_group)


def contracts_page(
    viewer, round_, names, groups, *, months: int, peer_group: str, limit=None
) -> dict:
    """Contracts ending in the next ``months`` by product and line of business."""
    today, until, rows = _ending(round_, groups, months, peer_group)
    context = _common(viewer, round_, rows)
    usages, hidden, total = summaries.usage(rows, names, context["disclosure"], limit=limit)
    window = f"{months} months"
    return context | {
        "today": today,
        "until": until,
        "window": window,
        "hidden": hidden,
        "charts": [charts.usage_chart(usages, ending=True, window=window, total=total)],
    }


def collaboration_page(
    viewer, round_, names, groups, *, months: int, peer_group: str, limit=None
) -> dict:
    """The joint-procurement opportunities among contracts ending in the next ``months``
    (the CDO office's collaboration view)."""
    today, until, rows = _ending(round_, groups, months, peer_group)
    context = _common(viewer, round_, rows)
    with selectors.no_cycle_collection():  # thousands of small groups, no cycles
        found, hidden, total = summaries.collaboration(
            rows, names, context["disclosure"], today=today, until=until, limit=limit
        )
    window = f"{months} months"
    return context | {
        "today": today,
        "until": until,
        "window": window,
        "hidden": hidden,
        "charts": [charts.collaboration_chart(found, window=window, total=total)],
    }


def suppliers_page(viewer, round_, names, groups, *, peer_group: str) -> dict:
    """Supplier concentration, and small-firm share and hosting mix by peer group and by
    authority."""
    rows = selectors.in_group(selectors.system_rows(round_), groups, peer_group)
    context = _common(viewer, round_, rows)
    disclosure = context["disclosure"]
    counts, hidden = summaries.suppliers(rows, names, disclosure)
    by_group, hidden_groups = summaries.mix_by_group(rows, groups, disclosure)
    by_authority = summaries.mix_by_authority(rows, names, disclosure)
    return context | {
        "hidden": hidden,
        "hidden_groups": hidden_groups,
        "charts": [
            charts.supplier_chart(counts),
            charts.sme_chart(by_group, by="group"),
            charts.hosting_chart(by_group),
            charts.sme_chart(by_authority, by="authority"),
        ],
    }

"""The London-wide views of the registers (``/reports/estate/``). Each authorises
(``report_view``), chooses the round and filters from the query string, calls its page
builder (``reports.estate.pages``), and responds: the page, or a chart's CSV."""

from __future__ import annotations

from django.shortcuts import render

from reports.dashboards.common import FilterForm, report_view, respond
from reports.estate import pages, selectors


def _filters(request, viewer, **choices):
    """The rounds with registers, the filter form (round, peer group and ``choices``),
    the chosen round (None: no register yet), the names and the peer groups."""
    rounds = selectors.estate_rounds(viewer)
    groups = selectors.peer_groups()
    round_choices = [(r.slug, r.name) for r in rounds]
    group_choices = [("", "All authorities")] + [(g.slug, g.name) for g in groups.groups.values()]
    form = FilterForm(
        request.GET or None,
        choices={"round": [("", "Latest")] + round_choices, "peer_group": group_choices, **choices},
    )
    chosen = next((r for r in rounds if r.slug == form.value("round")), None)
    round_ = chosen or selectors.default_round(viewer, rounds)
    context = {
        "form": form,
        "round": round_,
        "round_options": round_choices,
        "group_choices": group_choices,
        "peer_group": form.value("peer_group"),
    }
    return form, round_, groups, context


def _limit(request):
    """Rows a table shows: all in a CSV download, else ``pages.PAGE_ROWS``."""
    return None if request.GET.get("format") == "csv" else pages.PAGE_ROWS


def _no_registers(request, template):
    return render(request, template, {"no_registers": True})


@report_view
def usage(request, viewer):
    """Who uses which product and supplier, by line of business."""
    names = selectors.names()
    lines = [("", "All lines of business")] + [(c, n) for c, n in names.lines.values()]
    suppliers = [("", "All suppliers")] + sorted(
        ((names.supplier_slugs[pk], name) for pk, name in names.suppliers.items()),
        key=lambda c: c[1],
    )
    products = [("", "All products")] + sorted(
        (
            (names.product_slugs[pk], f"{name} ({names.suppliers[names.product_supplier[pk]]})")
            for pk, name in names.products.items()
        ),
        key=lambda c: c[1],
    )
    form, round_, groups, context = _filters(
        request, viewer, line=lines, supplier=suppliers, product=products
    )
    if round_ is None:
        return _no_registers(request, "reports/estate/usage.html")
    chosen = {name: form.value(name) for name in ("line", "supplier", "product")}
    filters = {
        "peer_group": context["peer_group"],
        "line": {code: pk for pk, (code, _) in names.lines.items()}.get(chosen["line"]),
        "supplier": {v: k for k, v in names.supplier_slugs.items()}.get(chosen["supplier"], 0),
        "product": {v: k for k, v in names.product_slugs.items()}.get(chosen["product"], 0),
    }
    context |= {"line_choices": lines, "supplier_choices": suppliers, "product_choices": products}
    context |= {"chosen": chosen}
    context |= pages.usage_page(viewer, round_, names, groups, filters, limit=_limit(request))
    return respond(request, "reports/estate/usage.html", context, f"estate-{round_.slug}")


def _ending_view(request, viewer, template: str, builder, name: str):
    """A page of contracts ending in the next 6, 12 or 24 months (12 unless chosen)."""
    months = [(value, f"{value} months") for value in pages.MONTHS]
    form, round_, groups, context = _filters(request, viewer, months=months)
    if round_ is None:
        return _no_registers(request, template)
    chosen = form.value("months") or pages.DEFAULT_MONTHS
    context |= {"month_choices": months, "months": chosen}
    context |= builder(
        viewer,
        round_,
        selectors.names(),
        groups,
        months=pages.MONTHS[chosen],
        peer_group=context["peer_group"],
        limit=_limit(request),
    )
    return respond(request, template, context, f"estate-{name}-{round_.slug}-{chosen}m")


@report_view
def contracts(request, viewer):
    """Contracts ending soon, by product and line of business."""
    return _ending_view(
        request, viewer, "reports/estate/contracts.html", pages.contracts_page, "contracts"
    )


@report_view
def collaboration(request, viewer):
    """The joint-procurement opportunities: the CDO office's collaboration view."""
    return _ending_view(
        request,
        viewer,
        "reports/estate/collaboration.html",
        pages.collaboration_page,
        "collaboration",
    )


@report_view
def suppliers(request, viewer):
    """Supplier concentration, small-firm share and hosting mix."""
    form, round_, groups, context = _filters(request, viewer)
    if round_ is None:
        return _no_registers(request, "reports/estate/suppliers.html")
    context |= pages.suppliers_page(
        viewer, round_, selectors.names(), groups, peer_group=context["peer_group"]
    )
    return respond(
        request, "reports/estate/suppliers.html", context, f"estate-suppliers-{round_.slug}"
    )

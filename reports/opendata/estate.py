"""Open data of the technology estate registers: how many authorities use each product
and each supplier in a round, and for which lines of business. Counts only: never an
authority's name, a cost band, a contract date or a note.

Released for a published round only where the round's rule lets the public see who uses
what (``publishes_register_counts``: the open data's one rule, ``publishes_named_results``,
as ``accounts.access.may_see_register`` says of the open data); any other round's counts
are not found. Each table costs two queries, whatever the number of systems.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from estate.columns import LINES_SEPARATOR
from estate.models import System
from reports.exports import dictionary
from reports.exports.tables import Table
from reports.opendata.published import publishes_named_results
from surveys.models import Round


@dataclass(frozen=True)
class EstateCount:
    """One product (``product`` set) or supplier (``product`` empty) in a round's
    registers: how many authorities and systems, how many products (a supplier's), and
    the codes of the lines of business it serves, sorted."""

    supplier: str
    product: str
    authorities: int
    systems: int
    products: int
    lines_of_business: list[str]


def publishes_register_counts(round_: Round) -> bool:
    """Whether the public may have this published round's product and supplier counts."""
    return round_.status == Round.Status.PUBLISHED and publishes_named_results(round_)


def _lines(systems, key: str) -> dict[int, list[str]]:
    lines: dict[int, list[str]] = defaultdict(list)
    pairs = systems.values_list(key, "lines_of_business__code").distinct()
    for pk, code in pairs.order_by(key, "lines_of_business__code"):
        if code is not None:  # a system with no line of business
            lines[pk].append(code)
    return lines


def product_counts(round_: Round) -> list[EstateCount]:
    """Every product in the round's registers, by supplier then product (two queries)."""
    systems = System.objects.filter(register__round=round_)
    lines = _lines(systems, "product_id")
    rows = (
        systems.values("product_id", "product__name", "product__supplier__name")
        .annotate(authorities=Count("register__authority", distinct=True), systems=Count("pk"))
        .order_by("product__supplier__name", "product__name")
    )
    return [
        EstateCount(
            supplier=row["product__supplier__name"],
            product=row["product__name"],
            authorities=row["authorities"],
            systems=row["systems"],
            products=1,
            lines_of_business=lines.get(row["product_id"], []),
        )
        for row in rows
    ]


def supplier_counts(round_: Round) -> list[EstateCount]:
    """Every supplier in the round's registers, by name (two queries)."""
    systems = System.objects.filter(register__round=round_)
    lines = _lines(systems, "product__supplier_id")
    rows = (
        systems.values("product__supplier_id", "product__supplier__name")
        .annotate(
            authorities=Count("register__authority", distinct=True),
            systems=Count("pk"),
            products=Count("product", distinct=True),
        )
        .order_by("product__supplier__name")
    )
    return [
        EstateCount(
            supplier=row["product__supplier__name"],
            product="",
            authorities=row["authorities"],
            systems=row["systems"],
            products=row["products"],
            lines_of_business=lines.get(row["product__supplier_id"], []),
        )
        for row in rows
    ]


def products_table(round_: Round) -> Table:
    columns = dictionary.names(dictionary.OPEN_DATA_PRODUCTS)
    rows = (
        [round_.slug, c.supplier, c.product, c.authorities, c.systems, _joined(c)]
        for c in product_counts(round_)
    )
    return Table(f"london-technology-estate-{round_.slug}-products", columns, rows)


def suppliers_table(round_: Round) -> Table:
    columns = dictionary.names(dictionary.OPEN_DATA_SUPPLIERS)
    rows = (
        [round_.slug, c.supplier, c.products, c.authorities, c.systems, _joined(c)]
        for c in supplier_counts(round_)
    )
    return Table(f"london-technology-estate-{round_.slug}-suppliers", columns, rows)


def _joined(count: EstateCount) -> str:
    return LINES_SEPARATOR.join(count.lines_of_business)

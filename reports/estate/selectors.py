"""Reads for the London-wide views of the registers, in a constant number of queries.

``estate_rounds`` (one query) gives the rounds with registers; ``system_rows`` (two
queries) every system of a round with its lines of business; ``contract_rows`` (two
queries) only the contracts ending in a date range; ``names`` (three queries) the names
of authorities, products, suppliers and lines of business; ``peer_groups`` (two queries)
the groups and their members. The rest
are pure summaries over those rows (``reports.estate.summaries``).

Cost bands and notes are never read here. Authorities are named only as
``accounts.access.may_see_register`` allows (``Disclosure``).
"""

from __future__ import annotations

import datetime
import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Q

from accounts import access
from boroughs.models import Authority, PeerGroup
from estate.models import LineOfBusiness, Product, System
from surveys.models import Round


class SystemRow(NamedTuple):
    """One system of a register: no cost band, no note. (A named tuple: tens of
    thousands are made for one national page.)"""

    system_id: int
    authority_id: int
    product_id: int
    supplier_id: int
    hosting: str
    sme: bool | None
    ends_on: datetime.date | None
    lines: frozenset[int]


@dataclass
class Names:
    """What the rows' ids are called."""

    authorities: dict[int, tuple[str, str]] = field(default_factory=dict)  # (name, slug)
    products: dict[int, str] = field(default_factory=dict)
    product_supplier: dict[int, int] = field(default_factory=dict)
    suppliers: dict[int, str] = field(default_factory=dict)
    product_slugs: dict[int, str] = field(default_factory=dict)
    supplier_slugs: dict[int, str] = field(default_factory=dict)
    lines: dict[int, tuple[str, str]] = field(default_factory=dict)  # (code, name), in order

    def authority(self, pk: int) -> str:
        return self.authorities.get(pk, ("", ""))[0]

    def line(self, pk: int) -> str:
        return self.lines.get(pk, ("", ""))[1]


@dataclass(frozen=True)
class Groups:
    """Peer groups (by slug) and the authorities in each."""

    groups: dict[str, PeerGroup]
    members: dict[int, frozenset[int]]  # peer group id -> authority ids


@dataclass(frozen=True)
class Disclosure:
    """What the viewer may see of the authorities in the rows: ``named`` are those whose
    registers they may see by name (``access.register_visible_authority_ids``). Where
    some may not be named, a count over fewer than ``access.MIN_AUTHORITIES`` authorities
    is not shown (``count_shown``), as on the other dashboards."""

    named: frozenset[int]
    all_named: bool

    def count_shown(self, count: int) -> bool:
        return self.all_named or count >= access.MIN_AUTHORITIES


def disclosure(viewer, round_, rows: list[SystemRow]) -> Disclosure:
    ids = {row.authority_id for row in rows}
    named = access.register_visible_authority_ids(viewer, round_, ids)
    # Whether every authority would be named, whoever is in the rows.
    all_named = access.may_see_register(viewer, -1, round_)
    return Disclosure(frozenset(named), all_named)


# --- Queries ----------------------------------------------------------------------------


def estate_rounds(viewer) -> list[Round]:
    """Rounds that have begun and have registers, newest first, with ``register_count``
    and ``own_register`` (the viewer's authority has one): one query."""
    own = Q(registers__authority_id=viewer.authority_id or 0)
    return list(
        Round.objects.exclude(status=Round.Status.UPCOMING)
        .annotate(register_count=Count("registers"), own_register=Count("registers", filter=own))
        .filter(register_count__gt=0)
        .order_by("-opens_on", "-pk")
    )


def default_round(viewer, rounds: list[Round]) -> Round | None:
    """The newest round with registers the viewer may see something of: names
    (``access.may_see_register``), their own, or counts over enough authorities."""
    for round_ in rounds:
        if (
            access.may_see_register(viewer, -1, round_)
            or round_.own_register  # type: ignore[attr-defined]
            or round_.register_count >= access.MIN_AUTHORITIES  # type: ignore[attr-defined]
        ):
            return round_
    return rounds[0] if rounds else None


@contextmanager
def no_cycle_collection():
    """Pause Python's cyclic garbage collector while tens of thousands of rows are read.

    The rows are plain tuples that form no cycles, but making them triggers full
    collections over every object of the process (Django, pandas, plotly...): at
    national scale a third of the collaboration view's time (docs/performance.md).
    Reference counting still frees everything; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _lines(systems) -> dict[int, frozenset[int]]:
    """The lines of business of the systems in the ``systems`` queryset (one query)."""
    through = System.lines_of_business.through
    lines: dict[int, set[int]] = defaultdict(set)
    pairs = through.objects.filter(system__in=systems.values("pk")).order_by()
    for system_id, line_id in pairs.values_list("system_id", "lineofbusiness_id"):
        lines[system_id].add(line_id)
    return {pk: frozenset(ids) for pk, ids in lines.items()}


def system_rows(round_) -> list[SystemRow]:
    """Every system of the round's registers with its lines of business (two queries:
    the systems, then their lines)."""
    systems = System.objects.filter(register__round=round_)
    values = systems.order_by("pk").values_list(
        "pk",
        "register__authority_id",
        "product_id",
        "product__supplier_id",
        "hosting",
        "supplier_sme",
        "contract_ends_on",
    )
    empty: frozenset[int] = frozenset()
    with no_cycle_collection():
        lines = _lines(systems)
        return [SystemRow(*fields, lines=lines.get(fields[0], empty)) for fields in values]


class ContractRow(NamedTuple):
    """A system whose contract ends in a window: what the contract views need (the
    attributes ``SystemRow`` and ``estate.opportunities.Contract`` share), and no more,
    as a national page reads tens of thousands."""

    system_id: int
    authority_id: int
    product_id: int
    ends_on: datetime.date | None  # never None: the rows are read by their end date
    lines: frozenset[int]


def contract_rows(round_, *, ends_from: datetime.date, ends_to: datetime.date):
    """The round's systems whose contracts end from ``ends_from`` to ``ends_to`` (both
    included; the ``system_contract_end`` index), soonest first, with their lines of
    business (two queries)."""
    systems = System.objects.filter(
        register__round=round_, contract_ends_on__range=(ends_from, ends_to)
    )
    values = systems.order_by("contract_ends_on", "pk").values_list(
        "pk", "register__authority_id", "product_id", "contract_ends_on"
    )
    empty: frozenset[int] = frozenset()
    with no_cycle_collection():
        lines = _lines(systems)
        return [ContractRow(*fields, lines=lines.get(fields[0], empty)) for fields in values]


def names() -> Names:
    """Authorities, products with their suppliers, and lines of business (three queries)."""
    result = Names()
    for pk, name, slug in Authority.objects.order_by("name").values_list("pk", "name", "slug"):
        result.authorities[pk] = (name, slug)
    products = Product.objects.order_by().values_list(
        "pk", "name", "slug", "supplier_id", "supplier__name", "supplier__slug"
    )
    for pk, name, slug, supplier_id, supplier_name, supplier_slug in products:
        result.products[pk] = name
        result.product_slugs[pk] = slug
        result.product_supplier[pk] = supplier_id
        result.suppliers[supplier_id] = supplier_name
        result.supplier_slugs[supplier_id] = supplier_slug
    for pk, code, name in LineOfBusiness.objects.values_list("pk", "code", "name"):
        result.lines[pk] = (code, name)
    return result


def peer_groups() -> Groups:
    """The peer groups by name, and their members (two queries)."""
    groups = {group.slug: group for group in PeerGroup.objects.order_by("name")}
    members: dict[int, set[int]] = defaultdict(set)
    through = PeerGroup.authorities.through
    for group_id, authority_id in through.objects.values_list("peergroup_id", "authority_id"):
        members[group_id].add(authority_id)
    return Groups(groups, {pk: frozenset(ids) for pk, ids in members.items()})


def in_group(rows: list[SystemRow], groups: Groups, slug: str) -> list[SystemRow]:
    """The rows of the peer group's members (all rows for no group)."""
    group = groups.groups.get(slug)
    if group is None:
        return rows
    members = groups.members.get(group.pk, frozenset())
    return [row for row in rows if row.authority_id in members]

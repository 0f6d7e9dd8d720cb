"""Pure summaries of the registers' systems (``reports.estate.selectors.SystemRow``) for
the London-wide views: no queries. Authorities are named as ``Disclosure`` allows, the
others counted; a row whose count may not be shown to the viewer is left out and
counted in ``Hidden``."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import cast

from estate.models import System
from estate.opportunities import opportunities
from reports.estate.selectors import Disclosure, Groups, Names, SystemRow

HOSTING = list(System.Hosting.choices)  # [(value, label)]
GAP_DAYS = 365  # contracts ending within a year of each other are "close"


MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def short_date(day: datetime.date) -> str:
    """ "3 Mar 2027" (as ``strftime("%-d %b %Y")`` in English, several times faster: a
    national page writes thousands)."""
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


@dataclass
class Named:
    """Authorities: those the viewer may name, and how many others."""

    named: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    others: int = 0

    @property
    def count(self) -> int:
        return len(self.named) + self.others

    @property
    def text(self) -> str:
        names = ", ".join(name for name, _ in self.named)
        if not self.others:
            return names
        return f"{names} and {self.others} other" + ("s" if self.others > 1 else "")


def named(ids, names: Names, disclosure: Disclosure) -> Named:
    shown = sorted(names.authorities.get(pk, ("", "")) for pk in ids if pk in disclosure.named)
    return Named(shown, len(set(ids)) - len(shown))


@dataclass
class Hidden:
    """How many rows were left out for counting fewer than ``MIN_AUTHORITIES``."""

    rows: int = 0


@dataclass
class Usage:
    line: str
    product: str
    supplier: str
    authorities: Named
    systems: int
    first_end: datetime.date | None = None  # the soonest contract end (contracts ending)


def _keep(count: int, disclosure: Disclosure, hidden: Hidden) -> bool:
    if disclosure.count_shown(count):
        return True
    hidden.rows += 1
    return False


def usage(
    rows: list[SystemRow],
    names: Names,
    disclosure: Disclosure,
    *,
    line_id: int | None = None,
    limit: int | None = None,
) -> tuple[list[Usage], Hidden, int]:
    """Who uses which product for which line of business (only ``line_id`` if given):
    most authorities first, then by line of business and product; the first ``limit``
    (all for None), the hidden rows and how many rows there are in all."""
    by_key: dict[tuple[int, int], list[SystemRow]] = defaultdict(list)
    for row in rows:
        for line in row.lines:
            if line_id is None or line == line_id:
                by_key[(line, row.product_id)].append(row)
    hidden, counted = Hidden(), []
    for (line, product), systems in by_key.items():
        ids = {row.authority_id for row in systems}
        if _keep(len(ids), disclosure, hidden):
            key = (-len(ids), names.line(line), names.products.get(product, ""))
            counted.append((key, line, product, ids, systems))
    counted.sort(key=lambda item: item[0])
    result = []
    for _, line, product, ids, systems in counted[:limit]:
        ends = [row.ends_on for row in systems if row.ends_on is not None]
        supplier = names.suppliers.get(names.product_supplier.get(product, 0), "")
        result.append(
            Usage(
                names.line(line),
                names.products.get(product, ""),
                supplier,
                named(ids, names, disclosure),
                len(systems),
                min(ends) if ends else None,
            )
        )
    return result, hidden, len(counted)


@dataclass
class Group:
    """A joint-procurement opportunity as the page shows it."""

    product: str
    supplier: str
    lines: list[str]
    authorities: Named
    ends: list[tuple[str, datetime.date]]  # (name, end date) of the named, soonest first
    first_end: datetime.date
    last_end: datetime.date

    @property
    def ends_text(self) -> str:
        """The named authorities with their contract ends, and how many others."""
        text = "; ".join(f"{name}: {short_date(end)}" for name, end in self.ends)
        others = self.authorities.others
        if not others:
            return text
        more = f"{others} authorit{'y' if others == 1 else 'ies'} not named"
        return f"{text}; and {more}" if text else more


def collaboration(
    rows: list[SystemRow],
    names: Names,
    disclosure: Disclosure,
    *,
    today: datetime.date,
    until: datetime.date,
    limit: int | None = None,
) -> tuple[list[Group], Hidden, int]:
    """Joint-procurement opportunities among contracts ending from today until ``until``
    (``estate.opportunities``), most authorities first: the first ``limit`` (all for
    None), the hidden ones and how many there are in all."""
    # The rows have the four attributes a Contract has (estate.opportunities.ContractLike).
    found = opportunities(rows, starts_on=today, ends_on=until, gap_days=GAP_DAYS)
    order = {pk: index for index, pk in enumerate(names.lines)}
    hidden = Hidden()
    shown = [item for item in found if _keep(len(item.members), disclosure, hidden)]
    result = []
    for item in shown[:limit]:
        supplier = names.suppliers.get(names.product_supplier.get(item.product_id, 0), "")
        line_ids = cast(frozenset[int], item.lines)  # the rows' lines are LineOfBusiness ids
        line_order = sorted(line_ids, key=lambda pk: order.get(pk, len(order)))
        result.append(
            Group(
                names.products.get(item.product_id, ""),
                supplier,
                [names.line(pk) for pk in line_order],
                named(item.authority_ids, names, disclosure),
                [(names.authority(pk), end) for pk, end in item.members if pk in disclosure.named],
                item.first_end,
                item.last_end,
            )
        )
    return result, hidden, len(shown)


@dataclass
class SupplierCount:
    supplier: str
    authorities: int
    systems: int
    lines: int  # lines of business it supplies somewhere
    share: float  # of every (authority, line of business) pair, the percentage it serves


def suppliers(rows: list[SystemRow], names: Names, disclosure: Disclosure):
    """How many authorities depend on each supplier, and its share of the lines of
    business run (pairs of authority and line of business served); most authorities
    first. Names no authority."""
    authorities, lines, pairs = defaultdict(set), defaultdict(set), defaultdict(set)
    systems: Counter = Counter()
    every_pair = set()
    for row in rows:
        systems[row.supplier_id] += 1
        authorities[row.supplier_id].add(row.authority_id)
        for line in row.lines:
            lines[row.supplier_id].add(line)
            pairs[row.supplier_id].add((row.authority_id, line))
            every_pair.add((row.authority_id, line))
    hidden, result = Hidden(), []
    for pk, ids in authorities.items():
        if not _keep(len(ids), disclosure, hidden):
            continue
        share = 100 * len(pairs[pk]) / len(every_pair) if every_pair else 0.0
        result.append(
            SupplierCount(names.suppliers.get(pk, ""), len(ids), systems[pk], len(lines[pk]), share)
        )
    result.sort(key=lambda s: (-s.authorities, -s.share, s.supplier))
    return result, hidden


@dataclass
class Mix:
    """Small-firm share and hosting mix of a set of systems."""

    label: str
    authorities: int
    systems: int
    sme: int  # systems whose supplier is a small firm
    sme_known: int  # systems where it is known
    hosting: dict[str, int]

    @property
    def sme_share(self) -> float | None:
        return 100 * self.sme / self.sme_known if self.sme_known else None

    def hosting_share(self, value: str) -> float:
        return 100 * self.hosting.get(value, 0) / self.systems if self.systems else 0.0

    @property
    def hosting_shares(self) -> list[float]:
        return [self.hosting_share(value) for value, _ in HOSTING]


def mix_of(label: str, rows: list[SystemRow]) -> Mix:
    known = [row for row in rows if row.sme is not None]
    return Mix(
        label,
        len({row.authority_id for row in rows}),
        len(rows),
        sum(1 for row in known if row.sme),
        len(known),
        dict(Counter(row.hosting for row in rows)),
    )


def mix_by_authority(rows: list[SystemRow], names: Names, disclosure: Disclosure) -> list[Mix]:
    """The mix of each authority the viewer may name, by name."""
    by_authority: dict[int, list[SystemRow]] = defaultdict(list)
    for row in rows:
        if row.authority_id in disclosure.named:
            by_authority[row.authority_id].append(row)
    result = [mix_of(names.authority(pk), part) for pk, part in by_authority.items()]
    return sorted(result, key=lambda m: m.label)


def mix_by_group(rows: list[SystemRow], groups: Groups, disclosure: Disclosure):
    """London's mix, then each peer group's (of its members with a register); a group
    whose count may not be shown is left out."""
    hidden = Hidden()
    result = (
        [mix_of("London", rows)]
        if _keep(len({r.authority_id for r in rows}), disclosure, hidden)
        else []
    )
    for group in groups.groups.values():
        members = groups.members.get(group.pk, frozenset())
        part = [row for row in rows if row.authority_id in members]
        mix = mix_of(group.name, part)
        if mix.authorities and _keep(mix.authorities, disclosure, hidden):
            result.append(mix)
    return result, hidden

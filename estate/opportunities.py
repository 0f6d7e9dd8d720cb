"""Joint-procurement opportunities: authorities whose contracts for the same product end
close together, so they could buy the next one together.

A pure function over plain values (no Django, no database), so the rule is tested on its
own and the London-wide views (``reports.estate``) only feed it rows and name the result.

The rule (``opportunities``):

* only contracts with an end date inside the window (from ``starts_on`` to ``ends_on``,
  both included) count; a contract with no end date never does;
* two contracts are *close* when they are for the same product, serve at least one line
  of business in common, and end within ``gap_days`` of each other;
* closeness chains: if A is close to B and B to C, all three are one group, even when A
  and C end further apart (so every group is a set of contracts linked end to end);
* a group needs at least two different authorities: one authority alone (even with
  several contracts for the product) is not an opportunity. An authority appears once in
  a group, with its earliest end date there.

Groups come most authorities first, then the soonest first end date, then product.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Protocol

DEFAULT_GAP_DAYS = 365


@dataclass(frozen=True)
class Contract:
    """One system's contract: whose, for which product, serving which lines of business
    (any hashable keys), ending when (None: not known)."""

    authority_id: int
    product_id: int
    ends_on: datetime.date | None
    lines: frozenset[Hashable] = frozenset()


class ContractLike(Protocol):
    """What the rule reads of a contract (a ``Contract``, or a row with the same four)."""

    @property
    def authority_id(self) -> int: ...
    @property
    def product_id(self) -> int: ...
    @property
    def ends_on(self) -> datetime.date | None: ...
    @property
    def lines(self) -> frozenset[Hashable]: ...


@dataclass(frozen=True)
class Opportunity:
    """Authorities whose contracts for one product end close together."""

    product_id: int
    members: tuple[tuple[int, datetime.date], ...]  # (authority_id, end date), soonest first
    lines: frozenset[Hashable]  # every line of business the group's contracts serve

    @property
    def authority_ids(self) -> list[int]:
        return [authority_id for authority_id, _ in self.members]

    @property
    def first_end(self) -> datetime.date:
        return self.members[0][1]

    @property
    def last_end(self) -> datetime.date:
        return self.members[-1][1]


def _product_groups(contracts: list, gap: datetime.timedelta) -> list[list]:
    """Contracts of one product, sorted by end date, linked into groups.

    Two contracts are linked when they share a line of business and end within ``gap``;
    among the contracts serving one line, sorted by end date, such a pair is joined by a
    chain of neighbours each within ``gap`` too, so linking neighbours per line gives the
    same groups in O(n log n) rather than comparing every pair (union-find, inlined: it
    runs for every contract of a national page)."""
    parent = list(range(len(contracts)))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    last: dict[Hashable, int] = {}  # line -> the latest contract serving it so far
    for index, contract in enumerate(contracts):  # in end-date order
        for line in contract.lines:
            before = last.get(line)
            last[line] = index
            if before is not None and contract.ends_on - contracts[before].ends_on <= gap:
                parent[find(before)] = find(index)
    members: dict[int, list] = defaultdict(list)
    for index, contract in enumerate(contracts):
        members[find(index)].append(contract)
    return [group for group in members.values() if len(group) > 1]


def _opportunity(product_id: int, contracts: list) -> Opportunity | None:
    earliest: dict[int, datetime.date] = {}
    lines: set[Hashable] = set()
    for contract in contracts:
        assert contract.ends_on is not None
        known = earliest.get(contract.authority_id)
        if known is None or contract.ends_on < known:
            earliest[contract.authority_id] = contract.ends_on
        lines |= contract.lines
    if len(earliest) < 2:
        return None
    members = tuple(sorted(earliest.items(), key=lambda item: (item[1], item[0])))
    return Opportunity(product_id, members, frozenset(lines))


def opportunities(
    contracts: Iterable[ContractLike],
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    gap_days: int = DEFAULT_GAP_DAYS,
) -> list[Opportunity]:
    """The joint-procurement groups among ``contracts`` (the rule: the module docstring):
    ``Contract`` objects or anything with the same four attributes."""
    by_product: dict[int, list] = defaultdict(list)
    for contract in contracts:
        if contract.ends_on is not None and starts_on <= contract.ends_on <= ends_on:
            by_product[contract.product_id].append(contract)
    gap = datetime.timedelta(days=gap_days)
    result = []
    for product_id, product_contracts in by_product.items():
        product_contracts.sort(key=attrgetter("ends_on", "authority_id"))
        for group in _product_groups(product_contracts, gap):
            found = _opportunity(product_id, group)
            if found is not None:
                result.append(found)
    return sorted(result, key=lambda o: (-len(o.members), o.first_end, o.product_id))

"""The CDO office's export of every authority's technology estate register: one row per
system (columns: ``reports.exports.dictionary.REGISTERS``: the round, the authority, then
the register's own columns, ``estate.columns.COLUMNS``, as the register's download has
them). Exports are the CDO office's and admins' (``accounts.access.may_export``), who may
see every register and its contract details (``accounts.access.may_see_register`` and
``may_see_contract_details``), so cost bands and notes are included. The round and peer
group filters apply; the area filter does not. Streamed in two queries, whatever the
number of systems; text made safe for spreadsheets by ``reports.exports.render``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from estate.columns import COLUMNS, system_row
from estate.models import System
from reports.exports import dictionary
from reports.exports.tables import CHUNK_SIZE, Scope, Table

ORDER = (
    "register__round__opens_on",
    "register__round__name",
    "register__authority__name",
    "product__name",
    "pk",
)


def registers_table(scope: Scope) -> Table:
    parts = ["registers", scope.round.slug if scope.round else "all-rounds"]
    if scope.peer_group is not None:
        parts.append(scope.peer_group.slug)
    return Table("-".join(parts), dictionary.names(dictionary.REGISTERS), _rows(scope))


def _where(scope: Scope) -> Q:
    where = Q()
    if scope.round is not None:
        where &= Q(register__round=scope.round)
    if scope.peer_group is not None:
        where &= Q(register__authority__peer_groups=scope.peer_group)
    return where


def _line_codes(where: Q) -> Iterator[tuple[int, list[str]]]:
    """``(system id, its lines' codes)`` in the systems' order, systems without a line
    left out (one query, streamed)."""
    through = System.lines_of_business.through.objects.filter(
        system__in=System.objects.filter(where)
    )
    rows = through.order_by(*(f"system__{field}" for field in ORDER)).values_list(
        "system_id", "lineofbusiness__code"
    )
    current, codes = None, []
    for system_id, code in rows.iterator(CHUNK_SIZE):
        if system_id != current and current is not None:
            yield current, codes
            codes = []
        current = system_id
        codes.append(code)
    if current is not None:
        yield current, codes


def _rows(scope: Scope) -> Iterator[list]:
    """Every system in scope by round, authority and product (two queries, streamed)."""
    where = _where(scope)
    systems = (
        System.objects.filter(where)
        .select_related("register__round", "register__authority", "product__supplier")
        .order_by(*ORDER)
    )
    lines = _line_codes(where)
    pending = next(lines, None)
    for system in systems.iterator(CHUNK_SIZE):
        codes: list[str] = []
        if pending is not None and pending[0] == system.pk:
            codes = pending[1]
            pending = next(lines, None)
        row = system_row(system, codes)
        register = system.register
        yield [
            register.round.slug,
            register.authority.gss_code,
            register.authority.name,
            *(row[name] for name in COLUMNS),
        ]

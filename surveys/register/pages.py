"""What the register pages show (docs/estate.md, "For a borough lead"): which round's
register a borough user works on, the register's rows and numbers, and each change's
before and after in words. Reads only; the views decide who may see and change it
(``accounts.access``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Value, When
from django.http import Http404
from django.utils.formats import date_format

from accounts.access import may_edit_register, may_see_contract_details, viewer_for
from boroughs.models import Authority
from estate.columns import COLUMNS, LINES_SEPARATOR
from estate.models import Register, System, SystemChange
from estate.selectors import (
    register_of,
    register_summary,
    system_history,
    system_in,
    systems_of,
)
from surveys.models import Assessment, Round

# The register's columns as the history names them (estate.columns.COLUMNS).
COLUMN_LABELS = {
    "supplier": "Supplier",
    "product": "Product",
    "lines_of_business": "Lines of business",
    "hosting": "Hosting",
    "contract_starts_on": "Contract start",
    "contract_ends_on": "Contract end",
    "annual_cost_band": "Annual cost band",
    "procurement_route": "Procurement route",
    "supplier_sme": "Supplier is a small or medium enterprise",
    "note": "Note",
}
# Contract values and notes: shown only where may_see_contract_details allows.
CONTRACT_DETAIL_COLUMNS = ("annual_cost_band", "note")
DATE_COLUMNS = ("contract_starts_on", "contract_ends_on")
CHOICE_LABELS = {
    "hosting": dict(System.Hosting.choices),
    "annual_cost_band": dict(System.CostBand.choices),
    "procurement_route": dict(System.Route.choices),
    "supplier_sme": {"yes": "Yes", "no": "No"},
}


def register_round(authority: Authority) -> Round | None:
    """The round whose register the pages show: the most recent open round in which the
    authority has an assessment (as the plan pages read the latest assessment's round);
    else the round of its latest assessment, shown read-only; None without any
    assessment. One query."""
    open_first = Case(When(round__status=Round.Status.OPEN, then=Value(0)), default=Value(1))
    latest = (
        Assessment.objects.filter(authority=authority)
        .select_related("round")
        .order_by(open_first, "-round__opens_on", "-round__pk")
        .first()
    )
    return latest.round if latest else None


@dataclass(frozen=True)
class RegisterPlace:
    """Where a borough user's register pages are: the authority, the round (None: no
    assessment yet), the register (None: not started), and whether the user may change
    it and see its contract values and notes."""

    authority: Authority
    round: Round | None
    register: Register | None
    editable: bool
    contract_details: bool


def register_place(user, authority: Authority, *, start=None) -> RegisterPlace:
    """The user's register pages' place. ``start`` (``estate.services.register_start``,
    given by views that may write) makes the register, carrying over last round's, when
    the user may change it; anyone else reads the register as it is."""
    round_ = register_round(authority)
    editable = round_ is not None and may_edit_register(user, authority.pk, round_)
    register = None
    if round_ is not None:
        register = register_of(authority_id=authority.pk, round_id=round_.pk)
        if register is None and editable and start is not None:
            register = start(authority=authority, round=round_, actor=user)
    return RegisterPlace(
        authority=authority,
        round=round_,
        register=register,
        editable=editable,
        contract_details=may_see_contract_details(viewer_for(user), authority.pk),
    )


def register_context(place: RegisterPlace) -> dict:
    """The register page's context: its systems, numbers and where it came from."""
    register = place.register
    systems = systems_of(register) if register else []
    started_from = None
    if register is not None and register.started_from_id:
        started_from = (
            Register.objects.select_related("round").filter(pk=register.started_from_id).first()
        )
    summary = register_summary(register)
    return {
        "place": place,
        "authority": place.authority,
        "round": place.round,
        "register": register,
        "systems": [_system_row(system, register) for system in systems],
        "summary": summary,
        "sme_percent": None if summary.sme_share is None else round(summary.sme_share * 100),
        "hosting_mix": _mix(summary.hosting, System.Hosting.choices),
        "route_mix": _mix(summary.routes, System.Route.choices),
        "started_from": started_from,
    }


@dataclass(frozen=True)
class SystemRow:
    system: System
    lines: tuple[str, ...]
    carried_over: bool  # copied from last round's register and not changed since


def _system_row(system: System, register: Register | None) -> SystemRow:
    carried = bool(
        register is not None
        and register.started_from_id
        and system.version == 1
        and system.created_at == register.created_at
    )
    lines = tuple(line.name for line in system.lines_of_business.all())
    return SystemRow(system=system, lines=lines, carried_over=carried)


def _mix(counts, choices) -> list[tuple[str, int]]:
    return [(label, counts[code]) for code, label in choices if counts.get(code)]


def system_in_register(place: RegisterPlace, system_id: int) -> System | None:
    """A system of the user's register, or None."""
    return system_in(place.register, system_id) if place.register else None


def system_or_404(place: RegisterPlace, system_id: int) -> System:
    """A system of the user's register (another authority's, another round's or an
    unknown id: 404)."""
    system = system_in_register(place, system_id)
    if system is None:
        raise Http404("No such system in your register")
    return system


def was_in_register(place: RegisterPlace, system_id: int) -> bool:
    """Whether the register ever had this system (a colleague may have removed it)."""
    return bool(place.register and system_history(place.register, system_id))


@dataclass(frozen=True)
class ChangedColumn:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    change: SystemChange
    columns: tuple[ChangedColumn, ...]


def _shown(column: str, value: str, lines: dict[str, str]) -> str:
    if not value:
        return ""
    if column == "lines_of_business":
        return ", ".join(lines.get(code, code) for code in value.split(LINES_SEPARATOR))
    if column in DATE_COLUMNS:
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return CHOICE_LABELS.get(column, {}).get(value, value)


def history_entries(
    changes: list[SystemChange], *, contract_details: bool, lines: dict[str, str]
) -> list[HistoryEntry]:
    """Each change with the columns it changed (an addition or a carry-over: every column
    it set; a removal: every column it had), in words; ``lines`` names lines of business
    by code. Cost bands and notes only with ``contract_details``."""
    entries = []
    for change in changes:
        columns = []
        for column in COLUMNS:
            if column in CONTRACT_DETAIL_COLUMNS and not contract_details:
                continue
            before = _shown(column, change.before.get(column, ""), lines)
            after = _shown(column, change.after.get(column, ""), lines)
            if before != after:
                columns.append(ChangedColumn(COLUMN_LABELS[column], before, after))
        entries.append(HistoryEntry(change=change, columns=tuple(columns)))
    return entries


def history_title(changes: list[SystemChange]) -> str:
    """The system's name as its latest change knows it: "Uniform (Idox)"."""
    for change in changes:
        row = change.after or change.before
        if row.get("product"):
            return f"{row['product']} ({row.get('supplier', '')})"
    return "A system"

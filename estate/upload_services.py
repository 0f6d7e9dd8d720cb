"""Replacing an authority's register with an uploaded file's rows (docs/estate.md,
"Uploading and downloading"), in one transaction: all or nothing.

The rows (``estate.upload.parse_register``, already checked) become the register's
systems in the round. A row meets an existing system with the same product and lines of
business: if nothing else differs it is left as it is (unchanged), otherwise it is
changed (its version goes up); systems no row meets are removed and rows that meet no
system are added. Every addition, change and removal is kept as a ``SystemChange`` with
the action "upload", and ``register.upload`` is recorded in the audit log.

Only the authority's leads and contributors, while the round is open
(``accounts.access.may_edit_register``). The register's ``changed_at`` as the form read
it is checked: if anyone changed the register since, :class:`RegisterChanged` is raised
and nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.access import may_edit_register
from audit.services import audit_record
from boroughs.models import Authority
from estate.columns import system_row
from estate.models import Product, Register, System, SystemChange
from estate.services import (
    RegisterNotEditable,
    product_for_name,
    register_start,
    supplier_for_name,
)
from estate.upload import UploadRow

FIELDS = (
    "hosting",
    "contract_starts_on",
    "contract_ends_on",
    "cost_band",
    "route",
    "supplier_sme",
    "note",
)


class RegisterChanged(Exception):  # noqa: N818 - reads better at the call site
    """Someone changed the register after the upload form was read; nothing was written.
    ``register`` is the register as it is now."""

    def __init__(self, *, register: Register | None):
        super().__init__("The register was changed by someone else")
        self.register = register


@dataclass(frozen=True)
class ReplaceResult:
    added: int
    changed: int
    removed: int
    unchanged: int

    @property
    def systems(self) -> int:
        return self.added + self.changed + self.unchanged


def _locked_register(
    authority: Authority, round_, expected: datetime.datetime | None, actor, request
):
    register = (
        Register.objects.select_for_update().filter(authority=authority, round=round_).first()
    )
    if register is None and expected is None:
        register_start(authority=authority, round=round_, actor=actor, request=request)
        return Register.objects.select_for_update().get(authority=authority, round=round_)
    if register is None or expected is None or register.changed_at != expected:
        raise RegisterChanged(register=register)
    return register


def _products(rows: list[UploadRow]) -> dict[tuple[str, str], Product]:
    """The product of each row by its names; new suppliers and products are made here
    (a few queries for each new name, none for a known one)."""
    found: dict[tuple[str, str], Product] = {}
    for row in rows:
        if row.names_key in found:
            continue
        product = row.product
        if product is None:
            supplier = supplier_for_name(name=row.supplier_name)
            product = product_for_name(supplier=supplier, name=row.product_name)
        found[row.names_key] = product
    return found


def _key(product_id: int, lines) -> tuple:
    return (product_id, frozenset(line.pk for line in lines))


def _existing(register: Register) -> dict[tuple, list[System]]:
    """The register's systems by product and lines of business. Two queries."""
    existing: dict[tuple, list[System]] = {}
    systems = register.systems.select_related("product__supplier").prefetch_related(
        "lines_of_business"
    )
    for system in systems.order_by("pk"):
        key = _key(system.product_id, system.lines_of_business.all())
        existing.setdefault(key, []).append(system)
    return existing


def _pairs(rows: list[UploadRow], existing: dict[tuple, list[System]], product_id_of):
    """Each row with the system it meets (None: it meets none, so it is added), and the
    systems no row meets (removed). ``product_id_of(row)`` is None for a new product."""
    pairs: list[tuple[UploadRow, System | None]] = []
    for row in rows:
        product_id = product_id_of(row)
        matches = existing.get(_key(product_id, row.lines_of_business)) if product_id else None
        pairs.append((row, matches.pop(0) if matches else None))
    return pairs, [system for left in existing.values() for system in left]


def _change(system: System, action: str, before: dict, after: dict, actor, now) -> SystemChange:
    return SystemChange(
        register_id=system.register_id,
        system_id=system.pk,
        action=action,
        before=before,
        after=after,
        version=system.version,
        changed_at=now,
        changed_by=actor,
    )


def _new_system(register: Register, row: UploadRow, product: Product, actor, now) -> System:
    system = System(
        register=register, product=product, created_at=now, changed_at=now, changed_by=actor
    )
    for name in FIELDS:
        setattr(system, name, getattr(row, name))
    return system


@transaction.atomic
def register_replace(
    *,
    authority: Authority,
    round,
    rows: list[UploadRow],
    expected_changed_at: datetime.datetime | None,
    actor,
    request=None,
) -> ReplaceResult:
    """Make the register's systems in ``round`` those of ``rows`` (module docstring).
    ``expected_changed_at`` is the register's ``changed_at`` when the form was read
    (None: it had not been started; it is started here, carried over, then replaced)."""
    if not may_edit_register(actor, authority.pk, round):
        raise RegisterNotEditable("You cannot change this register")
    register = _locked_register(authority, round, expected_changed_at, actor, request)
    now = timezone.now()
    products = _products(rows)
    pairs, removed = _pairs(rows, _existing(register), lambda row: products[row.names_key].pk)
    changes: list[SystemChange] = []
    added: list[tuple[System, UploadRow]] = []
    changed: list[System] = []
    unchanged = 0
    upload = SystemChange.Action.UPLOAD
    for row, system in pairs:
        if system is None:
            product = products[row.names_key]
            added.append((_new_system(register, row, product, actor, now), row))
            continue
        codes = [line.code for line in row.lines_of_business]
        before = system_row(system, codes)
        for name in FIELDS:
            setattr(system, name, getattr(row, name))
        after = system_row(system, codes)
        if after == before:
            unchanged += 1
            continue
        system.version += 1
        system.changed_at, system.changed_by = now, actor
        changed.append(system)
        changes.append(_change(system, upload, before, after, actor, now))
    for system in removed:
        before = system_row(system, [line.code for line in system.lines_of_business.all()])
        changes.append(_change(system, upload, before, {}, actor, now))
    System.objects.filter(pk__in=[s.pk for s in removed]).delete()
    System.objects.bulk_update(changed, [*FIELDS, "version", "changed_at", "changed_by"])
    _add(added, changes, actor, now)
    SystemChange.objects.bulk_create(changes)
    result = ReplaceResult(len(added), len(changed), len(removed), unchanged)
    if added or changed or removed:
        Register.objects.filter(pk=register.pk).update(changed_at=now, changed_by=actor)
    audit_record(
        action="register.upload",
        actor=actor,
        target=f"{authority.slug} {round.slug}",
        request=request,
        detail={
            "added": result.added,
            "changed": result.changed,
            "removed": result.removed,
            "unchanged": unchanged,
        },
    )
    return result


def _add(added: list[tuple[System, UploadRow]], changes: list[SystemChange], actor, now) -> None:
    """Write the new systems and their lines of business in a few queries, and note each
    as an addition in ``changes``."""
    made = System.objects.bulk_create([system for system, _ in added])
    through = System.lines_of_business.through
    links = [
        through(system_id=system.pk, lineofbusiness_id=line.pk)
        for system, (_, row) in zip(made, added, strict=True)
        for line in row.lines_of_business
    ]
    through.objects.bulk_create(links)
    for system, (_, row) in zip(made, added, strict=True):
        after = system_row(system, [line.code for line in row.lines_of_business])
        changes.append(_change(system, SystemChange.Action.UPLOAD, {}, after, actor, now))


@dataclass(frozen=True)
class ReplacePreview:
    """What an upload would do to the register as it is now: how many systems it would
    add, change and leave unchanged, and the names of those it would remove."""

    added: int
    changed: int
    unchanged: int
    removed: list[str]


def register_replace_preview(*, register: Register | None, rows: list[UploadRow]) -> ReplacePreview:
    """What ``register_replace`` would do to ``register`` (None: not started, so every row
    is an addition to what is carried over). Reads only: new names count as additions.
    Two queries."""
    existing = _existing(register) if register is not None else {}
    pairs, removed = _pairs(rows, existing, lambda row: row.product.pk if row.product else None)
    added = sum(1 for _, system in pairs if system is None)
    changed = sum(
        1
        for row, system in pairs
        if system is not None and any(getattr(system, f) != getattr(row, f) for f in FIELDS)
    )
    names = sorted(f"{s.product.supplier.name}: {s.product.name}" for s in removed)
    return ReplacePreview(added, changed, len(pairs) - added - changed, names)

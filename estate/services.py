"""Changing the technology estate register (docs/estate.md).

Every service runs in one transaction, lets only the authority's leads and contributors
change its register while the round is open (``accounts.access.may_edit_register``;
anyone else, the CDO office included, gets :class:`RegisterNotEditable`, a
PermissionDenied), keeps each change in ``SystemChange`` and records ``register.*`` in
the audit log. Systems carry a version: a save read at an older one raises
:class:`SystemConflict` and writes nothing.

Suppliers and products are shared records: a name meets the record whose name or alias
has the same comparable form (``estate.names.name_key``); a new name makes a new record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.access import may_edit_register
from audit.services import audit_record
from boroughs.models import Authority
from estate.columns import system_row
from estate.models import (
    LineOfBusiness,
    Product,
    ProductAlias,
    Register,
    Supplier,
    SupplierAlias,
    System,
    SystemChange,
)
from estate.names import name_key

NAME_MAX = 200
NOTE_MAX = 2000


class RegisterNotEditable(PermissionDenied):
    """The person may not change this register (views answer 403)."""


class SystemConflict(Exception):  # noqa: N818 - reads better at the call site
    """Someone else changed or removed the system since the form was read. Nothing was
    written. ``current`` is the system as it is now (None if it was removed)."""

    def __init__(self, *, current: System | None):
        super().__init__("The system was changed by someone else")
        self.current = current


@dataclass(frozen=True)
class SystemData:
    """What a form or an upload row says about a system, already checked."""

    product: Product
    lines_of_business: tuple[LineOfBusiness, ...]
    hosting: str
    contract_starts_on: datetime.date | None = None
    contract_ends_on: datetime.date | None = None
    cost_band: str = ""
    route: str = ""
    supplier_sme: bool | None = None
    note: str = ""


def _authorise(actor, register: Register) -> None:
    if not may_edit_register(actor, register.authority_id, register.round):
        raise RegisterNotEditable("You cannot change this register")


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:70] or "item"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def supplier_for_name(*, name: str) -> Supplier:
    """The supplier called ``name`` (by its name or an alias, compared by
    ``name_key``), made with that name as its first alias if there is none."""
    name = " ".join(name.split())[:NAME_MAX]
    alias = SupplierAlias.objects.select_related("supplier").filter(key=name_key(name)).first()
    if alias is not None:
        return alias.supplier
    supplier = Supplier.objects.create(name=name, slug=_unique_slug(Supplier, name))
    SupplierAlias.objects.create(supplier=supplier, name=name, key=name_key(name))
    return supplier


def product_for_name(*, supplier: Supplier, name: str) -> Product:
    """The supplier's product called ``name`` (by name or alias), made if there is none."""
    name = " ".join(name.split())[:NAME_MAX]
    key = name_key(name)
    alias = ProductAlias.objects.select_related("product").filter(supplier=supplier, key=key)
    found = alias.first()
    if found is not None:
        return found.product
    product = Product.objects.create(
        name=name, supplier=supplier, slug=_unique_slug(Product, f"{supplier.name} {name}")
    )
    ProductAlias.objects.create(product=product, supplier=supplier, name=name, key=key)
    return product


def _line_codes(system: System) -> list[str]:
    return [line.code for line in system.lines_of_business.all()]


def _record(system: System, action: str, before: dict, after: dict, actor, now) -> None:
    SystemChange.objects.create(
        register_id=system.register_id,
        system_id=system.pk,
        action=action,
        before=before,
        after=after,
        version=system.version,
        changed_at=now,
        changed_by=actor,
    )


def _touch(register: Register, actor, now) -> None:
    Register.objects.filter(pk=register.pk).update(changed_at=now, changed_by=actor)


@transaction.atomic
def register_start(*, authority: Authority, round, actor, request=None) -> Register:
    """The authority's register in ``round``, made on first use as a copy of its most
    recent register in an earlier round (each copied system recorded as carried over).
    Idempotent: a second call returns the same register and copies nothing."""
    register = Register.objects.filter(authority=authority, round=round).first()
    if register is not None:
        return register
    if not may_edit_register(actor, authority.pk, round):
        raise RegisterNotEditable("You cannot start this register")
    now = timezone.now()
    previous = (
        Register.objects.filter(authority=authority, round__opens_on__lt=round.opens_on)
        .order_by("-round__opens_on", "-pk")
        .first()
    )
    register, made = Register.objects.get_or_create(
        authority=authority,
        round=round,
        defaults={
            "started_from": previous,
            "created_at": now,
            "changed_at": now,
            "changed_by": actor,
        },
    )
    if not made:  # a colleague started it at the same moment
        return register
    carried = 0
    if previous is not None:
        earlier = previous.systems.select_related("product__supplier").prefetch_related(
            "lines_of_business"
        )
        for old in earlier:
            lines = list(old.lines_of_business.all())
            copy = old.unsaved_copy()
            copy.register = register
            copy.created_at = copy.changed_at = now
            copy.changed_by = actor
            copy.save()
            copy.lines_of_business.set(lines)
            row = system_row(copy, [line.code for line in lines])
            _record(copy, SystemChange.Action.CARRY, {}, row, actor, now)
            carried += 1
    audit_record(
        action="register.start",
        actor=actor,
        target=f"{authority.slug} {round.slug}",
        request=request,
        detail={"carried_over": carried},
    )
    return register


def _apply(system: System, data: SystemData) -> None:
    system.product = data.product
    system.hosting = data.hosting
    system.contract_starts_on = data.contract_starts_on
    system.contract_ends_on = data.contract_ends_on
    system.cost_band = data.cost_band
    system.route = data.route
    system.supplier_sme = data.supplier_sme
    system.note = data.note[:NOTE_MAX]


@transaction.atomic
def system_add(*, register: Register, data: SystemData, actor, request=None) -> System:
    """Add a system to the register; recorded as an addition."""
    _authorise(actor, register)
    now = timezone.now()
    system = System(register=register, created_at=now, changed_at=now, changed_by=actor)
    _apply(system, data)
    system.save()
    system.lines_of_business.set(data.lines_of_business)
    after = system_row(system, [line.code for line in data.lines_of_business])
    _record(system, SystemChange.Action.ADD, {}, after, actor, now)
    _touch(register, actor, now)
    audit_record(
        action="register.system_add",
        actor=actor,
        target=f"{register.authority_id} {system.pk}",
        request=request,
        detail={"product": data.product.name},
    )
    return system


def _locked(system_id: int, register: Register, expected_version: int) -> System:
    system = (
        System.objects.select_for_update()
        .select_related("product__supplier")
        .filter(pk=system_id, register=register)
        .first()
    )
    if system is None or system.version != expected_version:
        raise SystemConflict(current=system)
    return system


@transaction.atomic
def system_update(
    *,
    register: Register,
    system_id: int,
    data: SystemData,
    expected_version: int,
    actor,
    request=None,
) -> System:
    """Change a system of the register, read at ``expected_version``; nothing changes
    (and no history is written) if the data is what it already was."""
    _authorise(actor, register)
    system = _locked(system_id, register, expected_version)
    before = system_row(system, _line_codes(system))
    _apply(system, data)
    after = system_row(system, [line.code for line in data.lines_of_business])
    if after == before:
        return system
    now = timezone.now()
    system.version += 1
    system.changed_at, system.changed_by = now, actor
    system.save()
    system.lines_of_business.set(data.lines_of_business)
    _record(system, SystemChange.Action.CHANGE, before, after, actor, now)
    _touch(register, actor, now)
    audit_record(
        action="register.system_update",
        actor=actor,
        target=f"{register.authority_id} {system.pk}",
        request=request,
        detail={"version": system.version},
    )
    return system


@transaction.atomic
def system_remove(
    *, register: Register, system_id: int, expected_version: int, actor, request=None
) -> None:
    """Remove a system from the register, read at ``expected_version``; its history stays."""
    _authorise(actor, register)
    system = _locked(system_id, register, expected_version)
    before = system_row(system, _line_codes(system))
    now = timezone.now()
    _record(system, SystemChange.Action.REMOVE, before, {}, actor, now)
    system.delete()
    _touch(register, actor, now)
    audit_record(
        action="register.system_remove",
        actor=actor,
        target=f"{register.authority_id} {system_id}",
        request=request,
        detail={"product": before["product"]},
    )

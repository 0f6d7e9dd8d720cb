"""Building registers in tests: a register for an authority in a round, and systems."""

import datetime

from django.utils import timezone

from estate.models import LineOfBusiness, Product, Register, System
from estate.services import SystemData
from tests import factories


def make_register(authority=None, round_=None) -> Register:
    """A register (no systems) for the authority (default Camden) in the round (default a
    new open round)."""
    now = timezone.now()
    return Register.objects.create(
        authority=authority or factories.authority(),
        round=round_ or factories.RoundFactory(),
        created_at=now,
        changed_at=now,
    )


def system_data(product="idox-uniform", lines=("planning",), **fields) -> SystemData:
    """A SystemData naming a shipped product (by slug) and lines of business (by code)."""
    return SystemData(
        product=Product.objects.get(slug=product),
        lines_of_business=tuple(LineOfBusiness.objects.filter(code__in=lines)),
        hosting=fields.pop("hosting", System.Hosting.SAAS),
        **fields,
    )


def add_system(register: Register, product="idox-uniform", lines=("planning",), **fields):
    """A system written straight to the database (no service, no history)."""
    now = timezone.now()
    system = System.objects.create(
        register=register,
        product=Product.objects.get(slug=product),
        hosting=fields.pop("hosting", System.Hosting.SAAS),
        created_at=now,
        changed_at=now,
        **fields,
    )
    system.lines_of_business.set(LineOfBusiness.objects.filter(code__in=lines))
    return system


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)

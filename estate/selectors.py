"""Reading one authority's register (docs/estate.md). Scope is the caller's: views ask
``accounts.access.may_see_register`` first; cost bands and notes are left for the
template to show only where ``may_see_contract_details`` allows.

Every function here costs a fixed number of queries, whatever the register's size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from estate.models import LineOfBusiness, Product, Register, System, SystemChange


def register_of(*, authority_id: int, round_id: int) -> Register | None:
    """The authority's register in the round, or None if it has not been started. One
    query."""
    return (
        Register.objects.select_related("authority", "round")
        .filter(authority_id=authority_id, round_id=round_id)
        .first()
    )


def systems_of(register: Register) -> list[System]:
    """The register's systems with their product, supplier and lines of business, by
    product name. Two queries."""
    return list(
        register.systems.select_related("product__supplier")
        .prefetch_related(
            Prefetch("lines_of_business", queryset=LineOfBusiness.objects.order_by("order"))
        )
        .order_by("product__name", "pk")
    )


def system_in(register: Register, system_id: int) -> System | None:
    """One system of the register (None: not this register's, so a tampered id is a 404).
    Two queries."""
    return (
        register.systems.select_related("product__supplier")
        .prefetch_related("lines_of_business")
        .filter(pk=system_id)
        .first()
    )


def system_history(register: Register, system_id: int) -> list[SystemChange]:
    """Every change to one system of the register, newest first. One query."""
    return list(
        SystemChange.objects.filter(register=register, system_id=system_id)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )


@dataclass(frozen=True)
class RegisterSummary:
    """What a register says in numbers: how many systems and lines of business it covers,
    the share of systems from small or medium suppliers (of those where it is known), and
    the mix of hosting and procurement routes (code: count)."""

    systems: int = 0
    lines_of_business: int = 0
    sme_systems: int = 0
    sme_known: int = 0
    hosting: Counter = field(default_factory=Counter)
    routes: Counter = field(default_factory=Counter)

    @property
    def sme_share(self) -> float | None:
        """The share of systems (with a known answer) whose supplier is a small or medium
        enterprise, 0 to 1; None when no system says."""
        return self.sme_systems / self.sme_known if self.sme_known else None


def register_summary(register: Register | None) -> RegisterSummary:
    """The register's numbers (an empty summary for no register). Three queries."""
    if register is None:
        return RegisterSummary()
    systems = System.objects.filter(register=register)
    totals = systems.aggregate(
        systems=Count("pk"),
        sme_systems=Count("pk", filter=Q(supplier_sme=True)),
        sme_known=Count("pk", filter=Q(supplier_sme__isnull=False)),
    )
    lines = LineOfBusiness.objects.filter(systems__register=register).distinct().count()
    mix = systems.values_list("hosting", "route").annotate(n=Count("pk")).order_by()
    hosting: Counter = Counter()
    routes: Counter = Counter()
    for host, route, n in mix:
        hosting[host] += n
        if route:
            routes[route] += n
    return RegisterSummary(
        systems=totals["systems"],
        lines_of_business=lines,
        sme_systems=totals["sme_systems"],
        sme_known=totals["sme_known"],
        hosting=hosting,
        routes=routes,
    )


def lines_of_business() -> list[LineOfBusiness]:
    """Every line of business with its function, in the fixtures' order. One query."""
    return list(LineOfBusiness.objects.select_related("function"))


def products_for_choice() -> list[Product]:
    """Every product with its supplier, by supplier then product, for the form's list of
    known products (offered before typing a new one). One query."""
    return list(Product.objects.select_related("supplier").order_by("supplier__name", "name"))

"""The technology estate register: which systems run which lines of business at each
authority, from which supplier, hosted how, bought how, and when their contracts end.

Reference data (functions and lines of business, suppliers and products with their
aliases) is shared by every register and ships in ``fixtures/``. A ``Register`` is one
authority's register in one round; the next round's starts as a copy of the last one
(``estate.services.register_start``). Each ``System`` carries a ``version`` so that a
colleague's newer change is never silently overwritten, and every change is kept in
``SystemChange``. Who may see and change what: ``accounts.access`` (the register rules).

This app sits below ``surveys`` in the import graph: it names the round by the string
"surveys.Round" and reads its attributes only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from boroughs.models import Authority


class BusinessFunction(models.Model):
    """A group of lines of business: corporate, people or place services."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LineOfBusiness(models.Model):
    """A service an authority runs (planning, waste, adult social care...), by a stable
    code from ``fixtures/lines_of_business.yaml``."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    function = models.ForeignKey(
        BusinessFunction, on_delete=models.PROTECT, related_name="lines_of_business"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["function__order", "order", "name"]
        verbose_name_plural = "lines of business"

    def __str__(self) -> str:
        return self.name


class Supplier(models.Model):
    """A company that supplies systems, shared by every register. ``sme`` is what is
    known centrally (None: not known); each system records the authority's own view."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    sme = models.BooleanField(null=True, blank=True, verbose_name="small or medium enterprise")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupplierAlias(models.Model):
    """Another name of a supplier; ``key`` is the name compared without case, punctuation
    or company suffix (``estate.names.name_key``), unique, so a name meets one supplier."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "supplier aliases"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product of a supplier (Uniform, iTrent, Mosaic...), shared by every register;
    ``lines_of_business`` are those it usually serves, offered first in the form."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="products")
    lines_of_business = models.ManyToManyField(LineOfBusiness, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "name"], name="product_name_per_supplier")
        ]

    def __str__(self) -> str:
        return self.name


class ProductAlias(models.Model):
    """Another name of a product, unique per supplier once normalised (``key``)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="aliases")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "product aliases"
        constraints = [
            models.UniqueConstraint(fields=["supplier", "key"], name="product_alias_per_supplier")
        ]

    def __str__(self) -> str:
        return self.name


class Register(models.Model):
    """One authority's register of systems in one round."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="registers")
    round = models.ForeignKey("surveys.Round", on_delete=models.PROTECT, related_name="registers")
    started_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "round"], name="register_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.authority} register ({self.round_id})"


class System(models.Model):
    """One system in a register: a product serving one or more lines of business, with
    how it is hosted and bought and when its contract ends."""

    class Hosting(models.TextChoices):
        SAAS = "saas", "Software as a service"
        SUPPLIER = "supplier_hosted", "Hosted by the supplier"
        ON_PREMISES = "on_premises", "On premises"
        IN_HOUSE = "in_house", "Built in-house"

    class CostBand(models.TextChoices):
        UNDER_10K = "under_10k", "Under £10,000 a year"
        TO_50K = "10k_50k", "£10,000 to £50,000 a year"
        TO_250K = "50k_250k", "£50,000 to £250,000 a year"
        TO_1M = "250k_1m", "£250,000 to £1 million a year"
        OVER_1M = "over_1m", "Over £1 million a year"

    class Route(models.TextChoices):
        G_CLOUD = "g_cloud", "G-Cloud"
        DOS = "dos", "Digital Outcomes"
        OTHER_FRAMEWORK = "other_framework", "Another framework"
        OPEN_TENDER = "open_tender", "Open tender"
        DIRECT_AWARD = "direct_award", "Direct award"
        IN_HOUSE = "in_house", "In-house"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="systems")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="systems")
    lines_of_business = models.ManyToManyField(LineOfBusiness, related_name="systems")
    hosting = models.CharField(max_length=20, choices=Hosting.choices)
    contract_starts_on = models.DateField(null=True, blank=True)
    contract_ends_on = models.DateField(null=True, blank=True)
    cost_band = models.CharField(max_length=12, choices=CostBand.choices, blank=True)
    route = models.CharField("procurement route", max_length=20, choices=Route.choices, blank=True)
    supplier_sme = models.BooleanField(
        null=True, blank=True, verbose_name="supplier is a small or medium enterprise"
    )
    note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["register", "product__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contract_starts_on__isnull=True)
                | Q(contract_ends_on__isnull=True)
                | Q(contract_ends_on__gte=models.F("contract_starts_on")),
                name="system_contract_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["contract_ends_on"], name="system_contract_end")]

    def __str__(self) -> str:
        return str(self.product_id)

    def unsaved_copy(self) -> System:
        """A new, unsaved system with this one's product, hosting, contract, cost band,
        route, SME answer and note (not its register, lines of business, version or
        times): how a register is carried over to the next round."""
        return System(
            product=self.product,
            hosting=self.hosting,
            contract_starts_on=self.contract_starts_on,
            contract_ends_on=self.contract_ends_on,
            cost_band=self.cost_band,
            route=self.route,
            supplier_sme=self.supplier_sme,
            note=self.note,
        )


class SystemChange(models.Model):
    """One change to a register's system: what it was and what it became (``before`` and
    ``after`` as the register's CSV columns; empty on an addition or a removal). Kept by
    the system's id, not a foreign key, so a removed system's history stays."""

    class Action(models.TextChoices):
        ADD = "add", "Added"
        CHANGE = "change", "Changed"
        REMOVE = "remove", "Removed"
        UPLOAD = "upload", "Replaced by an upload"
        CARRY = "carry", "Carried over from last round"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="changes")
    system_id = models.PositiveBigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["register", "system_id"], name="system_change_lookup")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} system {self.system_id}"

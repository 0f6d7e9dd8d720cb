"""Demo data: a plausible technology estate register for every authority, in the last
published round and in the open round (docs/estate.md).

Each register has one system or more for most lines of business, drawn from the shipped
suppliers and products (``fixtures/suppliers.yaml``, the common ones shared by many
authorities so that "who uses what" and supplier concentration mean something), a tail of
smaller products (``EXTRAS``, made here on first use) and a few in-house builds. Contracts
of the same product end close together at several authorities in the next two years, so
joint-procurement groups appear. The open round's register starts from last round's
(carried over as ``estate.services.register_start`` does), with some systems moved to
software as a service and lapsed contracts renewed.

Deterministic (seeded from stable codes), idempotent (an authority's register in a round
is made once) and fast (bulk inserts). Takes the rounds and the demo users as arguments:
``estate`` does not import ``surveys``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from boroughs.models import Authority
from boroughs.reference import read_yaml
from estate.columns import system_row
from estate.models import LineOfBusiness, Product, Register, Supplier, System, SystemChange

H, R, C = System.Hosting, System.Route, System.CostBand
# Shipped products that most boroughs use (relative weight when choosing for a line).
POPULAR = {
    "microsoft-365": 20, "idox-uniform": 6, "liquidlogic-lcs": 4, "liquidlogic-las": 4,
    "mosaic": 3, "itrent": 5, "nec-revenues-benefits": 4, "civica-open-revenues": 3,
    "civica-modern-gov": 8, "idox-elections": 6, "capita-one": 5, "civica-pay": 3,
    "capita-pay360": 3, "nec-housing": 3, "nec-assure": 3, "civica-app": 2, "taranto": 3,
    "bartec-collective": 2, "whitespace-waste": 2, "yotta-alloy": 3, "civica-spydus": 3,
}  # fmt: skip
# Products whose contracts cost the most (cost band) and those that are cloud-native.
LARGE = {"oracle-fusion", "sap-s4hana", "unit4-erp", "liquidlogic-lcs", "liquidlogic-las",
         "mosaic", "nec-revenues-benefits", "civica-open-revenues", "nec-housing",
         "civica-cx-housing", "aareon-ql", "mri-housing", "microsoft-365",
         "capita-one"}  # fmt: skip
CLOUD = {"microsoft-365", "salesforce-service-cloud", "okta-workforce", "jadu-cxm",
         "granicus-firmstep", "govdelivery", "oracle-fusion", "arcus-built-environment",
         "yotta-alloy", "whitespace-waste", "in-tend", "proactis-source-to-contract"}  # fmt: skip
# Smaller products, made on first use: (supplier, small firm?, product, lines, cost band).
EXTRAS = [
    ("Esri UK", False, "ArcGIS", ["planning", "highways", "property-assets"], C.TO_50K),
    ("Esri UK", False, "ArcGIS Online", ["emergency-planning", "public-health"], C.UNDER_10K),
    ("Lalpac", True, "Lalpac Licensing", ["licensing"], C.UNDER_10K),
    ("Tascomi", True, "Tascomi Public Protection", ["environmental-health"], C.TO_50K),
    ("Resilience Direct Partners", True, "Incident Log", ["emergency-planning"], C.UNDER_10K),
    ("Everbridge", False, "Everbridge Mass Notification", ["emergency-planning"], C.TO_50K),
    ("Stopford", True, "Registrars Online", ["registrars"], C.UNDER_10K),
    ("Stopford", True, "Citizenship Ceremonies", ["registrars"], C.UNDER_10K),
    ("Bluestar Software", True, "Bluestar Booking", ["registrars", "leisure-culture"], C.UNDER_10K),
    ("Sentinel Data", True, "CCTV Evidence Manager", ["community-safety"], C.TO_50K),
    ("Ecins", True, "ECINS Case Management", ["community-safety"], C.TO_50K),
    ("Liberty Protect", True, "ASB Tracker", ["community-safety", "housing-needs"], C.UNDER_10K),
    ("Quality Systems Co", True, "Substance Misuse Case Records", ["public-health"], C.TO_50K),
    ("Lillie Health", True, "Lillie Sexual Health", ["public-health"], C.TO_50K),
    ("Inform Health", True, "Health Checks", ["public-health", "adult-social-care"], C.UNDER_10K),
    ("Adobe", False, "Adobe Acrobat Sign", ["records-management", "legal"], C.TO_50K),
    ("DocuSign", False, "DocuSign eSignature", ["legal", "procurement-contracts"], C.TO_50K),
    ("Egress", True, "Egress Protect", ["identity-access"], C.TO_50K),
    ("Mimecast", False, "Mimecast Email Security", ["identity-access"], C.TO_50K),
    ("Zoom", False, "Zoom Workplace", ["identity-access", "democratic-services"], C.UNDER_10K),
    ("ServiceNow", False, "ServiceNow IT Service Management", ["customer-contact"], C.TO_250K),
    ("Atlassian", False, "Jira Service Management", ["customer-contact"], C.UNDER_10K),
    ("Placecube", True, "Placecube Digital Place", ["customer-contact"], C.TO_50K),
    ("Mendix", False, "Mendix Low-Code", ["customer-contact", "housing-needs"], C.TO_50K),
    ("Capita", False, "Capita Integra", ["finance"], C.TO_250K),
    ("Advanced", False, "Advanced Cloud Financials", ["finance"], C.TO_250K),
    ("Chaucer Payroll", True, "Pension Administration", ["hr-payroll"], C.TO_50K),
    ("Bramble Learning", True, "Staff Learning Hub", ["hr-payroll"], C.UNDER_10K),
    ("Clearview Housing", True, "Homelessness Case Manager", ["housing-needs"], C.TO_50K),
    ("Locata", True, "Locata Choice-Based Lettings", ["housing-needs"], C.TO_50K),
    ("Total Mobile", True, "Field Service", ["housing-management", "highways"], C.TO_50K),
    ("Servelec Education", False, "Synergy", ["education", "early-years"], C.TO_250K),
    ("Tribal", False, "Tribal Admissions", ["education"], C.TO_50K),
    ("Caretrack", True, "Care Finance Portal", ["adult-social-care"], C.TO_50K),
    ("Caspar Foster", True, "Fostering Payments", ["childrens-services"], C.UNDER_10K),
    ("Roadworks Online", True, "Street Works Register", ["highways"], C.UNDER_10K),
    ("Chipside", True, "Chipside Parking Permits", ["parking"], C.TO_50K),
    ("RingGo", False, "RingGo Cashless Parking", ["parking"], C.UNDER_10K),
    ("Webaspx", True, "Webaspx Round Planning", ["waste"], C.UNDER_10K),
    ("Epsilon Cemeteries", True, "Burial Register", ["bereavement"], C.UNDER_10K),
    ("Soft Box", True, "Library Self-Service", ["libraries"], C.UNDER_10K),
    ("Legend Club Management", True, "Legend Leisure", ["leisure-culture"], C.TO_50K),
    ("PTS Transport", True, "School Transport", ["fleet-transport", "education"], C.TO_50K),
    ("Planon", False, "Planon Real Estate", ["property-assets"], C.TO_50K),
    ("Democracy Tools", True, "Members' Enquiries", ["democratic-services"], C.UNDER_10K),
    ("Land Registry Partners", True, "Land Charges Exchange", ["land-charges"], C.UNDER_10K),
    ("Trading Standards Data", True, "Complaints Intelligence", ["trading-standards"], C.UNDER_10K),
    ("OpenText", False, "OpenText Content Server", ["records-management"], C.TO_50K),
]  # fmt: skip
IN_HOUSE = [
    ("Councillor casework tracker", ["democratic-services"]),
    ("CCTV incident log", ["community-safety"]),
    ("Resident account", ["customer-contact"]),
    ("Housing allocations portal", ["housing-needs"]),
    ("Grants and small funds tool", ["finance", "leisure-culture"]),
    ("Emergency rest centre register", ["emergency-planning"]),
]
NOTES = [
    "Extended by a year while we test the market.",
    "Shared service with a neighbouring borough.",
    "Replacement planned; options appraisal under way.",
    "Moving to the supplier's cloud version at renewal.",
    "Used by a handful of officers only; due for review.",
]
LINE_CODES = [
    line["code"] for group in read_yaml("lines_of_business.yaml") for line in group["lines"]
]
TERMS = (3, 4, 5, 5, 7)  # contract length in years


def _rng(*parts) -> random.Random:
    return random.Random("/".join(("estate", *map(str, parts))))  # noqa: S311 - not for security


def _extras(codes_of: dict[str, list[str]]) -> list[tuple[Product, str]]:
    """The smaller products with their cost band, made once (matched by slug); their
    lines of business go into ``codes_of`` (by product slug)."""
    lines = {line.code: line for line in LineOfBusiness.objects.all()}
    made: list[tuple[Product, str]] = []
    for supplier_name, sme, name, codes, band in EXTRAS:
        supplier, _ = Supplier.objects.get_or_create(
            slug=slugify(supplier_name), defaults={"name": supplier_name, "sme": sme}
        )
        product, created = Product.objects.get_or_create(
            slug=slugify(f"{supplier_name} {name}"), defaults={"name": name, "supplier": supplier}
        )
        if created:
            product.lines_of_business.set([lines[code] for code in codes])
        codes_of[product.slug] = codes
        made.append((product, band))
    return made


def _in_house(authority: Authority, count: int) -> list[Product]:
    """A few products built by the authority itself (supplier "<name> in-house")."""
    name = f"{authority.name} in-house"
    supplier, _ = Supplier.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    products = []
    for title, _codes in _rng("in-house", authority.gss_code).sample(IN_HOUSE, count):
        product, _ = Product.objects.get_or_create(
            slug=slugify(f"{name} {title}"), defaults={"name": title, "supplier": supplier}
        )
        products.append(product)
    return products


class _Estate:
    """Chooses one authority's systems (unsaved) with their lines of business."""

    def __init__(self, authority, today, catalogue, extras, codes_of):
        self.authority, self.today = authority, today
        self.rng = _rng("register", authority.gss_code)
        self.extras, self.codes_of, self.lines = extras, codes_of, LINE_CODES
        # Every product may be chosen for a line it serves; the tail, once each, after.
        self.catalogue = catalogue + [product for product, _ in extras]
        self.bands = {product.slug: band for product, band in extras}

    def _end(self, product: Product) -> datetime.date:
        # A third of the contracts of a product end within a few months of the product's own
        # date 6-24 months ahead (joint-procurement groups); the rest spread out.
        anchor = 180 + _rng("anchor", product.slug).randint(0, 540)
        if self.rng.random() < 0.3:
            days = anchor + self.rng.randint(-60, 60)
        else:
            days = self.rng.randint(-150, 2200)
        return self.today + datetime.timedelta(days=days)

    def _system(self, product, band, *, in_house=False) -> System:
        rng = self.rng
        if in_house:
            return System(product=product, hosting=H.IN_HOUSE, route=R.IN_HOUSE)
        cloud = product.slug in CLOUD
        hosting = (
            H.SAAS if cloud else rng.choice([H.SAAS, H.SUPPLIER, H.ON_PREMISES, H.ON_PREMISES])
        )
        ends = self._end(product)
        starts = ends.replace(day=1) - datetime.timedelta(days=365 * rng.choice(TERMS))
        route = rng.choice(
            [R.G_CLOUD, R.G_CLOUD, R.G_CLOUD, R.DIRECT_AWARD]
            if hosting == H.SAAS
            else [R.OPEN_TENDER, R.OPEN_TENDER, R.OTHER_FRAMEWORK, R.DIRECT_AWARD, R.G_CLOUD]
        )
        sme = product.supplier.sme
        if sme is not None and rng.random() < 0.05:
            sme = None if rng.random() < 0.5 else not sme
        return System(
            product=product,
            hosting=hosting,
            contract_starts_on=starts,
            contract_ends_on=ends,
            cost_band=band or rng.choice([C.TO_50K, C.TO_250K]),
            route=route,
            supplier_sme=sme,
            note=rng.choice(NOTES) if rng.random() < 0.08 else "",
        )

    def systems(self) -> list[tuple[System, list[str]]]:
        rng, codes_of = self.rng, self.codes_of
        chosen: dict[str, tuple[System, list[str]]] = {}  # by product slug
        for code in self.lines:
            if rng.random() < 0.08:
                continue  # not recorded here
            serving = [p for p in self.catalogue if code in codes_of[p.slug]]
            held = [chosen[p.slug] for p in serving if p.slug in chosen]
            if held and rng.random() < 0.75:
                held[0][1].append(code)
                if rng.random() > 0.3:
                    continue  # else a second system for the line as well
            fresh = [p for p in serving if p.slug not in chosen]
            if not fresh:
                continue
            product = rng.choices(fresh, [POPULAR.get(p.slug, 1) for p in fresh])[0]
            band = C.TO_1M if product.slug in LARGE else self.bands.get(product.slug)
            if product.slug in LARGE and rng.random() < 0.15:
                band = C.OVER_1M
            chosen[product.slug] = (self._system(product, band), [code])
        breadth = rng.uniform(1.0, 2.2)  # bigger estates use more of the tail
        for product, band in self.extras:
            common = _rng("tail", product.slug).uniform(0.1, 0.55)
            if product.slug not in chosen and rng.random() < common * breadth:
                codes = [c for c in codes_of[product.slug] if rng.random() < 0.8]
                codes = codes or codes_of[product.slug][:1]
                chosen[product.slug] = (self._system(product, band), codes)
        for product in _in_house(self.authority, rng.randint(1, 4)):
            codes = dict(IN_HOUSE)[product.name]
            chosen[product.slug] = (self._system(product, None, in_house=True), list(codes))
        return list(chosen.values())


def _save(register, pairs, lines, *, action, actor, now, originals=None) -> int:
    """Insert the systems with their lines of business and one history row each. With
    ``originals`` (last round's rows, for a carry-over), a system that differs from its
    original is recorded as carried over and then changed (version 2)."""
    rows = [system_row(system, codes) for system, codes in pairs]
    originals = originals or rows
    for (system, _codes), row, original in zip(pairs, rows, originals, strict=True):
        system.register = register
        system.created_at = system.changed_at = now
        system.changed_by = actor
        system.version = 1 if row == original else 2
    System.objects.bulk_create([system for system, _ in pairs])
    Through = System.lines_of_business.through
    Through.objects.bulk_create(
        Through(system_id=system.pk, lineofbusiness_id=lines[code].pk)
        for system, codes in pairs
        for code in dict.fromkeys(codes)
    )
    history = [
        SystemChange(register=register, system_id=system.pk, action=action, after=original,
                     version=1, changed_at=now, changed_by=actor)
        for (system, _codes), original in zip(pairs, originals, strict=True)
    ]  # fmt: skip
    history += [
        SystemChange(register=register, system_id=system.pk, action=SystemChange.Action.CHANGE,
                     before=original, after=row, version=2, changed_at=now, changed_by=actor)
        for (system, _codes), row, original in zip(pairs, rows, originals, strict=True)
        if row != original
    ]  # fmt: skip
    SystemChange.objects.bulk_create(history)
    return len(pairs)


def _carried(previous: Register, today: datetime.date, rng) -> tuple[list, list[dict]]:
    """Copies of last round's systems (with lines of business) and last round's rows:
    some moved to software as a service, lapsed contracts renewed for another term."""
    pairs, originals = [], []
    for old in previous.systems.select_related("product__supplier").prefetch_related(
        "lines_of_business"
    ):
        codes = [line.code for line in old.lines_of_business.all()]
        copy = old.unsaved_copy()
        if copy.hosting in (H.SUPPLIER, H.ON_PREMISES) and rng.random() < 0.25:
            copy.hosting, copy.route = H.SAAS, R.G_CLOUD
        if copy.contract_ends_on and copy.contract_ends_on < today:
            copy.contract_starts_on = copy.contract_ends_on + datetime.timedelta(days=1)
            years = rng.choice(TERMS)
            copy.contract_ends_on += datetime.timedelta(days=365 * years)
        pairs.append((copy, codes))
        originals.append(system_row(old, codes))
    return pairs, originals


@transaction.atomic
def seed_registers(*, rounds: Sequence, users: dict, today: datetime.date) -> int:
    """Registers for every authority in each of ``rounds`` (oldest first; None is
    skipped), each after the first carried over from the one before. Returns the number
    of registers made; an authority's register that exists is left as it is."""
    rounds = [round_ for round_ in rounds if round_ is not None]
    if not rounds:
        return 0
    lines = {line.code: line for line in LineOfBusiness.objects.all()}
    codes_of: dict[str, list[str]] = {}
    extras = _extras(codes_of)
    shipped_slugs = [
        item["slug"] for row in read_yaml("suppliers.yaml") for item in row.get("products", [])
    ]
    shipped = list(
        Product.objects.filter(slug__in=shipped_slugs)
        .select_related("supplier")
        .prefetch_related("lines_of_business")
        .order_by("slug")
    )
    for product in shipped:
        codes_of[product.slug] = [line.code for line in product.lines_of_business.all()]
    now, made = timezone.now(), 0
    for authority in Authority.objects.order_by("gss_code"):
        actor = users.get(f"lead-{authority.slug}")
        previous = None
        for index, round_ in enumerate(rounds):
            register = Register.objects.filter(authority=authority, round=round_).first()
            if register is None:
                register = Register.objects.create(
                    authority=authority, round=round_, started_from=previous,
                    created_at=now, changed_at=now, changed_by=actor,
                )  # fmt: skip
                made += 1
                if previous is None:
                    estate = _Estate(authority, today, shipped, extras, codes_of)
                    _save(
                        register,
                        estate.systems(),
                        lines,
                        action=SystemChange.Action.ADD,
                        actor=actor,
                        now=now,
                    )
                else:
                    rng = _rng("carry", authority.gss_code, index)
                    pairs, originals = _carried(previous, today, rng)
                    _save(
                        register,
                        pairs,
                        lines,
                        action=SystemChange.Action.CARRY,
                        actor=actor,
                        now=now,
                        originals=originals,
                    )
            previous = register
    return made

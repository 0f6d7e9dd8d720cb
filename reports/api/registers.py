"""The technology estate registers in the API.

``/api/v1/estate/systems/``: the systems of the registers the caller may see by name
(``accounts.access.register_visible_authority_ids``), as ``/api/v1/plans/`` does for
plans: registers are not open data, so this endpoint reads the browser's signed-in
session (Django's; no API token exists) only to decide what to return.

- the public (no session, or a session without a role): an empty list, never an error;
- a borough lead or contributor: their own authority's registers, and other authorities'
  in a round that shares named results;
- the CDO office and admins: every register.

A system's annual cost band and note are given only where
``accounts.access.may_see_contract_details`` allows (the authority's own people and the
CDO office); elsewhere they are null. Responses vary by session and are never cached by
shared caches (``Cache-Control: private``, ``Vary: Cookie``).

``/api/v1/rounds/<slug>/products/`` and ``.../suppliers/``: public counts of who uses
what, from ``reports.opendata.estate`` (the open data's rule: a published round that
shares named results; any other round is 404).
"""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError

from accounts import access
from boroughs.models import Authority
from estate.models import LineOfBusiness, System
from reports.api.filters import GSS_PATTERN, SLUG_PATTERN
from reports.api.views import PublicAPIView, Schema
from reports.opendata.estate import (
    EstateCount,
    product_counts,
    publishes_register_counts,
    supplier_counts,
)
from reports.opendata.published import published_round
from surveys.models import Round

NO_COUNTS = (
    "This round does not share named results: it does not publish who uses which "
    "products and suppliers."
)
SYSTEM_PARAMETERS = [
    OpenApiParameter(
        "round",
        {"type": "string", "pattern": SLUG_PATTERN},
        description="Only this round's registers, by the round's slug.",
    ),
    OpenApiParameter(
        "authority",
        {"type": "string", "pattern": GSS_PATTERN},
        description="Only this authority's register, by ONS GSS code, e.g. E09000007.",
    ),
]


class RegisterAuthoritySerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class SystemSerializer(serializers.Serializer):
    round = serializers.CharField(help_text="The round's slug.")
    authority = RegisterAuthoritySerializer()
    supplier = serializers.CharField()
    product = serializers.CharField()
    lines_of_business = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the lines of business it serves."
    )
    hosting = serializers.ChoiceField(choices=System.Hosting.values)
    contract_starts_on = serializers.DateField(allow_null=True)
    contract_ends_on = serializers.DateField(allow_null=True)
    annual_cost_band = serializers.CharField(
        allow_null=True,
        help_text="The cost band's code (empty if not given); null where the caller may "
        "not see contract details (only the authority's own people and the CDO office may).",
    )
    procurement_route = serializers.CharField(help_text="The route's code; empty if not given.")
    supplier_sme = serializers.BooleanField(allow_null=True)
    note = serializers.CharField(
        allow_null=True, help_text="Null where the caller may not see contract details."
    )


class CountSerializer(serializers.Serializer):
    supplier = serializers.CharField()
    authorities = serializers.IntegerField(help_text="How many authorities' registers list it.")
    systems = serializers.IntegerField(help_text="How many systems in those registers it is.")
    lines_of_business = serializers.ListField(child=serializers.CharField())


class ProductCountSerializer(CountSerializer):
    product = serializers.CharField()


class SupplierCountSerializer(CountSerializer):
    products = serializers.IntegerField(help_text="How many of its products the registers list.")


class EstateSchema(Schema):
    def get_tags(self):
        return ["technology estate"]

    def get_override_parameters(self):
        return SYSTEM_PARAMETERS if getattr(self.view, "takes_filters", False) else []


def _chosen(query_params, name: str, pattern: str, model, field: str):
    """The object a filter names (None if not given); 400 for a malformed value, 404 for
    one that names nothing."""
    value = query_params.get(name)
    if value is None:
        return None
    if not re.match(pattern, value):
        raise ValidationError({name: [f"Not a valid {field}."]})
    found = model.objects.filter(**{field: value}).first()
    if found is None:
        raise NotFound(f"There is no {name} with that {field}.")
    return found


def visible_systems(viewer, round_: Round | None = None, authority: Authority | None = None):
    """The systems of the registers the viewer may see by name (``round_`` and
    ``authority`` narrow them), by round, authority and product. Two queries to decide,
    then the caller's (page, count and lines of business)."""
    rounds = [round_] if round_ is not None else list(Round.objects.all())
    everyone = set(Authority.objects.values_list("pk", flat=True))
    asked = {authority.pk} if authority is not None else everyone
    where = Q(pk__in=[])
    for each in rounds:
        visible = access.register_visible_authority_ids(viewer, each, asked)
        if visible == everyone:
            where |= Q(register__round=each)
        elif visible:
            where |= Q(register__round=each, register__authority_id__in=visible)
    return (
        System.objects.filter(where)
        .select_related("register__round", "register__authority", "product__supplier")
        .prefetch_related(
            Prefetch("lines_of_business", queryset=LineOfBusiness.objects.order_by("code"))
        )
        .order_by("-register__round__opens_on", "register__authority__name", "product__name", "pk")
    )


def _system(system: System, viewer) -> dict:
    register, authority = system.register, system.register.authority
    details = access.may_see_contract_details(viewer, authority.pk)
    return {
        "round": register.round.slug,
        "authority": {
            "gss_code": authority.gss_code,
            "name": authority.name,
            "slug": authority.slug,
        },
        "supplier": system.product.supplier.name,
        "product": system.product.name,
        "lines_of_business": [line.code for line in system.lines_of_business.all()],
        "hosting": system.hosting,
        "contract_starts_on": system.contract_starts_on,
        "contract_ends_on": system.contract_ends_on,
        "annual_cost_band": system.cost_band if details else None,
        "procurement_route": system.route,
        "supplier_sme": system.supplier_sme,
        "note": system.note if details else None,
    }


class SystemList(PublicAPIView):
    """The systems of the technology estate registers the signed-in session may see: for
    the public, none (an empty list); for a borough lead or contributor, their own
    authority's and, in a round that shares named results, other authorities'; for the
    CDO office and admins, every register. Newest round first, then by authority and
    product. Cost band and note are null unless the caller may see contract details."""

    summary = "Technology estate register systems (signed-in sessions only)"
    serializer_class = SystemSerializer
    schema = EstateSchema()
    list_view = True
    takes_filters = True

    def accepted_parameters(self) -> set[str]:
        return super().accepted_parameters() | {"round", "authority"}

    def initial(self, request, *args, **kwargs):
        # Django's user from the session, taken before DRF replaces it (as /plans/ does).
        self.session_user = getattr(request._request, "user", None)  # noqa: SLF001
        super().initial(request, *args, **kwargs)

    def get(self, request):
        params = request.query_params
        viewer = access.viewer_for(self.session_user)
        round_ = _chosen(params, "round", SLUG_PATTERN, Round, "slug")
        if round_ is not None and not access.may_know_round(viewer, round_):
            raise NotFound("There is no round with that slug.")  # as _chosen says
        authority = _chosen(params, "authority", GSS_PATTERN, Authority, "gss_code")
        page = self.page_of(visible_systems(viewer, round_, authority))
        data = self.get_serializer([_system(system, viewer) for system in page], many=True).data
        response = self.get_paginated_response(data)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
        return response


def _count(count: EstateCount) -> dict:
    return {
        "supplier": count.supplier,
        "product": count.product,
        "products": count.products,
        "authorities": count.authorities,
        "systems": count.systems,
        "lines_of_business": count.lines_of_business,
    }


class _Counts(PublicAPIView):
    schema = EstateSchema()
    list_view = True
    counts = staticmethod(product_counts)

    def get(self, request, slug: str):
        round_ = published_round(slug)
        if not publishes_register_counts(round_):
            raise NotFound(NO_COUNTS)
        page = self.page_of(self.counts(round_))
        data = self.get_serializer([_count(count) for count in page], many=True).data
        return self.get_paginated_response(data)


class RoundProducts(_Counts):
    """How many authorities' registers list each product in a published round that shares
    named results, and for which lines of business: counts only, no authority named. By
    supplier, then product. Any other round answers 404."""

    summary = "Product counts of a published round's technology estate registers"
    serializer_class = ProductCountSerializer
    counts = staticmethod(product_counts)


class RoundSuppliers(_Counts):
    """How many authorities' registers list each supplier in a published round that
    shares named results, with how many of its products and which lines of business:
    counts only. By supplier. Any other round answers 404."""

    summary = "Supplier counts of a published round's technology estate registers"
    serializer_class = SupplierCountSerializer
    counts = staticmethod(supplier_counts)

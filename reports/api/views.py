"""The read-only JSON API, version 1: published rounds, authorities and their results.

Public (no authentication, no cookies read), JSON only, paginated. Everything comes
from ``reports.opendata.published``, so the API discloses exactly what the open-data
pages do: unpublished rounds are 404, only approved results appear, and authorities
are named with their results only in rounds that share named results (other rounds
publish group aggregates only). Every parameter is declared: anything else is a 400.
The views set their DRF options (and their drf-spectacular schema class) themselves,
so the API does not depend on project-wide REST_FRAMEWORK settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, TypeVar

from django.db.models import QuerySet
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.views import exception_handler

from boroughs.models import Authority, PeerGroup
from reports.api.filters import AUTHORITY_PARAMETERS, AuthorityFilter, refuse_unknown_parameters
from reports.api.pagination import Pagination
from reports.api.serializers import (
    AggregateSerializer,
    ApiRootSerializer,
    AuthorityDetailSerializer,
    AuthoritySerializer,
    ErrorSerializer,
    PeerGroupSerializer,
    ResultSerializer,
    RoundDetailSerializer,
    RoundSerializer,
)
from reports.opendata.published import (
    published_round,
    published_rounds,
    publishes_named_results,
    release_for,
)

LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
Item = TypeVar("Item")
AGGREGATES_ONLY = (
    "This round does not share named results: it publishes aggregates only. "
    "See the round's aggregates_url."
)


class Schema(AutoSchema):
    """drf-spectacular's schema, with each view's ``summary`` and ``list_view`` honoured,
    and the 400 and 404 answers each endpoint really gives."""

    def get_summary(self):
        return getattr(self.view, "summary", None)

    def get_tags(self):
        return ["published results"]

    def _is_list_view(self, serializer=None) -> bool:
        return getattr(self.view, "list_view", False)

    def get_override_parameters(self):
        if getattr(self.view, "filterset_class", None) is AuthorityFilter:
            return AUTHORITY_PARAMETERS
        return []

    def get_response_serializers(self):
        responses = {200: super().get_response_serializers(), 400: ErrorSerializer}
        if self.view.kwargs or "{" in self.path or getattr(self.view, "list_view", False):
            responses[404] = ErrorSerializer  # an unknown object, or a page past the last
        return responses


def api_exception_handler(exc, context):
    """DRF's handler, with every 400 in one shape: ``detail`` plus ``errors`` by parameter."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"": response.data}
        response.data = {"detail": "The request's parameters are not valid.", "errors": errors}
    return response


class PublicAPIView(GenericAPIView):
    """Read-only, anonymous, JSON: the options every API view shares."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    pagination_class: type[Pagination] | None = Pagination
    schema: ViewInspector | None = Schema()
    http_method_names = ["get", "head", "options"]
    list_view = False
    # A view with a filter set names DjangoFilterBackend beside it.
    filter_backends: Sequence[type[BaseFilterBackend]] = []
    filterset_class: type[FilterSet] | None = None

    def get_exception_handler(self):
        return api_exception_handler

    def accepted_parameters(self) -> set[str]:
        accepted: set[str] = set()
        if self.filterset_class is not None:
            accepted |= set(self.filterset_class.base_filters)
        if self.list_view and self.pagination_class is not None:
            accepted |= set(self.pagination_class.query_parameters)
        return accepted

    def initial(self, request, *args, **kwargs):
        # Before content negotiation, which would answer an unknown ?format= with a 404.
        refuse_unknown_parameters(request.query_params, self.accepted_parameters())
        super().initial(request, *args, **kwargs)

    def page_of(self, items: QuerySet[Any, Item] | Sequence[Item]) -> list[Item]:
        """The page of ``items`` asked for; all of them for a view without pagination,
        as DRF's list views do."""
        page = self.paginate_queryset(items)
        return list(items) if page is None else page


def _result(row) -> dict:
    return {
        "authority": row.authority,
        "has_result": row.has_result,
        "overall_score": row.overall_score,
        "overall_level": row.overall_level,
        "overall_level_name": row.overall_level_name,
        "areas": [asdict(area) for area in row.areas],
    }


def _aggregate(aggregate, areas) -> dict:
    return {
        "group": aggregate.group,
        "kind": aggregate.kind,
        "members": aggregate.members,
        "authorities_with_results": aggregate.authorities,
        "withheld": aggregate.withheld,
        "overall_median": aggregate.overall_median,
        "areas": [
            {"code": code, "name": name, "median": median}
            for (code, name), median in zip(areas, aggregate.medians, strict=True)
        ],
    }


class ApiRoot(PublicAPIView):
    """Links to the lists, the OpenAPI schema and the licence."""

    summary = "The API's entry points"
    serializer_class = ApiRootSerializer
    pagination_class = None

    def get(self, request):
        return Response(
            {
                "rounds": reverse("api:rounds", request=request),
                "authorities": reverse("api:authorities", request=request),
                "peer_groups": reverse("api:peer-groups", request=request),
                "schema": reverse("api:schema", request=request),
                "licence": LICENCE_URL,
            }
        )


class RoundList(PublicAPIView, ListAPIView):
    """Rounds whose results are published, newest first."""

    summary = "Published rounds"
    serializer_class = RoundSerializer
    list_view = True

    def get_queryset(self):
        return published_rounds()


class RoundDetail(PublicAPIView, RetrieveAPIView):
    """One published round with its areas and maturity levels; any other round is 404."""

    summary = "One published round"
    serializer_class = RoundDetailSerializer
    pagination_class = None
    lookup_field = "slug"

    def get_queryset(self):
        return published_rounds()


class RoundResults(PublicAPIView):
    """Every authority (by name), with its approved area and overall scores and levels in
    the round; ``has_result`` is false, and the scores null, for an authority without an
    approved assessment. Only for a round that shares named results: any other published
    round answers 404 (it publishes aggregates only)."""

    summary = "Results by authority of a published round that shares named results"
    serializer_class = ResultSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuthorityFilter
    list_view = True

    def get_queryset(self):
        return Authority.objects.order_by("name")

    def get(self, request, slug: str):
        round_ = published_round(slug)
        if not publishes_named_results(round_):
            raise NotFound(AGGREGATES_ONLY)
        page = self.page_of(self.filter_queryset(self.get_queryset()))
        release = release_for(round_, page, aggregates=False)
        data = self.get_serializer([_result(row) for row in release.rows], many=True).data
        return self.get_paginated_response(data)


class RoundAggregates(PublicAPIView):
    """The median area and overall scores of London, Inner and Outer London and each peer
    group, over the authorities with approved results; withheld (null) for a group with
    fewer than 5. Every published round has them."""

    summary = "Group medians of a published round"
    serializer_class = AggregateSerializer
    list_view = True

    def get(self, request, slug: str):
        release = release_for(published_round(slug), [])
        page = self.page_of(release.aggregates)
        data = [_aggregate(aggregate, release.areas) for aggregate in page]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)


class AuthorityList(PublicAPIView, ListAPIView):
    """London's local authorities, by name."""

    summary = "Authorities"
    serializer_class = AuthoritySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuthorityFilter
    list_view = True

    def get_queryset(self):
        return Authority.objects.order_by("name")


class AuthorityDetail(PublicAPIView):
    """One authority (by GSS code) and its approved results in every published round that
    shares named results."""

    summary = "One authority and its published results"
    serializer_class = AuthorityDetailSerializer
    pagination_class = None
    lookup_field = "gss_code"

    def get_queryset(self):
        return Authority.objects.all()

    def get(self, request, gss_code: str):
        authority = self.get_object()
        results = [
            {
                "round": round_.slug,
                **_result(release_for(round_, [authority], aggregates=False).rows[0]),
            }
            for round_ in published_rounds()
            if publishes_named_results(round_)
        ]
        fields = ("gss_code", "name", "slug", "kind", "inner_outer")
        payload = {name: getattr(authority, name) for name in fields} | {"results": results}
        return Response(self.get_serializer(payload).data)


class NotFoundView(PublicAPIView):
    """Any other address under the API: a JSON 404, like every other API error."""

    schema = None  # not an operation
    serializer_class = ErrorSerializer

    def initial(self, request, *args, **kwargs):
        # Whatever the query string: an address that does not exist is a 404 first.
        raise NotFound("There is no such address in this API. Start at the API root.")


class PeerGroupList(PublicAPIView, ListAPIView):
    """The peer groups whose medians are published, with their members' GSS codes."""

    summary = "Peer groups"
    serializer_class = PeerGroupSerializer
    list_view = True

    def get_queryset(self):
        return PeerGroup.objects.prefetch_related("authorities").order_by("name")

    def list(self, request, *args, **kwargs):
        page = self.page_of(self.get_queryset())
        data = [
            {
                "slug": group.slug,
                "name": group.name,
                "description": group.description,
                "members": sorted(a.gss_code for a in group.authorities.all()),
            }
            for group in page
        ]
        return self.get_paginated_response(self.get_serializer(data, many=True).data)

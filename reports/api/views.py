"""The read-only JSON API, version 1: published rounds, authorities and their results.

Public (no authentication, no cookies read), JSON only, paginated. Everything comes
from ``reports.exports_published``, so the API discloses exactly what the
open-data pages do: unpublished rounds are 404, only approved results appear.
The views set their DRF options (and their drf-spectacular schema class)
themselves, so the API does not depend on project-wide REST_FRAMEWORK settings.
"""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.openapi import AutoSchema
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from boroughs.models import Authority
from reports.api.pagination import Pagination
from reports.api.serializers import (
    ApiRootSerializer,
    AuthorityDetailSerializer,
    AuthoritySerializer,
    ResultSerializer,
    RoundDetailSerializer,
    RoundSerializer,
)
from reports.exports_published import published_round, published_rounds, release_for

LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


class Schema(AutoSchema):
    """drf-spectacular's schema, with each view's ``summary`` and ``list_view`` honoured."""

    def get_summary(self):
        return getattr(self.view, "summary", None)

    def get_tags(self):
        return ["published results"]

    def _is_list_view(self, serializer=None) -> bool:
        return getattr(self.view, "list_view", False)


class PublicAPIView(GenericAPIView):
    """Read-only, anonymous, JSON: the options every API view shares."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    pagination_class = Pagination
    schema = Schema()
    http_method_names = ["get", "head", "options"]
    list_view = False


def _result(row) -> dict:
    return {
        "authority": row.authority,
        "has_result": row.has_result,
        "overall_score": row.overall_score,
        "overall_level": row.overall_level,
        "overall_level_name": row.overall_level_name,
        "areas": [asdict(area) for area in row.areas],
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
    approved assessment."""

    summary = "Results of a published round"
    serializer_class = ResultSerializer
    list_view = True

    def get_queryset(self):
        return Authority.objects.order_by("name")

    def get(self, request, slug: str):
        round_ = published_round(slug)
        page = self.paginate_queryset(self.get_queryset())
        release = release_for(round_, page)
        data = self.get_serializer([_result(row) for row in release.rows], many=True).data
        return self.get_paginated_response(data)


class AuthorityList(PublicAPIView, ListAPIView):
    """London's 33 local authorities, by name."""

    summary = "Authorities"
    serializer_class = AuthoritySerializer
    list_view = True

    def get_queryset(self):
        return Authority.objects.order_by("name")


class AuthorityDetail(PublicAPIView):
    """One authority (by GSS code) and its approved results in every published round."""

    summary = "One authority and its published results"
    serializer_class = AuthorityDetailSerializer
    pagination_class = None
    lookup_field = "gss_code"

    def get_queryset(self):
        return Authority.objects.all()

    def get(self, request, gss_code: str):
        authority = self.get_object()
        results = [
            {"round": round_.slug, **_result(release_for(round_, [authority]).rows[0])}
            for round_ in published_rounds()
        ]
        fields = ("gss_code", "name", "slug", "kind", "inner_outer")
        payload = {name: getattr(authority, name) for name in fields} | {"results": results}
        return Response(self.get_serializer(payload).data)

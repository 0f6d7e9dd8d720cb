"""The API's query parameters: each one declared, validated, and documented in the schema.

A parameter the endpoint does not take, a blank value, or a value of the wrong form
(``inner_outer=north``, ``authority=Camden``, ``page=0``) is a 400 that says which
parameter and why: never silently ignored or replaced by a default. A value of the right
form that names nothing (``authority=E09999999``, an unknown peer group) is a 404, like
an unknown round in the path.
"""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError

from boroughs.models import Authority, PeerGroup

GSS_PATTERN = r"^E09[0-9]{6}$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class AuthorityFilter(django_filters.FilterSet):
    """Which authorities: by GSS code, Inner or Outer London, or peer group."""

    authority = django_filters.CharFilter(
        field_name="gss_code",
        validators=[RegexValidator(GSS_PATTERN, "Give an ONS GSS code, like E09000007.")],
    )
    inner_outer = django_filters.ChoiceFilter(choices=Authority.SubRegion.choices)
    peer_group = django_filters.CharFilter(
        field_name="peer_groups__slug",
        validators=[RegexValidator(SLUG_PATTERN, "Give a peer group's slug (see /peer-groups/).")],
    )

    class Meta:
        model = Authority
        fields: list[str] = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        if data.get("authority") and not Authority.objects.filter(gss_code=data["authority"]):
            raise NotFound("There is no authority with that GSS code.")
        if data.get("peer_group") and not PeerGroup.objects.filter(slug=data["peer_group"]):
            raise NotFound("There is no peer group with that slug: see /peer-groups/.")
        return super().filter_queryset(queryset)


# How the schema describes the filters (drf-spectacular cannot read the validators).
AUTHORITY_PARAMETERS = [
    OpenApiParameter(
        "authority",
        {"type": "string", "pattern": GSS_PATTERN},
        description="Only this authority, by ONS GSS code, e.g. E09000007.",
    ),
    OpenApiParameter(
        "inner_outer",
        {"type": "string", "enum": list(Authority.SubRegion.values)},
        description="Only Inner London (inner) or Outer London (outer) authorities.",
    ),
    OpenApiParameter(
        "peer_group",
        {"type": "string", "pattern": SLUG_PATTERN},
        description="Only members of this peer group, by its slug (see /peer-groups/).",
    ),
]


def refuse_unknown_parameters(query_params, allowed: set[str]) -> None:
    """400 for any query parameter outside ``allowed``, given twice or blank, naming it."""
    errors: dict[str, list[str]] = {}
    accepted = ", ".join(sorted(allowed)) or "none"
    for name, values in query_params.lists():
        if name not in allowed:
            errors[name] = [f"Unknown parameter. This endpoint accepts: {accepted}."]
        elif len(values) > 1:
            errors[name] = ["Give this parameter once."]
        elif not values[0]:
            errors[name] = ["Give a value, or leave the parameter out."]
    if errors:
        raise ValidationError(errors)

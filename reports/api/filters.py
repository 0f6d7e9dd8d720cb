"""The API's query parameters: each one declared, validated, and documented in the schema.

A parameter the endpoint does not take, or a value it cannot use (an unknown peer
group, ``inner_outer=north``, ``page=0``), is a 400 that says which parameter and why:
never silently ignored or replaced by a default.
"""

from __future__ import annotations

import django_filters
from rest_framework.exceptions import ValidationError

from boroughs.models import Authority, PeerGroup


class AuthorityFilter(django_filters.FilterSet):
    """Which authorities: by GSS code, Inner or Outer London, or peer group."""

    authority = django_filters.CharFilter(
        field_name="gss_code",
        help_text="Only this authority, by ONS GSS code, e.g. E09000007.",
        max_length=9,
    )
    inner_outer = django_filters.ChoiceFilter(
        choices=Authority.SubRegion.choices,
        help_text="Only Inner London (inner) or Outer London (outer) authorities.",
    )
    peer_group = django_filters.ModelChoiceFilter(
        field_name="peer_groups",
        to_field_name="slug",
        queryset=PeerGroup.objects.all(),
        help_text="Only members of this peer group, by its slug (see /peer-groups/).",
    )

    class Meta:
        model = Authority
        fields: list[str] = []


def refuse_unknown_parameters(query_params, allowed: set[str]) -> None:
    """400 for any query parameter outside ``allowed``, naming it and the ones allowed."""
    unknown = sorted(set(query_params) - allowed)
    if unknown:
        accepted = ", ".join(sorted(allowed)) or "none"
        raise ValidationError(
            {name: [f"Unknown parameter. This endpoint accepts: {accepted}."] for name in unknown}
        )

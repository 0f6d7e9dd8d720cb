"""Loads the reference data shipped in ``fixtures/`` (authorities and peer groups).

Used by data migrations, so it takes the model classes as arguments (historical
models in a migration, the real ones elsewhere). Loading is idempotent: rows are
matched on their stable key (GSS code, slug) and updated in place.
"""

from pathlib import Path

import yaml
from django.conf import settings

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def read_yaml(name: str):
    with open(FIXTURES_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_authorities(Authority) -> int:
    """Create or update every authority in fixtures/authorities.yaml; returns the count."""
    rows = read_yaml("authorities.yaml")
    for row in rows:
        column, grid_row = row["grid"]
        Authority.objects.update_or_create(
            gss_code=row["gss_code"],
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "abbreviation": row["abbreviation"],
                "kind": row["kind"],
                "inner_outer": row["inner_outer"],
                "grid_column": column,
                "grid_row": grid_row,
            },
        )
    return len(rows)


def load_peer_groups(Authority, PeerGroup) -> int:
    """Create the shipped peer groups; ``members`` is "inner", "outer" or a list of GSS codes."""
    rows = read_yaml("peer_groups.yaml")
    for row in rows:
        group, _ = PeerGroup.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row["description"]}
        )
        members = row["members"]
        if members in ("inner", "outer"):
            authorities = Authority.objects.filter(inner_outer=members)
        else:
            authorities = Authority.objects.filter(gss_code__in=members)
        group.authorities.set(authorities)
    return len(rows)

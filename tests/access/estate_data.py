"""Access table for the technology estate register: data (issue 16): the export, the API
and the open data.

- The export: the CDO office and admins only (borough people 403), like every export.
- The register API (``api:estate-systems``): anyone, 200; what each caller gets is
  decided by ``accounts.access.may_see_register`` (the public: an empty list).
- Product and supplier counts (open data and API): public, for a published round that
  shares named results (the world's published round is made to share them here).
"""

from surveys.models import Round
from tests.access.base import entry, expect, signed_in_only


def _named_published(world) -> dict:
    Round.objects.filter(pk=world.published_round.pk).update(share_named_results=True)
    return {"slug": world.published_round.slug}


def _public(**kwargs) -> dict:
    return entry(expect(200), post=expect(405), **kwargs)


def _api(**kwargs) -> dict:
    return entry(expect(200), post=expect(405), csrf_checked=False, **kwargs)


ACCESS: dict = {
    "exports:registers": entry(signed_in_only(403, CDO_OFFICE=200), post=signed_in_only(405)),
    # Registers by accounts.access.may_see_register: the public gets an empty list (200).
    "api:estate-systems": _api(),
    "api:round-products": _api(args=_named_published),
    "api:round-suppliers": _api(args=_named_published),
    "opendata:products-csv": _public(args=_named_published),
    "opendata:suppliers-csv": _public(args=_named_published),
}

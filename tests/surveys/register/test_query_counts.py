"""The register pages cost the same number of queries with 3 systems as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estate.models import Product
from estate.services import system_add, system_update
from tests.estate.support import system_data
from tests.surveys.register.support import camden_register

pytestmark = pytest.mark.django_db
PRODUCTS = ("idox-uniform", "civica-spydus", "nec-housing", "capita-one", "civica-pay")


def _grow(register, lead, count):
    """``count`` systems, each added and changed once (so each has two history rows)."""
    slugs = list(Product.objects.filter(slug__in=PRODUCTS).values_list("slug", flat=True))
    for n in range(count):
        product = slugs[n % len(slugs)]
        lines = ("planning", "libraries") if n % 2 else ("housing-management",)
        system = system_add(
            register=register,
            data=system_data(product=product, lines=lines, supplier_sme=bool(n % 3)),
            actor=lead,
        )
        system_update(
            register=register,
            system_id=system.pk,
            data=system_data(product=product, lines=lines, note=f"Note {n}"),
            expected_version=1,
            actor=lead,
        )
    return system


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda last: reverse("surveys:register"),
        lambda last: reverse("surveys:register-add"),
        lambda last: reverse("surveys:register-system", args=[last.pk]),
        lambda last: reverse("surveys:register-system-history", args=[last.pk]),
    ],
    ids=["register", "add", "change", "history"],
)
def test_query_counts_do_not_grow_with_the_register(client, lead, url_of):
    register = camden_register()
    client.force_login(lead)
    last = _grow(register, lead, 3)
    client.get(url_of(last))  # the session's first request does more (sign-in bookkeeping)
    small = _queries(client, url_of(last))
    last = _grow(register, lead, 27)
    assert register.systems.count() == 30
    assert _queries(client, url_of(last)) == small

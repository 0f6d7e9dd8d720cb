"""Open data of the technology estate registers: product and supplier counts, only for a
published round that shares named results; counts only (no authority, cost band, date
or note); two queries a table whatever the number of systems."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estate.models import System
from reports.exports.dictionary import OPEN_DATA_PRODUCTS, OPEN_DATA_SUPPLIERS, names
from reports.opendata.estate import product_counts, supplier_counts
from surveys.models import Round
from tests import factories
from tests.estate.support import add_system, make_register
from tests.reports.exports_support import content_of

pytestmark = pytest.mark.django_db
CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"
SECRETS = ("Camden", "Hackney", "Islington", "over_1m", "Secret note", "2027-03-31")


@pytest.fixture
def round_(db):
    round_ = factories.RoundFactory(
        slug="2025-26",
        status=Round.Status.PUBLISHED,
        share_named_results=True,
        published_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC),
    )
    details = {
        "cost_band": System.CostBand.OVER_1M,
        "note": "Secret note",
        "contract_ends_on": datetime.date(2027, 3, 31),
    }
    camden = make_register(factories.authority(CAMDEN), round_)
    add_system(camden, "idox-uniform", ("planning", "building-control"), **details)
    add_system(camden, "idox-elections", ("elections",), **details)
    hackney = make_register(factories.authority(HACKNEY), round_)
    add_system(hackney, "idox-uniform", ("planning",), **details)
    add_system(hackney, "idox-uniform", ("licensing",), **details)
    add_system(make_register(factories.authority(ISLINGTON), round_), "civica-app", ())
    # Another round's register is not counted.
    add_system(make_register(factories.authority(ISLINGTON)), "idox-uniform", ("planning",))
    return round_


def _csv(client, name, slug="2025-26") -> list[dict]:
    response = client.get(reverse(name, args=[slug]))
    assert response.status_code == 200
    body = content_of(response).decode("utf-8-sig")
    for secret in SECRETS:
        assert secret not in body
    return list(csv.DictReader(io.StringIO(body)))


def test_product_counts(client, round_):
    rows = _csv(client, "opendata:products-csv")
    assert list(rows[0]) == names(OPEN_DATA_PRODUCTS)
    assert [(r["supplier"], r["product"], r["authorities"], r["systems"]) for r in rows] == [
        ("Civica", "Civica APP", "1", "1"),
        ("Idox", "Idox Elections", "1", "1"),
        ("Idox", "Uniform", "2", "3"),
    ]
    assert rows[2]["lines_of_business"] == "building-control;licensing;planning"
    assert rows[0]["lines_of_business"] == "" and rows[0]["round"] == "2025-26"


def test_supplier_counts(client, round_):
    rows = _csv(client, "opendata:suppliers-csv")
    assert list(rows[0]) == names(OPEN_DATA_SUPPLIERS)
    assert [(r["supplier"], r["products"], r["authorities"], r["systems"]) for r in rows] == [
        ("Civica", "1", "1", "1"),
        ("Idox", "2", "2", "4"),
    ]
    assert rows[1]["lines_of_business"] == "building-control;elections;licensing;planning"


@pytest.mark.parametrize(
    "status, share",
    [(Round.Status.PUBLISHED, False), (Round.Status.CLOSED, True), (Round.Status.OPEN, True)],
)
def test_no_counts_unless_published_and_sharing_names(client, round_, status, share):
    Round.objects.filter(pk=round_.pk).update(status=status, share_named_results=share)
    for name in ("opendata:products-csv", "opendata:suppliers-csv"):
        assert client.get(reverse(name, args=[round_.slug])).status_code == 404
    if status == Round.Status.PUBLISHED:
        page = client.get(reverse("opendata:release", args=[round_.slug])).content.decode()
        assert reverse("opendata:products-csv", args=[round_.slug]) not in page


def test_the_release_page_links_the_counts(client, round_):
    page = client.get(reverse("opendata:release", args=[round_.slug])).content.decode()
    assert reverse("opendata:products-csv", args=[round_.slug]) in page
    assert reverse("opendata:suppliers-csv", args=[round_.slug]) in page


def test_queries_do_not_grow_with_the_systems(round_):
    def queries(count) -> int:
        with CaptureQueriesContext(connection) as captured:
            count(round_)
        return len(captured)

    before = queries(product_counts), queries(supplier_counts)
    for gss in ("E09000001", "E09000002", "E09000003"):
        register = make_register(factories.authority(gss), round_)
        for product in ("capita-one", "nec-housing", "civica-app"):
            add_system(register, product, ("planning", "housing-management"))
    assert (queries(product_counts), queries(supplier_counts)) == before == (2, 2)

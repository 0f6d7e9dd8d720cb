"""/api/v1/estate/systems/: registers by ``accounts.access.may_see_register`` (the public
none; a borough user their own, and others' in a round that shares named results; the
CDO office every one), cost band and note only by ``may_see_contract_details``; constant
queries; never cached by shared caches. And the public product and supplier counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estate.models import System
from surveys.models import Round
from tests import factories
from tests.estate.support import add_system, make_register

pytestmark = pytest.mark.django_db
URL = reverse("api:estate-systems")
CAMDEN, HACKNEY = "E09000007", "E09000012"
NOTE = "Hackney's note: renegotiate before March"


@pytest.fixture
def rounds(db):
    """A closed round that shares named results and an open one that does not; Camden
    and Hackney have a register in each."""
    shared = factories.RoundFactory(
        slug="shared",
        status=Round.Status.CLOSED,
        share_named_results=True,
        opens_on=datetime.date(2025, 9, 1),
    )
    private = factories.RoundFactory(slug="private", opens_on=datetime.date(2026, 9, 1))
    for round_ in (shared, private):
        for gss, product in ((CAMDEN, "idox-uniform"), (HACKNEY, "civica-app")):
            register = make_register(factories.authority(gss), round_)
            add_system(
                register,
                product,
                ("planning",),
                cost_band=System.CostBand.TO_50K,
                note=NOTE if gss == HACKNEY else "Camden's note",
            )
    return shared, private


def _rows(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    return response.json()["results"]


def _seen(rows) -> list[tuple[str, str]]:
    return [(row["round"], row["authority"]["name"]) for row in rows]


def test_the_public_gets_an_empty_list(client, rounds):
    response = client.get(URL)
    assert response.json()["count"] == 0 and response.json()["results"] == []
    assert "Hackney" not in response.content.decode()


def test_a_borough_user_gets_their_own_and_others_where_the_round_shares(client, lead, rounds):
    client.force_login(lead)  # Camden
    rows = _rows(client)
    assert _seen(rows) == [("private", "Camden"), ("shared", "Camden"), ("shared", "Hackney")]
    own, hackney = rows[1], rows[2]
    assert own["annual_cost_band"] == "10k_50k" and own["note"] == "Camden's note"
    # Another authority's contract details: never, even where names are shared.
    assert hackney["annual_cost_band"] is None and hackney["note"] is None
    assert NOTE not in client.get(URL).content.decode()
    assert hackney["product"] == "Civica APP" and hackney["lines_of_business"] == ["planning"]


def test_the_cdo_office_gets_every_register_with_details(client, cdo, rounds):
    client.force_login(cdo)
    rows = _rows(client)
    assert len(rows) == 4
    assert {row["note"] for row in rows} == {NOTE, "Camden's note"}
    assert {row["annual_cost_band"] for row in rows} == {"10k_50k"}


def test_filters_by_round_and_authority(client, cdo, rounds):
    client.force_login(cdo)
    assert _seen(_rows(client, round="shared")) == [("shared", "Camden"), ("shared", "Hackney")]
    assert _seen(_rows(client, authority=HACKNEY)) == [
        ("private", "Hackney"),
        ("shared", "Hackney"),
    ]
    assert client.get(URL, {"round": "no-such-round"}).status_code == 404
    assert client.get(URL, {"authority": "E09999999"}).status_code == 404
    bad = client.get(URL, {"authority": "Camden"})
    assert bad.status_code == 400 and "authority" in bad.json()["errors"]
    assert client.get(URL, {"colour": "blue"}).status_code == 400


def test_the_public_cannot_learn_that_an_unpublished_round_exists(client, lead, rounds):
    unknown = client.get(URL, {"round": "no-such-round"})
    unpublished = client.get(URL, {"round": "private"})
    assert unpublished.status_code == unknown.status_code == 404
    assert unpublished.json() == unknown.json()
    client.force_login(lead)
    assert client.get(URL, {"round": "private"}).status_code == 200


def test_a_signed_in_person_without_a_role_gets_nothing(client, rounds):
    client.force_login(factories.UserFactory(username="nobody"))
    assert _rows(client) == []


def test_queries_do_not_grow_with_the_systems(client, other_lead, rounds):
    client.force_login(other_lead)
    client.get(URL)  # the session's first request does more
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    shared, _ = rounds
    for gss in ("E09000001", "E09000002", "E09000003"):
        register = make_register(factories.authority(gss), shared)
        for product in ("capita-one", "nec-housing", "civica-app"):
            add_system(register, product, ("planning", "housing-management"))
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(URL, {"page_size": 100}).json()["results"]) == 3 + 9
    assert len(large) == len(small)


# --- Product and supplier counts ------------------------------------------------------


def _publish(round_, share: bool) -> None:
    Round.objects.filter(pk=round_.pk).update(
        status=Round.Status.PUBLISHED, share_named_results=share
    )


def test_counts_of_a_published_round_that_shares_names(client, rounds):
    shared, _ = rounds
    add_system(shared.registers.get(authority__gss_code=HACKNEY), "idox-uniform", ("licensing",))
    _publish(shared, True)
    products = client.get(reverse("api:round-products", args=["shared"])).json()["results"]
    assert [(p["supplier"], p["product"], p["authorities"], p["systems"]) for p in products] == [
        ("Civica", "Civica APP", 1, 1),
        ("Idox", "Uniform", 2, 2),
    ]
    assert products[1]["lines_of_business"] == ["licensing", "planning"]
    suppliers = client.get(reverse("api:round-suppliers", args=["shared"])).json()["results"]
    assert [(s["supplier"], s["authorities"], s["products"]) for s in suppliers] == [
        ("Civica", 1, 1),
        ("Idox", 2, 1),
    ]
    body = client.get(reverse("api:round-products", args=["shared"])).content.decode()
    for secret in ("Camden", "Hackney", "10k_50k", "note"):
        assert secret not in body


@pytest.mark.parametrize("published, share", [(False, True), (True, False)])
def test_no_counts_unless_published_and_sharing_names(client, rounds, published, share):
    shared, _ = rounds
    if published:
        _publish(shared, share)
    for name in ("api:round-products", "api:round-suppliers"):
        assert client.get(reverse(name, args=["shared"])).status_code == 404


def test_the_api_page_documents_the_register_endpoints(client, db):
    html = client.get(reverse("api:docs")).content.decode()
    for path in ("/api/v1/estate/systems/", "/api/v1/rounds/{slug}/products/"):
        assert f"GET {path}</code>" in html
    systems = html.split("GET /api/v1/estate/systems/</code>")[1].split("<h3")[0]
    assert "<code>round</code>" in systems and "<code>authority</code>" in systems

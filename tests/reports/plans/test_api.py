"""/api/v1/plans/: the public gets no plan; a borough user their own and shared plans; the
CDO office every plan. Constant queries; never cached by shared caches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.reports.plans.support import CAMDEN, HACKNEY, ISLINGTON, make_plan

pytestmark = pytest.mark.django_db
URL = reverse("api:plans")


@pytest.fixture
def plans(db):
    make_plan(
        CAMDEN,
        shared=True,
        targets=(("area-1", "a1-q1", 3),),
        actions=(("area-1", "a1-q1", "Camden's shared action", "planned"),),
    )
    make_plan(HACKNEY, actions=(("area-2", "", "Hackney's private action", "planned"),))


def _names(client) -> list[str]:
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    return [plan["authority"]["name"] for plan in response.json()["results"]]


def test_the_public_gets_an_empty_list(client, plans):
    response = client.get(URL)
    assert response.json()["count"] == 0 and response.json()["results"] == []
    assert "Hackney's private action" not in response.content.decode()


def test_a_borough_user_gets_their_own_and_shared_plans(client, lead, other_lead, plans):
    client.force_login(other_lead)  # Hackney
    assert _names(client) == ["Camden", "Hackney"]
    client.force_login(lead)  # Camden: Hackney's plan is private
    assert _names(client) == ["Camden"]
    client.force_login(factories.make_member("contributor", ISLINGTON, username="c-i"))
    assert _names(client) == ["Camden"]


def test_the_cdo_office_gets_every_plan(client, cdo, plans):
    client.force_login(cdo)
    response = client.get(URL)
    camden, hackney = response.json()["results"]
    assert camden["shared"] is True and hackney["shared"] is False
    assert camden["targets"] == [
        {"area_code": "area-1", "question_code": "a1-q1", "level": 3, "by_year": 2027}
    ]
    action = hackney["actions"][0]
    assert action["title"] == "Hackney's private action" and action["due_on"] == "2027-03-31"
    assert "owner" not in action and "note" not in action


def test_a_signed_in_person_without_a_role_gets_nothing(client, plans):
    client.force_login(factories.UserFactory(username="nobody"))
    assert _names(client) == []


def test_unknown_parameters_are_a_400(client, plans):
    assert client.get(URL, {"shared": "true"}).status_code == 400


def test_queries_do_not_grow_with_the_plans(client, cdo, django_assert_num_queries):
    client.force_login(cdo)
    make_plan(CAMDEN, targets=(("area-1", "a1-q1", 3),), actions=(("area-1", "", "A", "done"),))
    client.get(URL)  # the session's first request does more
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for gss in (HACKNEY, ISLINGTON, "E09000033", "E09000022"):
        make_plan(
            gss,
            shared=True,
            targets=(("area-1", "a1-q1", 2), ("area-2", "", 3)),
            actions=(("area-1", "a1-q1", "B", "planned"), ("area-2", "a2-q1", "C", "done")),
        )
    with django_assert_num_queries(len(small)):
        assert len(client.get(URL).json()["results"]) == 5

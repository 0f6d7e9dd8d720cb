"""The London-wide view of plans, /reports/plans/: counts of everything, names only where
the viewer may see the plan, filters by area and peer group."""

import pytest
from django.urls import reverse

from tests import factories
from tests.reports.plans.support import CAMDEN, HACKNEY, ISLINGTON, make_plan

pytestmark = pytest.mark.django_db
URL = reverse("reports:plans")


@pytest.fixture
def plans(db):
    factories.make_questionnaire()
    make_plan(
        CAMDEN,
        shared=True,
        targets=(("area-1", "a1-q1", 3),),
        actions=(("area-1", "a1-q1", "Camden's open data plan", "in_progress"),),
    )
    make_plan(
        HACKNEY,
        shared=False,
        targets=(("area-1", "a1-q1", 4),),
        actions=(
            ("area-1", "a1-q1", "Hackney's secret action", "planned"),
            ("area-2", "", "Hackney's finished action", "done"),
        ),
    )
    make_plan(
        ISLINGTON,
        shared=True,
        actions=(("area-2", "a2-q1", "Islington's dropped idea", "dropped"),),
    )


def _html(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_cdo_office_sees_every_plan_by_name(client, cdo, plans):
    html = _html(client, cdo)
    assert "What authorities plan" in html
    assert "Camden, Hackney" in html  # both work on a1-q1
    assert "and 1 other" not in html
    assert "Questions with the most targets and actions" in html
    # Actions by status: one of each.
    for label in ("Planned", "In progress", "Done", "Dropped"):
        assert f'<th scope="row" class="govuk-table__header">{label}</th>' in html


def test_another_authority_sees_shared_plans_by_name_and_counts_the_rest(client, other_lead, plans):
    # Hackney's lead sees its own plan and Camden's shared one.
    html = _html(client, other_lead)
    assert "Camden, Hackney" in html


def test_a_private_plan_is_counted_never_named(client, plans):
    lead_of_islington = factories.make_member("lead", ISLINGTON, username="lead-i")
    html = _html(client, lead_of_islington)
    assert "Camden and 1 other" in html
    assert "Hackney" not in html
    assert "secret" not in html  # titles are never on this page


def test_filters_by_area_and_peer_group(client, cdo, plans):
    group = factories.PeerGroupFactory(name="North partnership", slug="north")
    group.authorities.add(factories.authority(ISLINGTON))
    html = _html(client, cdo, "?peer_group=north")
    assert "Camden, Hackney" not in html  # no collaboration among Islington alone
    assert "North partnership" in html
    html = _html(client, cdo, "?area=area-2")
    assert "a1-q1" not in html and "a2-q1" in html


def test_an_unknown_filter_shows_an_error_and_the_defaults(client, cdo, plans):
    html = _html(client, cdo, "?area=nope&peer_group=nope")
    assert "There is a problem" in html and "Camden, Hackney" in html


def test_the_chart_downloads_as_csv(client, cdo, plans):
    client.force_login(cdo)
    response = client.get(URL + "?format=csv&chart=most-planned")
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "Question code,Question,Authorities with a target,Actions"
    assert lines[1].startswith("a1-q1,") and lines[1].endswith(",2,2")


def test_no_plans_yet(client, cdo):
    html = _html(client, cdo)
    assert "No authority has set a target or planned an action yet." in html
    assert "No question has two authorities working on it yet." in html


def test_a_signed_in_person_without_a_role_may_not(client):
    client.force_login(factories.UserFactory(username="nobody"))
    assert client.get(URL).status_code == 403

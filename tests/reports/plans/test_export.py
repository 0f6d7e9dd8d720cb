"""The plans export: every target and action of every plan (shared or private), for the
CDO office and admins only, safe for spreadsheets."""

import csv
import io

import pytest
from django.urls import reverse

from reports.exports.dictionary import PLANS, names
from tests import factories
from tests.reports.exports_support import content_of
from tests.reports.plans.support import CAMDEN, HACKNEY, make_plan

pytestmark = pytest.mark.django_db
URL = reverse("exports:plans")


@pytest.fixture
def plans(db):
    round_ = factories.RoundFactory(slug="2026-27")
    make_plan(
        CAMDEN,
        shared=True,
        targets=(("area-1", "a1-q1", 3),),
        actions=(("area-1", "a1-q1", '=HYPERLINK("http://x")', "in_progress"),),
        planned_in=round_,
    )
    make_plan(HACKNEY, actions=(("area-2", "", "Hackney's private action", "planned"),))


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content_of(response).decode("utf-8-sig"))))


def test_one_row_per_target_and_action_of_every_plan(client, cdo, plans):
    client.force_login(cdo)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows[0]) == names(PLANS)
    target, camden_action, hackney_action = rows
    assert target["kind"] == "target" and target["level"] == "3" and target["by_year"] == "2027"
    assert target["authority"] == "Camden" and target["shared"] == "true"
    assert camden_action["kind"] == "action" and camden_action["status"] == "in_progress"
    assert camden_action["planned_in"] == "2026-27" and camden_action["due_on"] == "2027-03-31"
    # A title that a spreadsheet would run as a formula is written as text.
    assert camden_action["title"] == '\'=HYPERLINK("http://x")'
    # The CDO office's export holds private plans too.
    assert hackney_action["title"] == "Hackney's private action"
    assert hackney_action["shared"] == "false" and hackney_action["question_code"] == ""


def test_filters_by_area_and_peer_group(client, admin_user, plans):
    client.force_login(admin_user)
    rows = _rows(client.get(URL, {"area": "area-2"}))
    assert [row["authority"] for row in rows] == ["Hackney"]
    group = factories.PeerGroupFactory(slug="east")
    group.authorities.add(factories.authority(CAMDEN))
    response = client.get(URL, {"peer_group": "east"})
    rows = _rows(response)
    assert {row["authority"] for row in rows} == {"Camden"}


@pytest.mark.parametrize("who", ["lead", "other_lead"])
def test_borough_people_may_not_export_plans(client, request, who, plans):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403

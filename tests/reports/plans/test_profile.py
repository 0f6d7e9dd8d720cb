"""The authority profile shows its targets against its current levels, where the viewer
may see the plan (``accounts.access.may_see_plan``), for one query more at most."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models.plans import Plan
from tests.reports.plans.support import CAMDEN, make_plan

pytestmark = pytest.mark.django_db


def _profile(client, round_, slug="camden"):
    url = reverse("reports:authority", args=[slug]) + f"?round={round_.slug}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def _targets(shared=False):
    return make_plan(
        CAMDEN,
        shared=shared,
        targets=(("area-1", "a1-q1", 5), ("area-2", "", 4)),
    )


def test_own_profile_shows_targets_against_current_levels(client, lead, results_round):
    _targets()
    client.force_login(lead)
    html = _profile(client, results_round)[0].content.decode()
    assert 'id="targets"' in html
    # Camden (the first authority) answered a1-q1 at level 1 (tests.reports.conftest.level_for).
    row = html[html.index('id="targets"') :]
    assert "1 " in row and "5 " in row and "by the 2027 assessment" in row
    assert "Area 2 (the whole area)" in row


def test_another_authority_sees_targets_only_of_a_shared_plan(client, other_lead, shared_round):
    _targets(shared=False)
    client.force_login(other_lead)
    response, _ = _profile(client, shared_round)
    assert response.status_code == 200 and 'id="targets"' not in response.content.decode()
    Plan.objects.update(shared=True)
    assert 'id="targets"' in _profile(client, shared_round)[0].content.decode()


@pytest.mark.parametrize("shared", [False, True])
def test_targets_cost_one_query_and_only_when_shown(client, cdo, other_lead, shared_round, shared):
    client.force_login(cdo)
    _profile(client, shared_round)  # the first view fills the cache of London's figures
    _, without = _profile(client, shared_round)
    make_plan(CAMDEN, shared=shared)  # a plan without targets costs nothing
    assert _profile(client, shared_round)[1] == without
    Plan.objects.all().delete()
    _targets(shared=shared)
    response, with_targets = _profile(client, shared_round)
    assert 'id="targets"' in response.content.decode()
    assert with_targets == without + 1
    # Another authority's lead: one more query only when the plan is shared and shown.
    client.force_login(other_lead)
    _profile(client, shared_round)
    response, count = _profile(client, shared_round)
    Plan.objects.all().delete()
    assert _profile(client, shared_round)[1] == count - shared
    assert ('id="targets"' in response.content.decode()) is shared

"""The senior sign-off on an authority's profile (issue 14): "Signed off by <name>, <role>"
for the round's approved assessment, to whoever may see that authority by name; the CDO
office and admins always (a submitted one too, not a returned one). The one rule is
``accounts.access.may_see_sign_off``."""

import pytest
from django.urls import reverse

from accounts.access import PUBLIC_VIEWER, Role, Viewer, may_see_sign_off
from surveys.models import Assessment
from tests import factories

pytestmark = pytest.mark.django_db

HACKNEY = "E09000012"
SIGNED = "Signed off by Grace Hopper, Director of Digital."


def _sign(round_, gss_code: str = HACKNEY, **fields) -> None:
    Assessment.objects.filter(round=round_, authority__gss_code=gss_code).update(
        sign_off_name="Grace Hopper", sign_off_role="Director of Digital", **fields
    )


def _profile(client, user, slug: str, round_):
    client.force_login(user)
    return client.get(f"{reverse('reports:authority', args=[slug])}?round={round_.slug}")


@pytest.mark.parametrize("who", ["cdo", "admin_user", "other_lead"])
def test_the_cdo_office_and_the_authority_see_it_in_any_round(client, results_round, who, request):
    _sign(results_round)
    response = _profile(client, request.getfixturevalue(who), "hackney", results_round)
    assert response.status_code == 200
    assert SIGNED in response.content.decode()


def test_another_authority_sees_it_only_where_names_are_shared(
    client, lead, results_round, shared_round
):
    _sign(results_round)
    _sign(shared_round)
    assert _profile(client, lead, "hackney", results_round).status_code == 404
    response = _profile(client, lead, "hackney", shared_round)
    assert response.status_code == 200
    assert SIGNED in response.content.decode()


def test_only_the_cdo_office_sees_it_before_approval(client, lead, other_lead, cdo, shared_round):
    _sign(shared_round, status=Assessment.Status.SUBMITTED)
    assert SIGNED in _profile(client, cdo, "hackney", shared_round).content.decode()
    assert SIGNED not in _profile(client, lead, "hackney", shared_round).content.decode()
    assert SIGNED not in _profile(client, other_lead, "hackney", shared_round).content.decode()


def test_a_returned_assessment_shows_no_sign_off(client, cdo, results_round):
    """The sign-off belongs to a submission that stands: sent back, it waits for the next."""
    _sign(results_round, status=Assessment.Status.RETURNED)
    assert SIGNED not in _profile(client, cdo, "hackney", results_round).content.decode()


def test_no_sign_off_says_nothing(client, cdo, results_round):
    assert "Signed off by" not in _profile(client, cdo, "hackney", results_round).content.decode()


def test_the_rule():
    hackney_id, camden_id = 12, 7
    cdo = Viewer(role=Role.CDO, authority_id=None, authority_slug=None)
    camden = Viewer(role=Role.LEAD, authority_id=camden_id, authority_slug="camden")
    shared = factories.RoundFactory.build(share_named_results=True)
    private = factories.RoundFactory.build(share_named_results=False)
    for round_ in (shared, private):
        assert may_see_sign_off(cdo, hackney_id, round_, approved=False)
        assert may_see_sign_off(camden, camden_id, round_, approved=True)
        assert not may_see_sign_off(camden, camden_id, round_, approved=False)
    assert may_see_sign_off(camden, hackney_id, shared, approved=True)
    assert not may_see_sign_off(camden, hackney_id, private, approved=True)
    assert not may_see_sign_off(camden, hackney_id, shared, approved=False)
    assert not may_see_sign_off(PUBLIC_VIEWER, hackney_id, private, approved=True)

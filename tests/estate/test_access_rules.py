"""The register's rules in accounts.access: who sees a register by name, who sees its
contract details, and who edits it."""

import pytest

from accounts.access import (
    PUBLIC_VIEWER,
    may_edit_register,
    may_see_contract_details,
    may_see_register,
    register_visible_authority_ids,
    viewer_for,
)
from tests import factories

pytestmark = pytest.mark.django_db
CAMDEN, HACKNEY = "E09000007", "E09000012"


@pytest.fixture
def camden():
    return factories.authority(CAMDEN)


@pytest.mark.parametrize("named", [True, False])
def test_who_sees_a_register_by_name(camden, named):
    round_ = factories.RoundFactory(share_named_results=named)
    own = viewer_for(factories.make_member("contributor", CAMDEN))
    other = viewer_for(factories.make_member("lead", HACKNEY))
    cdo = viewer_for(factories.make_cdo())
    assert may_see_register(own, camden.pk, round_)
    assert may_see_register(cdo, camden.pk, round_)
    assert may_see_register(other, camden.pk, round_) is named
    assert not may_see_register(PUBLIC_VIEWER, camden.pk, round_)
    assert register_visible_authority_ids(other, round_, [camden.pk]) == (
        {camden.pk} if named else set()
    )


def test_contract_details_are_the_authoritys_and_the_cdo_offices_only(camden):
    assert may_see_contract_details(viewer_for(factories.make_member("lead", CAMDEN)), camden.pk)
    assert may_see_contract_details(viewer_for(factories.make_cdo()), camden.pk)
    assert not may_see_contract_details(
        viewer_for(factories.make_member("lead", HACKNEY)), camden.pk
    )
    assert not may_see_contract_details(PUBLIC_VIEWER, camden.pk)


def test_who_edits_a_register(camden):
    open_round = factories.RoundFactory(status="open")
    closed = factories.RoundFactory(status="closed")
    contributor = factories.make_member("contributor", CAMDEN)
    assert may_edit_register(contributor, camden.pk, open_round)
    assert not may_edit_register(contributor, camden.pk, closed)
    assert not may_edit_register(factories.make_member("lead", HACKNEY), camden.pk, open_round)
    assert not may_edit_register(factories.make_cdo(), camden.pk, open_round)
    assert not may_edit_register(factories.make_admin(), camden.pk, open_round)

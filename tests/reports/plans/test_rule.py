"""The disclosure rule of improvement plans (``accounts.access.may_see_plan``), as plain
functions: no database."""

import pytest

from accounts import access
from accounts.access import PUBLIC_VIEWER, Viewer
from accounts.roles import Role

CAMDEN, HACKNEY = 1, 2
OWN = Viewer(Role.LEAD, CAMDEN, "camden")
CONTRIBUTOR = Viewer(Role.CONTRIBUTOR, CAMDEN, "camden")
OTHER = Viewer(Role.LEAD, HACKNEY, "hackney")
CDO = Viewer(Role.CDO, None, None)
ADMIN = Viewer(Role.ADMIN, None, None)
NO_ROLE = Viewer(Role.ANONYMOUS, None, None)


@pytest.mark.parametrize(
    ("viewer", "private", "shared"),
    [
        (OWN, True, True),
        (CONTRIBUTOR, True, True),
        (CDO, True, True),
        (ADMIN, True, True),
        (OTHER, False, True),
        (NO_ROLE, False, False),
        (PUBLIC_VIEWER, False, False),
    ],
)
def test_who_sees_a_private_and_a_shared_plan(viewer, private, shared):
    assert access.may_see_plan(viewer, CAMDEN, False) is private
    assert access.may_see_plan(viewer, CAMDEN, True) is shared


def test_many_plans_at_once():
    plans = {CAMDEN: False, HACKNEY: True, 3: False}
    assert access.plan_visible_authority_ids(OTHER, plans) == {HACKNEY}
    assert access.plan_visible_authority_ids(OWN, plans) == {CAMDEN, HACKNEY}
    assert access.plan_visible_authority_ids(CDO, plans) == {CAMDEN, HACKNEY, 3}
    assert access.plan_visible_authority_ids(PUBLIC_VIEWER, plans) == set()


def test_the_rule_as_a_query_filter():
    assert access.plans_visible_filter(PUBLIC_VIEWER) is None
    assert access.plans_visible_filter(NO_ROLE) is None
    assert str(access.plans_visible_filter(CDO)) == "(AND: )"
    where = str(access.plans_visible_filter(OTHER, prefix="plan__"))
    assert "('plan__authority_id', 2)" in where and "('plan__shared', True)" in where
    assert where.startswith("(OR:")

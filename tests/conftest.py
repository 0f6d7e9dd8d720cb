"""Shared fixtures: users for every role, a small open round."""

import pytest

from tests import factories


@pytest.fixture
def lead(db):
    return factories.make_member("lead", "E09000007", username="lead-a")


@pytest.fixture
def contributor(db):
    return factories.make_member("contributor", "E09000007", username="contributor-a")


@pytest.fixture
def other_lead(db):
    """A lead of another authority (Hackney)."""
    return factories.make_member("lead", "E09000012", username="lead-b")


@pytest.fixture
def cdo(db):
    return factories.make_cdo(username="cdo")


@pytest.fixture
def admin_user(db):
    return factories.make_admin(username="admin")


@pytest.fixture
def open_round(db):
    return factories.RoundFactory()

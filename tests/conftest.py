"""Shared fixtures: users for every role, a small open round."""

import os

import pytest
from hypothesis import settings

from tests import factories

# Speed is measured in bench/, never asserted: hypothesis' default 200 ms deadline per
# example is a wall-clock limit that fails on a busy machine, so it is off. In CI the
# examples are derived from the test (derandomize), so a failure there is repeatable.
settings.register_profile("ldm", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "ldm")


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

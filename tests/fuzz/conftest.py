"""Fixtures of the fuzz tests: one world per test (see ``tests.fuzz.support``)."""

import pytest

from tests.fuzz.support import build_world


@pytest.fixture
def world(db):
    return build_world()

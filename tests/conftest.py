"""Shared fixtures (users for every role, a small open round) and the suite's markers.

Markers come from where a test lives, so a new test needs no decoration to be left out
of ``make test-fast``: see ``pytest_collection_modifyitems``. Marks written on a test
by hand keep working and are added to, never removed.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests import factories

TESTS_DIR = Path(__file__).resolve().parent

# First folder under tests/ -> markers its tests get. `make test-fast` deselects
# browser, fuzz and slow, so these folders (and anything marked slow) run only in
# `make test`.
FOLDER_MARKERS = {
    "browser": ("browser", "slow"),  # headless Chromium against a live server
    "fuzz": ("fuzz", "slow"),  # hypothesis attacks, hundreds of requests each
    "bench": ("slow",),  # the benchmark scripts' own tests (they build data sets)
}
# Sweeps and data-heavy tests elsewhere, marked slow by module or by test function (path
# under tests/, then ::name): together they were half of the fast run's time. They run in
# `make test`. A renamed test simply stops being marked here; its owner may also write
# @pytest.mark.slow on it instead.
SLOW_TESTS = {
    "test_url_sweep.py::test_get_answers_each_role_as_the_table_says",  # every URL x role
    "test_url_sweep.py::test_post_answers_each_role_as_the_table_says",
    "test_url_sweep.py::test_post_without_csrf_token_is_refused",
    "reports/test_disclosure_sweep.py",  # every URL x role, for both kinds of round
    "reports/dashboards/test_queries.py::test_query_counts_do_not_grow_with_the_data",
    "reports/exports/test_control_chars.py::test_every_export_in_every_format_survives_a_control_character",  # noqa: E501
    "reports/exports/test_csv.py::test_every_csv_equals_its_charts_table",
    "surveys/test_demo_data.py",  # seeds the whole demo data set
}

# Speed is measured in bench/, never asserted: hypothesis' default 200 ms deadline per
# example is a wall-clock limit that fails on a busy machine, so it is off. In CI the
# examples are derived from the test (derandomize), so a failure there is repeatable.
settings.register_profile("ldm", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "ldm")


def _markers_for(item: pytest.Item) -> set[str]:
    """The markers a test gets from its folder and its name, besides its own."""
    names: set[str] = set()
    try:
        folder = item.path.relative_to(TESTS_DIR).parts[0]
    except ValueError:  # a test outside tests/ (e.g. given on the command line)
        folder = ""
    names.update(FOLDER_MARKERS.get(folder, ()))
    function_name = getattr(item, "originalname", item.name)
    module = item.path.relative_to(TESTS_DIR).as_posix() if folder else ""
    if module in SLOW_TESTS or f"{module}::{function_name}" in SLOW_TESTS:
        names.add("slow")
    if "postgres" in function_name.lower():
        names.add("postgres")
    for mark in item.iter_markers("skipif"):
        if "postgresql" in str(mark.kwargs.get("reason", "")).lower():
            names.add("postgres")
    return names


def _on_postgresql() -> bool:
    from django.conf import settings as django_settings

    return "postgresql" in django_settings.DATABASES["default"]["ENGINE"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark tests by folder (browser, fuzz, bench), the SLOW_TESTS, and PostgreSQL tests.

    A test marked ``postgres`` (by hand, by its name, or by a skip unless PostgreSQL) is
    skipped on any other database: ``make pg-test`` runs it.
    """
    skip_postgres = (
        None
        if _on_postgresql()
        else pytest.mark.skip(
            reason="needs PostgreSQL: run it with `make pg-test` or ./scripts/with-postgres"
        )
    )
    for item in items:
        own = {mark.name for mark in item.iter_markers()}
        for name in sorted(_markers_for(item) - own):
            item.add_marker(getattr(pytest.mark, name))
        if skip_postgres is not None and item.get_closest_marker("postgres"):
            item.add_marker(skip_postgres)


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

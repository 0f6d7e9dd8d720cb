"""The markers tests get from where they live (tests/conftest.py), which `make test-fast` uses."""

import re
from types import SimpleNamespace

import pytest

from tests.conftest import SLOW_TESTS, TESTS_DIR, _markers_for


def _item(path: str, name: str = "test_something", skipif_reason: str | None = None):
    marks = [] if skipif_reason is None else [pytest.mark.skipif(True, reason=skipif_reason).mark]
    return SimpleNamespace(
        path=TESTS_DIR / path,
        name=f"{name}[param]",
        originalname=name,
        iter_markers=lambda name=None: [m for m in marks if name in (None, m.name)],
    )


@pytest.mark.parametrize(
    ("path", "markers"),
    [
        ("browser/test_journey.py", {"browser", "slow"}),
        ("fuzz/test_fuzz_submit.py", {"fuzz", "slow"}),
        ("bench/test_generate.py", {"slow"}),
        ("surveys/journey/test_views.py", set()),
        ("test_url_sweep.py", set()),
    ],
)
def test_folders_give_their_markers(path, markers):
    assert _markers_for(_item(path)) == markers


def test_the_listed_slow_tests_are_slow_and_their_neighbours_are_not():
    sweep = _item("test_url_sweep.py", "test_get_answers_each_role_as_the_table_says")
    table_check = _item("test_url_sweep.py", "test_every_url_pattern_has_an_access_entry")
    assert _markers_for(sweep) == {"slow"}
    assert _markers_for(table_check) == set()
    assert _markers_for(_item("reports/test_disclosure_sweep.py", "test_anything")) == {"slow"}


def test_tests_named_or_skipped_for_the_production_database_get_its_marker():
    # (This test's own name must not say it, or it would be skipped here.)
    assert "postgres" in _markers_for(_item("surveys/test_x.py", "test_locks_on_postgresql"))
    reason = "needs PostgreSQL's row locks"
    assert "postgres" in _markers_for(_item("surveys/test_x.py", skipif_reason=reason))
    assert "postgres" not in _markers_for(_item("surveys/test_x.py", skipif_reason="no Chromium"))


@pytest.mark.parametrize("entry", sorted(SLOW_TESTS))
def test_every_listed_slow_test_exists(entry):
    """A renamed or moved test would silently join `make test-fast`: the list must follow."""
    module, _, function = entry.partition("::")
    source = (TESTS_DIR / module).read_text()
    if function:
        assert re.search(rf"^def {function}\(", source, re.MULTILINE), entry

"""Which round's register the pages show, and how a change reads in the history."""

import datetime

import pytest
from django.utils import timezone

from estate.models import SystemChange
from surveys.register.pages import history_entries, register_round
from tests import factories
from tests.surveys.register.support import camden_round

pytestmark = pytest.mark.django_db


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_open_round_comes_before_a_later_closed_one():
    open_round = camden_round(opens_on=_days(-60), closes_on=_days(30))
    camden_round(opens_on=_days(-20), closes_on=_days(-1), status="closed")
    assert register_round(factories.authority()) == open_round


def test_without_an_open_round_the_latest_round_is_read():
    camden_round(opens_on=_days(-400), closes_on=_days(-300), status="closed")
    latest = camden_round(opens_on=_days(-60), closes_on=_days(-10), status="closed")
    assert register_round(factories.authority()) == latest


def test_a_round_without_the_authoritys_assessment_is_not_its_register_round():
    factories.RoundFactory()
    assert register_round(factories.authority()) is None


def _change(before, after):
    return SystemChange(action="change", before=before, after=after, version=2, system_id=1)


def test_history_lists_only_changed_columns_in_words():
    before = {"hosting": "saas", "lines_of_business": "planning", "note": "Old"}
    after = {"hosting": "on_premises", "lines_of_business": "planning", "note": "New"}
    lines = {"planning": "Planning"}
    [entry] = history_entries([_change(before, after)], contract_details=True, lines=lines)
    assert [(c.label, c.before, c.after) for c in entry.columns] == [
        ("Hosting", "Software as a service", "On premises"),
        ("Note", "Old", "New"),
    ]


def test_history_hides_cost_bands_and_notes_without_contract_details():
    before = {"annual_cost_band": "under_10k", "note": "Old", "contract_ends_on": "2027-03-31"}
    after = {"annual_cost_band": "over_1m", "note": "New", "contract_ends_on": "2028-03-31"}
    [entry] = history_entries([_change(before, after)], contract_details=False, lines={})
    assert [(c.label, c.before, c.after) for c in entry.columns] == [
        ("Contract end", "31 March 2027", "31 March 2028")
    ]

"""The flag rules' inputs, read from the database in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Assessment
from surveys.review.flags.inputs import flag_inputs
from surveys.review.flags.rules import raise_flags
from tests.surveys.review.flags.builders import build_world

pytestmark = pytest.mark.django_db


def test_the_inputs_hold_answers_scores_the_earlier_round_peers_and_checks():
    world = build_world(peers=3)

    found = flag_inputs(assessment=world.mine)

    assert found.authority_id == world.mine.authority_id
    assert found.scale.names[-1] == "Mastering"
    assert [a.level for a in found.answers.values() if a.levelled] == [3, 3]
    # Each area: a maturity question (level 3 now, 1 before) and a yes/no (yes).
    assert found.area_scores == {"area-1": 75.0, "area-2": 75.0}
    assert found.previous is not None and found.previous.round_name == world.earlier.name
    assert found.previous.area_scores == {"area-1": 50.0, "area-2": 50.0}
    # Its own peer group, besides those every database has (e.g. Inner London).
    [group] = [g for g in found.peer_groups if g.slug == world.group_slug]
    assert sorted(a.level for a in group.answers["a1-q1"]) == [1, 1, 1, 3]  # Camden's too
    [check] = found.checks
    assert (check.if_question, check.then_question, check.then_value) == ("a1-q2", "a1-q1", 2)
    assert {flag.rule for flag in raise_flags(found)} == {
        "moved",
        "peers",
        "area_moved",
        "contradiction",
    }


def test_the_last_approved_round_is_the_latest_earlier_one_approved():
    world = build_world()
    Assessment.objects.filter(round=world.earlier).update(status=Assessment.Status.RETURNED)

    assert flag_inputs(assessment=world.mine).previous is None


def _queries(world) -> int:
    with CaptureQueriesContext(connection) as context:
        flag_inputs(assessment=world.mine)
    return len(context)


def test_the_number_of_queries_does_not_grow_with_the_data(django_assert_num_queries):
    small = _queries(build_world(peers=3, questions_per_area=2))
    large = build_world(peers=12, questions_per_area=6)

    with django_assert_num_queries(small):
        found = flag_inputs(assessment=large.mine)
    [group] = [g for g in found.peer_groups if g.slug == large.group_slug]
    assert len(found.answers) == 12 and len(group.answers["a1-q1"]) == 13
    assert small <= 20

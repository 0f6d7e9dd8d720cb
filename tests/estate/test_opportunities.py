"""The joint-procurement grouping rule (estate.opportunities): pure, no database."""

import datetime
import random

from estate.opportunities import Contract, opportunities

TODAY = datetime.date(2027, 1, 1)
WINDOW_END = datetime.date(2029, 1, 1)


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def contract(authority, ends, product=1, lines=("planning",)) -> Contract:
    return Contract(authority, product, None if ends is None else day(ends), frozenset(lines))


def groups(contracts, **kwargs):
    return opportunities(contracts, starts_on=TODAY, ends_on=WINDOW_END, **kwargs)


def test_two_authorities_close_together_are_a_group():
    [group] = groups([contract(1, 100), contract(2, 300)])
    assert group.product_id == 1
    assert group.members == ((1, day(100)), (2, day(300)))
    assert group.first_end == day(100) and group.last_end == day(300)
    assert group.lines == frozenset({"planning"})


def test_one_authority_alone_is_not_a_group_even_with_several_contracts():
    assert groups([contract(1, 100), contract(1, 150)]) == []
    assert groups([contract(1, 100)]) == []


def test_an_authority_appears_once_with_its_earliest_end():
    [group] = groups([contract(1, 200), contract(1, 100), contract(2, 150)])
    assert group.members == ((1, day(100)), (2, day(150)))


def test_end_dates_further_apart_than_the_gap_are_not_grouped():
    assert groups([contract(1, 0), contract(2, 366)]) == []
    assert len(groups([contract(1, 0), contract(2, 365)])) == 1
    assert groups([contract(1, 0), contract(2, 100)], gap_days=99) == []


def test_closeness_chains():
    """A-B and B-C are close, A-C are not: one group of three."""
    [group] = groups([contract(1, 0), contract(2, 300), contract(3, 600)])
    assert group.authority_ids == [1, 2, 3]


def test_null_end_dates_are_ignored():
    assert groups([contract(1, None), contract(2, None)]) == []
    [group] = groups([contract(1, None), contract(2, 10), contract(3, 20)])
    assert group.authority_ids == [2, 3]


def test_only_contracts_ending_inside_the_window_count():
    assert groups([contract(1, -1), contract(2, 10)]) == []
    assert groups([contract(1, 800), contract(2, 740)]) == []  # past WINDOW_END (day 731)
    assert len(groups([contract(1, 0), contract(2, 731)], gap_days=1000)) == 1


def test_different_products_are_never_grouped():
    assert groups([contract(1, 10, product=1), contract(2, 20, product=2)]) == []


def test_lines_of_business_must_overlap():
    assert groups([contract(1, 10, lines=("planning",)), contract(2, 20, lines=("waste",))]) == []
    [group] = groups(
        [contract(1, 10, lines=("planning", "waste")), contract(2, 20, lines=("waste",))]
    )
    assert group.lines == frozenset({"planning", "waste"})


def test_most_authorities_first_then_soonest():
    found = groups(
        [
            contract(1, 500, product=7),
            contract(2, 510, product=7),
            contract(1, 10, product=8),
            contract(2, 20, product=8),
            contract(3, 30, product=8),
            contract(4, 5, product=9),
            contract(5, 6, product=9),
        ]
    )
    assert [g.product_id for g in found] == [8, 9, 7]


def test_separate_groups_of_one_product():
    found = groups([contract(1, 0), contract(2, 10), contract(3, 700), contract(4, 710)])
    assert [g.authority_ids for g in found] == [[1, 2], [3, 4]]


def _brute_force(contracts, gap_days):
    """The rule as stated: every pair compared, groups as connected sets."""
    inside = [c for c in contracts if c.ends_on is not None and TODAY <= c.ends_on <= WINDOW_END]
    group_of = list(range(len(inside)))

    def find(i):
        while group_of[i] != i:
            i = group_of[i]
        return i

    for i, a in enumerate(inside):
        for j, b in enumerate(inside):
            close = abs((a.ends_on - b.ends_on).days) <= gap_days
            if a.product_id == b.product_id and a.lines & b.lines and close:
                group_of[find(i)] = find(j)
    groups: dict[int, set[int]] = {}
    for i, contract in enumerate(inside):
        groups.setdefault(find(i), set()).add(contract.authority_id)
    return sorted(sorted(ids) for ids in groups.values() if len(ids) >= 2)


def test_the_fast_grouping_matches_comparing_every_pair():
    rng = random.Random(16)
    for _ in range(50):
        contracts = [
            contract(
                rng.randint(1, 12),
                rng.choice([None, *range(-30, 800, 7)]),
                product=rng.randint(1, 3),
                lines=rng.sample(["a", "b", "c", "d"], rng.randint(1, 2)),
            )
            for _ in range(rng.randint(0, 30))
        ]
        gap = rng.choice([30, 90, 365])
        found = sorted(sorted(g.authority_ids) for g in groups(contracts, gap_days=gap))
        assert found == _brute_force(contracts, gap)

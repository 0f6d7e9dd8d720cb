"""The demo registers: every authority gets a plausible register in each round given,
carried over from one round to the next, deterministic and idempotent."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from boroughs.models import Authority
from estate.demo import seed_registers
from estate.models import Register, System, SystemChange
from estate.selectors import register_summary
from surveys.models import Round
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds():
    today = timezone.localdate()
    last = factories.RoundFactory(
        status=Round.Status.PUBLISHED,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )
    return last, factories.RoundFactory()


def _seed(rounds):
    return seed_registers(rounds=list(rounds), users={}, today=timezone.localdate())


def test_every_authority_has_a_plausible_register_in_both_rounds(rounds):
    last, open_ = rounds
    authorities = Authority.objects.count()
    assert _seed(rounds) == 2 * authorities
    for round_ in rounds:
        registers = Register.objects.filter(round=round_)
        assert registers.count() == authorities
        for register in registers:
            summary = register_summary(register)
            assert 35 <= summary.systems <= 90
            assert summary.lines_of_business >= 25
            assert 0 < summary.sme_share < 1
    # Common products are shared: some product is in most registers.
    used = Counter(
        System.objects.filter(register__round=open_).values_list("product__slug", flat=True)
    )
    assert used.most_common(1)[0][1] >= authorities * 3 // 4
    # A few in-house builds, supplied by the authority itself.
    in_house = System.objects.filter(register__round=open_, hosting=System.Hosting.IN_HOUSE)
    assert in_house.exists()
    assert not in_house.exclude(product__supplier__name__endswith=" in-house").exists()


def test_the_open_round_is_carried_over_and_moves_to_the_cloud(rounds):
    last, open_ = rounds
    _seed(rounds)
    camden = Authority.objects.get(gss_code="E09000007")
    before = Register.objects.get(authority=camden, round=last)
    after = Register.objects.get(authority=camden, round=open_)
    assert after.started_from == before
    assert sorted(before.systems.values_list("product_id", flat=True)) == sorted(
        after.systems.values_list("product_id", flat=True)
    )
    carried = SystemChange.objects.filter(register=after, action="carry")
    assert carried.count() == after.systems.count()
    # What changed on the way (moved to the cloud, a lapsed contract renewed) is a change
    # after the carry-over, from last round's row to this round's.
    changed = SystemChange.objects.filter(register__round=open_, action="change")
    assert changed.exists()
    assert changed.count() == System.objects.filter(register__round=open_, version=2).count()
    for change in changed[:20]:
        assert change.before != change.after
        assert (
            change.before
            == carried.model.objects.get(system_id=change.system_id, action="carry").after
        )
    saas = System.objects.filter(register__round__in=rounds, hosting="saas")
    assert saas.filter(register__round=open_).count() > saas.filter(register__round=last).count()


def test_joint_procurement_groups_appear(rounds):
    """Several products have contracts at three or more authorities ending within 90 days
    of each other in the next 6 to 24 months."""
    _seed(rounds)
    today = timezone.localdate()
    ends = defaultdict(list)
    systems = System.objects.filter(
        register__round=rounds[1],
        contract_ends_on__gte=today + datetime.timedelta(days=180),
        contract_ends_on__lte=today + datetime.timedelta(days=730),
    ).values_list("product_id", "contract_ends_on")
    for product, ended in systems:
        ends[product].append(ended)
    grouped = 0
    for dates in ends.values():
        dates.sort()
        if any((dates[i + 2] - dates[i]).days <= 90 for i in range(len(dates) - 2)):
            grouped += 1
    assert grouped >= 5


def test_deterministic_and_idempotent(rounds):
    _seed(rounds)
    first = list(
        System.objects.order_by(
            "register__authority__gss_code", "register__round", "pk"
        ).values_list("product__slug", "hosting", "contract_ends_on", "route")
    )
    changes = SystemChange.objects.count()
    assert _seed(rounds) == 0
    assert SystemChange.objects.count() == changes
    Register.objects.all().delete()
    _seed(rounds)
    again = list(
        System.objects.order_by(
            "register__authority__gss_code", "register__round", "pk"
        ).values_list("product__slug", "hosting", "contract_ends_on", "route")
    )
    assert again == first


def test_a_missing_last_round_makes_only_the_open_rounds_registers(rounds):
    assert seed_registers(rounds=[None, rounds[1]], users={}, today=timezone.localdate()) == 33
    assert not Register.objects.filter(started_from__isnull=False).exists()

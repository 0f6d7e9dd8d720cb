"""The estate views read in a constant number of queries, however many registers and
systems there are (CaptureQueriesContext as the data grows), and the selectors say how
many each takes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import access
from reports.estate import selectors
from tests import factories
from tests.estate.support import add_system, days_from_today, make_register
from tests.reports.estate.support import CODES, estate_round, uniform_everywhere

pytestmark = pytest.mark.django_db
URLS = [
    reverse("reports:estate"),
    reverse("reports:estate") + "?line=planning",
    reverse("reports:estate-contracts") + "?months=24",
    reverse("reports:estate-collaboration") + "?months=24",
    reverse("reports:estate-suppliers"),
]


def _grow(round_, codes, extra: int):
    """More systems in every register of ``codes``: ``extra`` each."""
    for register in round_.registers.filter(authority__gss_code__in=codes):
        for index in range(extra):
            add_system(
                register,
                "civica-spydus" if index % 2 else "nec-assure",
                ("libraries",) if index % 2 else ("licensing", "environmental-health"),
                contract_ends_on=days_from_today(40 * (index + 1)),
                supplier_sme=bool(index % 3),
            )


def _counts(client, user) -> list[int]:
    client.force_login(user)
    client.get(URLS[0])  # the session and the user, once
    result = []
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        result.append(len(queries.captured_queries))
    return result


@pytest.mark.parametrize("who", ["cdo", "lead"])
def test_queries_do_not_grow_with_the_registers(client, who, request):
    user = request.getfixturevalue(who)
    round_ = estate_round()
    group = factories.PeerGroupFactory()
    group.authorities.add(factories.authority(CODES[0]))
    uniform_everywhere(round_, CODES[:3])
    small = _counts(client, user)
    uniform_everywhere(estate_round(opens_on=days_from_today(-400)), CODES)  # an older round
    for code in CODES[3:]:
        add_system(make_register(factories.authority(code), round_), "idox-uniform")
    _grow(round_, CODES, 6)
    assert _counts(client, user) == small


def test_the_selectors_query_counts(django_assert_num_queries, cdo):
    round_ = estate_round()
    uniform_everywhere(round_)
    viewer = access.viewer_for(cdo)
    with django_assert_num_queries(1):
        rounds = selectors.estate_rounds(viewer)
    assert [r.register_count for r in rounds] == [len(CODES)]
    with django_assert_num_queries(2):
        rows = selectors.system_rows(round_)
    assert len(rows) == len(CODES)
    with django_assert_num_queries(2):
        ending = selectors.contract_rows(
            round_, ends_from=days_from_today(0), ends_to=days_from_today(150)
        )
    assert len(ending) == 2  # ending in 100 days: the first and the seventh authority's
    with django_assert_num_queries(3):
        selectors.names()
    with django_assert_num_queries(2):
        selectors.peer_groups()

"""Each dashboard runs the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys.models import Assessment, Round
from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


def build(*, authorities, areas, questions_per_area, rounds, new_version, share=False):
    """Rounds of approved results; the last round may use a new version of the questionnaire,
    and Camden has a draft in an open round on top."""
    questionnaire = factories.make_questionnaire(areas=areas, questions_per_area=questions_per_area)
    made = []
    for index in range(rounds):
        if new_version and index == rounds - 1:
            questionnaire = factories.make_questionnaire(
                areas=areas, questions_per_area=questions_per_area + 1
            )
        made.append(
            make_results_round(
                authorities=authorities,
                questionnaire=questionnaire,
                round_index=index,
                name=f"Round {index}",
                share=share,
            )
        )
    draft = make_results_round(
        authorities=1,
        questionnaire=questionnaire,
        round_index=rounds,
        name="Open round",
        status=Assessment.Status.DRAFT,
    )
    return made, draft


def pages(made, draft):
    latest = made[-1]
    return [
        reverse("reports:index"),
        reverse("reports:overview") + f"?round={latest.slug}",
        reverse("reports:overview") + f"?round={latest.slug}&area=area-1",
        reverse("reports:authority", args=["camden"]) + f"?round={latest.slug}",
        reverse("reports:authority", args=["camden"]) + f"?round={draft.slug}",
        reverse("reports:authority", args=["hackney"]) + f"?round={latest.slug}",
        reverse("reports:area", args=["area-1"]) + f"?round={latest.slug}",
        reverse("reports:ranking") + f"?round={latest.slug}",
        reverse("reports:ranking") + f"?round={latest.slug}&area=area-2",
        reverse("reports:trends"),
        reverse("reports:trends") + f"?from={made[0].slug}&to={latest.slug}&format=csv&chart=slope",
    ]


def counts(client, urls) -> list[tuple[int, int]]:
    """(status, queries) of each page."""
    result = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        result.append((status, len(queries)))
    return result


@pytest.mark.parametrize(
    ("who", "share", "new_version"),
    [("cdo", False, False), ("cdo", False, True), ("lead", False, True), ("lead", True, False)],
)
def test_query_counts_do_not_grow_with_the_data(
    client, who, share, new_version, request, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(who))
    sizes = {"share": share, "new_version": new_version}
    small = build(authorities=6, areas=2, questions_per_area=2, rounds=2, **sizes)
    client.get(reverse("reports:index"))  # the session's first request does more
    small_counts = counts(client, pages(*small))
    assert {status for status, _ in small_counts} <= {200, 404}
    Assessment.objects.all().delete()  # with their answers and snapshots
    Round.objects.all().delete()
    large = build(authorities=12, areas=3, questions_per_area=4, rounds=3, **sizes)
    for url, (status, expected) in zip(pages(*large), small_counts, strict=True):
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == status, url


def test_pages_stay_within_a_small_fixed_budget(client, cdo):
    """At most 30 queries a page; a profile's first view after its round's approved results
    changed also works out and caches London's group medians and question distribution
    (round_stats), which writing to the database cache makes a few more."""
    client.force_login(cdo)
    made, draft = build(authorities=6, areas=2, questions_per_area=2, rounds=2, new_version=True)
    first = counts(client, pages(made, draft))
    assert max(queries for _, queries in first) <= 55
    again = counts(client, pages(made, draft))
    assert max(queries for _, queries in again) <= 30
    profiles = [i for i, url in enumerate(pages(made, draft)) if "/authorities/" in url]
    # The first view of each round's profiles filled the cache; nothing else changed.
    assert sum(again[i][1] for i in profiles) < sum(first[i][1] for i in profiles)

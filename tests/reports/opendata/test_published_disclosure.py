"""One disclosure rule for the open data and the API: a round that does not share named
results publishes aggregates only (London, Inner/Outer London, peer groups; never over
fewer than 5 authorities); a round that shares them names every authority.

The data: round-2024 with approved results for Camden (area-1 50, area-2 100, overall 75)
and, from ``approve_more``, four more Inner London authorities and one Outer London one.
Inner London: overall [75, 100, 0, 50, 75] -> median 75 (area-1 50, area-2 75).
Outer London: one result -> withheld. London: six results -> overall median 62.5.
"""

import json

import pytest
from django.urls import reverse

from surveys.models import Round
from tests.reports.exports_support import (
    CAMDEN,
    approve_more,
    build_dataset,
    content_of,
    parse_csv,
    rows_by,
)

pytestmark = pytest.mark.django_db

ISLINGTON, LAMBETH, SOUTHWARK, WESTMINSTER, CROYDON = (
    "E09000019",
    "E09000022",
    "E09000028",
    "E09000033",
    "E09000008",
)
MORE = {ISLINGTON: 5, LAMBETH: 1, SOUTHWARK: 3, WESTMINSTER: 4, CROYDON: 2}
NAMES_WITH_RESULTS = ["Camden", "Islington", "Lambeth", "Southwark", "Westminster", "Croydon"]


def _dataset(share: bool):
    dataset = build_dataset(status=Round.Status.PUBLISHED, share_named_results=share)
    approve_more(dataset, MORE)
    return dataset


@pytest.fixture
def aggregates_only(db):
    return _dataset(share=False)


@pytest.fixture
def named(db):
    return _dataset(share=True)


def _text(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    if hasattr(response, "streaming_content"):
        return content_of(response).decode()
    return response.content.decode()


def _public_texts(client, slug: str) -> dict[str, str]:
    """Every public page and API answer about results, for one round."""
    urls = {
        "release": reverse("opendata:release", args=[slug]),
        "aggregates.csv": reverse("opendata:aggregates-csv", args=[slug]),
        "api round": reverse("api:round", args=[slug]),
        "api rounds": reverse("api:rounds"),
        "api aggregates": reverse("api:round-aggregates", args=[slug]),
        "api authority": reverse("api:authority", args=[CAMDEN]),
    }
    return {name: _text(client, url) for name, url in urls.items()}


def test_a_round_without_named_results_names_nobody_in_open_data_or_api(client, aggregates_only):
    slug = aggregates_only.round.slug
    for name, text in _public_texts(client, slug).items():
        for authority in NAMES_WITH_RESULTS:
            if name == "api authority":
                continue  # the authority itself is reference data; its results are checked below
            assert authority not in text, f"{authority} named in {name}"
    # Results by authority are not published at all.
    assert client.get(reverse("opendata:csv", args=[slug])).status_code == 404
    results = client.get(reverse("api:round-results", args=[slug]))
    assert results.status_code == 404
    assert "aggregates only" in results.json()["detail"]
    assert (
        client.get(reverse("api:round-results", args=[slug]), {"authority": CAMDEN}).status_code
        == 404
    )
    assert json.loads(_text(client, reverse("api:authority", args=[CAMDEN])))["results"] == []
    detail = json.loads(_text(client, reverse("api:round", args=[slug])))
    assert detail["shares_named_results"] is False and detail["results_url"] is None


def test_a_round_without_named_results_publishes_group_medians(client, aggregates_only):
    slug = aggregates_only.round.slug
    rows = rows_by(
        parse_csv(content_of(client.get(reverse("opendata:aggregates-csv", args=[slug])))),
        "group",
    )
    london, inner, outer = rows["London"], rows["Inner London"], rows["Outer London"]
    assert (london["authorities_with_results"], london["members"]) == ("6", "33")
    assert london["overall_median"] == "62.5"
    assert (inner["area-1_median"], inner["area-2_median"], inner["overall_median"]) == (
        "50.0",
        "75.0",
        "75.0",
    )
    # One Outer London result: withheld, never shown over fewer than 5.
    assert outer["authorities_with_results"] == "1"
    assert outer["overall_median"] == outer["area-1_median"] == ""
    api = json.loads(_text(client, reverse("api:round-aggregates", args=[slug])))["results"]
    by_group = {row["group"]: row for row in api}
    assert by_group["Outer London"]["withheld"] is True
    assert by_group["Outer London"]["overall_median"] is None
    assert by_group["Inner London"]["areas"][1] == {
        "code": "area-2",
        "name": "Area 2",
        "median": 75.0,
    }
    html = _text(client, reverse("opendata:release", args=[slug]))
    assert "only aggregates are published" in html
    assert "Withheld: fewer than 5 authorities with results" in html


def test_a_round_with_named_results_names_them_everywhere(client, named):
    slug = named.round.slug
    html = _text(client, reverse("opendata:release", args=[slug]))
    csv_text = _text(client, reverse("opendata:csv", args=[slug]))
    api = _text(client, reverse("api:round-results", args=[slug]))
    for authority in NAMES_WITH_RESULTS:
        assert authority in html and authority in csv_text and authority in api
    detail = json.loads(_text(client, reverse("api:authority", args=[CAMDEN])))
    assert [r["round"] for r in detail["results"]] == [slug]
    # Aggregates are published for a named round too.
    rows = rows_by(
        parse_csv(content_of(client.get(reverse("opendata:aggregates-csv", args=[slug])))),
        "group",
    )
    assert rows["London"]["overall_median"] == "62.5"


def test_the_open_data_index_says_which_rounds_name_authorities(client, aggregates_only):
    html = _text(client, reverse("opendata:index"))
    assert "Aggregates only" in html
    assert "only aggregates are" in html
    assert reverse("opendata:csv", args=[aggregates_only.round.slug]) not in html


def test_the_api_docs_state_the_rule(client, db):
    html = _text(client, reverse("api:docs"))
    assert "aggregates only" in html

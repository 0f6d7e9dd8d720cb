"""Open data: public pages of published rounds only, with no evidence or personal data."""

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from reports.exports.dictionary import DICTIONARY
from surveys.models import Round
from tests.paths import PROJECT_ROOT
from tests.reports.exports_support import (
    CAMDEN,
    HACKNEY,
    HOSTILE,
    LEAD_EMAIL,
    build_dataset,
    content_of,
    parse_csv,
    rows_by,
)

pytestmark = pytest.mark.django_db
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@pytest.fixture
def published(db):
    return build_dataset(status=Round.Status.PUBLISHED, share_named_results=True)


@pytest.fixture
def closed(db):
    return build_dataset(status=Round.Status.CLOSED, name="Round 2023")


def test_index_lists_published_rounds_only_without_sign_in(client, published, closed):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.round.name in html
    assert reverse("opendata:release", args=[published.round.slug]) in html
    assert closed.round.name not in html
    assert OGL in html and "Open Government Licence v3.0" in html
    assert "/how-scores-are-calculated/" in html


@pytest.mark.parametrize("status", ["upcoming", "open", "closed"])
def test_unpublished_rounds_are_not_found(client, db, status):
    round_ = build_dataset(status=status).round
    for name in ("opendata:release", "opendata:csv"):
        assert client.get(reverse(name, args=[round_.slug])).status_code == 404
    assert client.get(reverse("opendata:release", args=["no-such-round"])).status_code == 404


def test_release_page_shows_scores_licence_and_method(client, published):
    response = client.get(reverse("opendata:release", args=[published.round.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert CAMDEN in html and "Camden" in html
    assert "75" in html and "Developing" in html
    assert OGL in html
    assert "/how-scores-are-calculated/" in html
    assert reverse("opendata:dictionary") in html
    assert reverse("opendata:csv", args=[published.round.slug]) in html
    assert "1 of 33 authorities have approved results" in html


def test_release_has_no_evidence_or_personal_data(client, published):
    page = client.get(reverse("opendata:release", args=[published.round.slug])).content.decode()
    data = content_of(client.get(reverse("opendata:csv", args=[published.round.slug]))).decode()
    for text in (page, data):
        assert "Plain, with a comma" not in text  # Camden's evidence
        assert LEAD_EMAIL not in text and "zoe@camden.gov.uk" not in text
        assert "export-lead" not in text  # usernames
    rows = parse_csv(data.encode()[3:])
    assert "evidence" not in rows[0]
    assert not {"last_changed_by", "lead_emails", "submitted_at", "approved_at"} & set(rows[0])


def test_release_csv_columns_and_values(client, published):
    response = client.get(reverse("opendata:csv", args=[published.round.slug]))
    assert isinstance(response, StreamingHttpResponse)
    body = content_of(response)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = parse_csv(body[3:])
    assert rows[0] == [
        "round", "gss_code", "authority", "inner_outer", "has_result",
        "area-1_score", "area-1_level", "area-2_score", "area-2_level",
        "overall_score", "overall_level",
    ]  # fmt: skip
    assert len(rows) == 34
    by_gss = rows_by(rows, "gss_code")
    assert by_gss[CAMDEN] == {
        "round": "round-2024",
        "gss_code": CAMDEN,
        "authority": "Camden",
        "inner_outer": "inner",
        "has_result": "true",
        "area-1_score": "50.0",
        "area-1_level": "3",
        "area-2_score": "100.0",
        "area-2_level": "5",
        "overall_score": "75.0",
        "overall_level": "4",
    }
    # Hackney's draft (live scores) is not released.
    hackney = by_gss[HACKNEY]
    assert hackney["has_result"] == "false"
    assert hackney["area-1_score"] == hackney["overall_score"] == ""


def test_data_dictionary_page_lists_every_column(client, db):
    html = client.get(reverse("opendata:dictionary")).content.decode()
    for columns in DICTIONARY.values():
        for column in columns:
            assert f"<code>{column.name.replace('<', '&lt;').replace('>', '&gt;')}</code>" in html


def test_docs_data_dictionary_documents_every_column():

    text = (PROJECT_ROOT / "docs" / "data-dictionary.md").read_text()
    for columns in DICTIONARY.values():
        for column in columns:
            assert f"`{column.name}`" in text, column.name


def test_hostile_names_on_the_page_are_escaped(client, published):
    html = client.get(reverse("opendata:release", args=[published.round.slug])).content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    assert HOSTILE[0] not in html

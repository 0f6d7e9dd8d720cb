"""The JSON API: published results only, paginated, described by an OpenAPI schema."""

import json

import pytest
import yaml
from django.urls import reverse

from surveys.models import Round
from tests.reports.exports_support import CAMDEN, HACKNEY, LEAD_EMAIL, build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    return build_dataset(status=Round.Status.PUBLISHED, share_named_results=True)


def _json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_root_links_to_everything(client, db):
    data = _json(client, reverse("api:root"))
    assert data["rounds"].endswith(reverse("api:rounds"))
    assert data["authorities"].endswith(reverse("api:authorities"))
    assert data["peer_groups"].endswith(reverse("api:peer-groups"))
    assert data["schema"].endswith(reverse("api:schema"))
    assert "open-government-licence/version/3" in data["licence"]


def test_rounds_lists_published_rounds_only(client, published):
    build_dataset(status=Round.Status.CLOSED, name="Round 2023")
    data = _json(client, reverse("api:rounds"))
    assert data["count"] == 1
    (round_,) = data["results"]
    assert round_["slug"] == "round-2024"
    assert round_["questionnaire"]["code"] == "test-questionnaire"
    assert round_["results_url"].endswith(reverse("api:round-results", args=["round-2024"]))


@pytest.mark.parametrize("status", ["upcoming", "open", "closed"])
def test_unpublished_rounds_are_not_found(client, db, status):
    slug = build_dataset(status=status).round.slug
    assert client.get(reverse("api:round", args=[slug])).status_code == 404
    assert client.get(reverse("api:round-results", args=[slug])).status_code == 404
    assert _json(client, reverse("api:authority", args=[CAMDEN]))["results"] == []


def test_round_detail_has_areas_and_levels(client, published):
    data = _json(client, reverse("api:round", args=["round-2024"]))
    assert [area["code"] for area in data["areas"]] == ["area-1", "area-2"]
    assert [level["name"] for level in data["levels"]][:2] == ["Beginning", "Emerging"]
    assert data["levels"][3]["min_score"] == 62.5


def test_results_are_paginated(client, published):
    url = reverse("api:round-results", args=["round-2024"])
    first = _json(client, url, page_size=10)
    assert first["count"] == 33
    assert len(first["results"]) == 10
    assert first["previous"] is None and "page=2" in first["next"]
    last = _json(client, url, page_size=10, page=4)
    assert len(last["results"]) == 3 and last["next"] is None
    assert _json(client, url)["results"].__len__() == 33  # default page size 50
    assert client.get(url, {"page": 99}).status_code == 404
    names = [
        r["authority"]["name"]
        for p in (1, 2, 3, 4)
        for r in _json(client, url, page_size=10, page=p)["results"]
    ]
    assert len(set(names)) == 33


def test_results_disclose_approved_scores_only(client, published):
    results = _json(client, reverse("api:round-results", args=["round-2024"]))["results"]
    by_gss = {r["authority"]["gss_code"]: r for r in results}
    camden = by_gss[CAMDEN]
    assert camden["has_result"] is True
    assert (camden["overall_score"], camden["overall_level"]) == (75.0, 4)
    assert camden["overall_level_name"] == "Developing"
    assert camden["areas"][0] == {
        "code": "area-1",
        "name": "Area 1",
        "score": 50.0,
        "level": 3,
        "level_name": "Learning",
    }
    hackney = by_gss[HACKNEY]  # a draft: live scores exist but are not released
    assert hackney["has_result"] is False
    assert hackney["overall_score"] is None
    assert all(area["score"] is None for area in hackney["areas"])


def test_api_has_no_evidence_or_personal_data(client, published):
    text = json.dumps(
        [
            _json(client, reverse("api:round-results", args=["round-2024"])),
            _json(client, reverse("api:authority", args=[CAMDEN])),
            _json(client, reverse("api:rounds")),
        ]
    )
    for forbidden in ("evidence", "Plain, with a comma", LEAD_EMAIL, "export-lead", "approved_at"):
        assert forbidden not in text


def test_authority_detail_lists_published_results(client, published):
    data = _json(client, reverse("api:authority", args=[CAMDEN]))
    assert data["name"] == "Camden"
    assert data["results"][0]["round"] == "round-2024"
    assert data["results"][0]["overall_score"] == 75.0
    assert client.get(reverse("api:authority", args=["E09999999"])).status_code == 404


def test_api_is_read_only(client, published):
    response = client.post(reverse("api:rounds"), {"slug": "x"})
    assert response.status_code == 405


def test_openapi_schema_describes_every_endpoint(client, db):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "London Digital Maturity API"
    assert schema["info"]["license"]["name"] == "Open Government Licence v3.0"
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/rounds/",
        "/api/v1/rounds/{slug}/",
        "/api/v1/rounds/{slug}/results/",
        "/api/v1/rounds/{slug}/aggregates/",
        "/api/v1/authorities/",
        "/api/v1/authorities/{gss_code}/",
        "/api/v1/peer-groups/",
        "/api/v1/plans/",
        "/api/v1/estate/systems/",
        "/api/v1/rounds/{slug}/products/",
        "/api/v1/rounds/{slug}/suppliers/",
    }
    results = schema["paths"]["/api/v1/rounds/{slug}/results/"]["get"]
    assert {p["name"] for p in results["parameters"]} >= {"slug", "page", "page_size"}
    ref = results["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("PaginatedResultList")
    properties = {
        name for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    }  # fmt: skip
    assert not {"evidence", "email", "username", "comment", "approved_by"} & properties
    as_json = client.get(reverse("api:schema"), {"format": "json"})
    assert as_json.status_code == 200 and json.loads(as_json.content)["paths"]


def test_docs_page_needs_no_cdn(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/rounds/{slug}/results/" in html
    assert reverse("api:schema") in html
    assert "cdn" not in html.lower() and "swagger" not in html.lower()

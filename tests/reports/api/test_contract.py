"""The API says what it does: every parameter declared, every bad value a 400 naming it,
every 400 and 404 documented, and schemathesis (all checks) finds nothing against a live
server on real HTTP."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from boroughs.models import Authority, PeerGroup
from surveys.models import Round
from tests.reports.exports_support import CAMDEN, approve_more, build_dataset

pytestmark = pytest.mark.django_db
SLUG = "round-2024"


@pytest.fixture
def named(db):
    dataset = build_dataset(status=Round.Status.PUBLISHED, share_named_results=True)
    approve_more(dataset, {"E09000019": 3, "E09000022": 2, "E09000028": 4, "E09000033": 1})
    return dataset


def _get(client, name, args=(), **params):
    return client.get(reverse(name, args=args), params)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "١"}, "page"),  # an Arabic-Indic digit: isdigit() but not a page number
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"inner_outer": "north"}, "inner_outer"),
        ({"peer_group": "no such group"}, "peer_group"),
        ({"authority": "E09000007E09000007"}, "authority"),
        ({"authority": "Camden"}, "authority"),
        ({"inner_outer": ""}, "inner_outer"),
        ({"colour": "blue"}, "colour"),
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, named, params, parameter):
    response = _get(client, "api:round-results", [SLUG], **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "The request's parameters are not valid."
    assert parameter in body["errors"]


def test_parameters_an_endpoint_does_not_take_are_refused(client, named):
    assert _get(client, "api:root", page="2").status_code == 400
    assert _get(client, "api:round", [SLUG], page_size="10").status_code == 400
    assert _get(client, "api:authority", [CAMDEN], inner_outer="inner").status_code == 400
    assert _get(client, "api:round-aggregates", [SLUG], peer_group="x").status_code == 400


def test_a_well_formed_value_that_names_nothing_is_a_404(client, named):
    unknown_group = _get(client, "api:round-results", [SLUG], peer_group="no-such-group")
    assert unknown_group.status_code == 404
    assert "no peer group" in unknown_group.json()["detail"]
    unknown_authority = _get(client, "api:authorities", authority="E09999999")
    assert unknown_authority.status_code == 404
    nowhere = client.get("/api/v1/no/such/thing/?colour=blue")
    assert nowhere.status_code == 404 and nowhere["Content-Type"] == "application/json"


def test_a_page_past_the_last_is_a_404_that_says_so(client, named):
    response = _get(client, "api:round-results", [SLUG], page="9")
    assert response.status_code == 404
    assert "no page with that number" in response.json()["detail"]


def test_filters_by_sub_region_peer_group_and_authority(client, named):
    inner = _get(client, "api:round-results", [SLUG], inner_outer="inner").json()
    assert inner["count"] == Authority.objects.filter(inner_outer="inner").count() == 14
    group = PeerGroup.objects.exclude(authorities=None).first()
    members = set(group.authorities.values_list("gss_code", flat=True))
    by_group = _get(client, "api:round-results", [SLUG], peer_group=group.slug, page_size=100)
    assert {row["authority"]["gss_code"] for row in by_group.json()["results"]} == members
    one = _get(client, "api:round-results", [SLUG], authority=CAMDEN).json()
    assert [row["authority"]["gss_code"] for row in one["results"]] == [CAMDEN]
    assert one["results"][0]["overall_score"] == 75.0
    outer = _get(client, "api:authorities", inner_outer="outer").json()
    assert outer["count"] == 19
    groups = _get(client, "api:peer-groups").json()["results"]
    assert {g["slug"] for g in groups} == set(PeerGroup.objects.values_list("slug", flat=True))


def test_schema_documents_errors_and_filters(client, db):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    for path, methods in schema["paths"].items():
        responses = methods["get"]["responses"]
        assert "400" in responses, path
        if "{" in path or path.endswith(("rounds/", "authorities/", "peer-groups/")):
            assert "404" in responses, path
    results = schema["paths"]["/api/v1/rounds/{slug}/results/"]["get"]
    names = {p["name"] for p in results["parameters"]}
    assert names == {"slug", "page", "page_size", "authority", "inner_outer", "peer_group"}
    inner_outer = next(p for p in results["parameters"] if p["name"] == "inner_outer")
    assert inner_outer["schema"]["enum"] == ["inner", "outer"]


# --- schemathesis against a live server ---------------------------------------------------


@pytest.fixture
def live_api(live_server, transactional_db, django_db_serialized_rollback):
    build_dataset(status=Round.Status.PUBLISHED, share_named_results=True)
    build_dataset(status=Round.Status.PUBLISHED, name="Round 2023")  # aggregates only
    return live_server.url


@pytest.mark.slow
def test_schemathesis_finds_nothing_with_every_check(live_api, tmp_path):
    """Generated requests (valid and invalid) for every operation, every check on.

    Deterministic (a fixed seed and deterministic generation), so a failure repeats.
    """
    schemathesis = Path(sys.executable).with_name("schemathesis")
    command = [
        str(schemathesis),
        "run",
        f"{live_api}/api/v1/schema/?format=json",
        "--url",
        live_api,
        "--checks",
        "all",
        "--max-examples",
        "30",
        "--seed",
        "20261130",
        "--generation-deterministic",
        "--workers",
        "1",
        "--no-color",
        "--report",
        "json",
        "--report-json-path",
        str(tmp_path / "report.json"),
    ]
    # In a temporary folder: schemathesis keeps its state (.schemathesis/) in the current one.
    run = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path
    )
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report, "schemathesis wrote no report"


def test_errors_raised_before_the_api_views_are_json_too(client, db):
    """A NUL is refused by a middleware before any view: under /api/ the answer is JSON."""
    response = client.get("/api/v1/rounds/?page=%00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    assert client.get("/open-data/?x=%00")["Content-Type"].startswith("text/html")

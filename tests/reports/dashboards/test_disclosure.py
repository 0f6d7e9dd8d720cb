"""Who sees what on the dashboards, enforced on the server for every role."""

import pytest
from django.urls import reverse

from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


def overview(client, round_, **params):
    query = "&".join(f"{k}={v}" for k, v in {"round": round_.slug, **params}.items())
    return client.get(f"{reverse('reports:overview')}?{query}")


def profile(client, slug, round_):
    return client.get(f"{reverse('reports:authority', args=[slug])}?round={round_.slug}")


def deep_dive(client, round_, code="area-1"):
    return client.get(f"{reverse('reports:area', args=[code])}?round={round_.slug}")


def heatmap_names(response) -> list[str]:
    return [row[0] for row in response.context["charts"]["heatmap"].rows]


URLS = [
    ("reports:index", []),
    ("reports:overview", []),
    ("reports:authority", ["camden"]),
    ("reports:area", ["area-1"]),
    ("reports:trends", []),
]


@pytest.mark.parametrize(("name", "args"), URLS)
def test_anonymous_people_are_sent_to_sign_in(client, results_round, name, args):
    response = client.get(reverse(name, args=args) + "?format=csv&chart=heatmap")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "args"), URLS)
def test_people_without_a_role_are_refused(client, results_round, name, args):
    client.force_login(factories.UserFactory())
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), URLS)
def test_dashboards_only_answer_get(client, cdo, results_round, name, args):
    client.force_login(cdo)
    assert client.post(reverse(name, args=args)).status_code == 405


@pytest.mark.parametrize("who", ["cdo", "admin_user"])
def test_cdo_office_and_admins_see_every_authority_by_name(client, results_round, who, request):
    client.force_login(request.getfixturevalue(who))
    response = overview(client, results_round)
    assert response.status_code == 200
    names = heatmap_names(response)
    assert len(names) == 9 and "Hackney" in names and names[-1] == "London median"
    assert response.context["charts"]["tile_map"].figure is not None
    assert overview(client, results_round, format="csv", chart="tile-map").status_code == 200


def test_borough_user_sees_only_their_own_row_when_names_are_not_shared(
    client, lead, results_round
):
    client.force_login(lead)
    response = overview(client, results_round)
    assert heatmap_names(response) == ["Camden", "London median"]
    assert "tile_map" not in response.context["charts"]
    assert b"Hackney" not in response.content
    assert b"Barnet" not in response.content
    assert overview(client, results_round, format="csv", chart="tile-map").status_code == 404
    csv = overview(client, results_round, format="csv", chart="heatmap").content.decode()
    assert [line.split(",")[0] for line in csv.splitlines()[1:]] == ["Camden", "London median"]


def test_borough_user_sees_others_by_name_when_the_round_shares_them(client, lead, shared_round):
    client.force_login(lead)
    response = overview(client, shared_round)
    assert "Hackney" in heatmap_names(response)
    assert response.context["charts"]["tile_map"].figure is not None


def test_own_profile_shows_answers_and_evidence(client, lead, contributor, results_round):
    for user in (lead, contributor):
        client.force_login(user)
        response = profile(client, "camden", results_round)
        assert response.status_code == 200
        assert b"Evidence of E09000007 for a1-q1" in response.content


def test_another_authoritys_profile_is_not_found_unless_names_are_shared(
    client, lead, results_round, shared_round
):
    client.force_login(lead)
    assert profile(client, "hackney", results_round).status_code == 404
    response = profile(client, "hackney", shared_round)
    assert response.status_code == 200
    assert b"Evidence of E09000012" not in response.content
    assert not response.context["answers"]
    assert b'id="answers"' not in response.content


def test_cdo_office_sees_any_profile_with_its_evidence(client, cdo, results_round):
    client.force_login(cdo)
    response = profile(client, "hackney", results_round)
    assert response.status_code == 200
    assert b"Evidence of E09000012 for a1-q1" in response.content


def test_deep_dive_names_only_the_viewers_own_authority_without_sharing(
    client, lead, results_round
):
    client.force_login(lead)
    response = deep_dive(client, results_round)
    assert response.status_code == 200
    listed = " ".join(
        person["name"]
        for q in response.context["questions"]
        for entry in q["levels"]
        for person in entry["people"]
    )
    assert "Camden" in listed
    assert "Hackney" not in listed and b"Hackney" not in response.content


def test_deep_dive_with_sharing_names_others_but_links_only_own_evidence(
    client, lead, shared_round
):
    client.force_login(lead)
    content = deep_dive(client, shared_round).content.decode()
    assert "Hackney" in content
    assert reverse("reports:authority", args=["hackney"]) not in content
    assert reverse("reports:authority", args=["camden"]) + f"?round={shared_round.slug}" in content


def test_deep_dive_links_every_authoritys_evidence_for_the_cdo_office(client, cdo, results_round):
    client.force_login(cdo)
    content = deep_dive(client, results_round).content.decode()
    assert reverse("reports:authority", args=["hackney"]) + "?round=" in content


def test_aggregates_of_fewer_than_five_authorities_are_not_shown(client, cdo, lead, db):
    small = make_results_round(authorities=4)
    client.force_login(cdo)
    response = overview(client, small)
    assert response.context["headline"]["median"] is None
    assert b"Too few authorities to compare" in response.content
    assert response.context["charts"]["distribution"].figure is None
    assert response.context["charts"]["groups"].figure is None
    assert "London median" not in heatmap_names(response)
    assert overview(client, small, format="csv", chart="distribution").status_code == 404
    client.force_login(lead)
    areas = profile(client, "camden", small).context["charts"]["areas"]
    assert "London median" not in areas.columns
    assert areas.notes[0].startswith("Too few authorities to compare: London")
    dive = deep_dive(client, small).context["charts"]["levels"]
    assert dive.figure is None and "Too few authorities" in dive.empty_message


def test_small_groups_are_left_out_but_named(client, cdo, results_round):
    # Of the eight authorities, three are Inner London and five Outer London.
    client.force_login(cdo)
    groups = overview(client, results_round).context["charts"]["groups"]
    assert [row[0] for row in groups.rows] == ["London", "Outer London"]
    assert groups.notes == ["Too few authorities to compare: Inner London."]


def test_trends_show_others_only_with_names_shared_in_both_rounds(client, cdo, lead, db):
    first = make_results_round(round_index=0, name="Round A")
    make_results_round(round_index=1, name="Round B", questionnaire=first.questionnaire)
    client.force_login(lead)
    response = client.get(reverse("reports:trends"))
    charts = response.context["charts"]
    assert [row[0] for row in charts["slope"].rows] == [
        "Camden",
        "London median",
        "London lower quartile",
        "London upper quartile",
    ]
    assert "improved" not in charts
    assert b"Hackney" not in response.content
    client.force_login(cdo)
    charts = client.get(reverse("reports:trends")).context["charts"]
    assert len(charts["slope"].rows) == 9 + 2  # with London's quartiles
    assert charts["improved"].figure is not None

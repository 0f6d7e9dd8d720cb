"""The report's page: who may see it, what it shows, and its constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boroughs.models import Authority
from surveys.models import Round
from tests import factories
from tests.reports.conftest import make_results_round
from tests.reports.report.conftest import ACTION_TITLES, make_plan

pytestmark = pytest.mark.django_db

PAGE = "reports:authority-report"
PDF = "reports:authority-report-pdf"


def _url(name, round_, slug="camden") -> str:
    return reverse(name, args=[slug]) + f"?round={round_.slug}"


@pytest.mark.parametrize("name", [PAGE, PDF])
@pytest.mark.parametrize("who", ["lead", "contributor", "cdo", "admin_user"])
def test_its_own_people_and_the_cdo_office_see_it(client, request, report_round, name, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(name, report_round)).status_code == 200


@pytest.mark.parametrize("name", [PAGE, PDF])
@pytest.mark.parametrize("share", [False, True])
def test_another_authoritys_lead_gets_404_even_where_names_are_shared(
    client, other_lead, report_round, name, share
):
    Round.objects.filter(pk=report_round.pk).update(share_named_results=share)
    client.force_login(other_lead)
    assert client.get(_url(name, report_round)).status_code == 404
    # ...while the profile, which holds no plan, is open to them in a shared round.
    profile = client.get(_url("reports:authority", report_round))
    assert profile.status_code == (200 if share else 404)


@pytest.mark.parametrize("name", [PAGE, PDF])
def test_anonymous_people_are_sent_to_sign_in(client, report_round, name):
    response = client.get(_url(name, report_round))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_authority_is_404(client, cdo, report_round):
    client.force_login(cdo)
    assert client.get(_url(PAGE, report_round, slug="atlantis")).status_code == 404


def test_the_page_shows_the_report_with_its_chart_tables_and_pdf_link(client, lead, report_round):
    client.force_login(lead)
    html = client.get(_url(PAGE, report_round)).content.decode()
    assert "Prepared for Camden's leadership" in html
    assert "Download as PDF" in html
    assert _url(PDF, report_round).replace("&", "&amp;") in html or _url(PDF, report_round) in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "<title id=" in html
    assert "The chart's figures: area scores and medians" in html
    assert "Questions compared with London" in html
    for title in ACTION_TITLES:
        assert title in html
    assert "Ada Lovelace, Chief Executive" in html
    assert "css/report.css" in html  # the print stylesheet
    assert reverse("scoring-method") in html


def test_its_overall_score_is_the_profiles(client, lead, report_round):
    client.force_login(lead)
    profile = client.get(_url("reports:authority", report_round)).context["charts"]["areas"]
    overall = profile.screen_rows[-1]
    assert overall[0] == "Overall"
    html = client.get(_url(PAGE, report_round)).content.decode()
    assert f'id="overall-score">{overall[1]} out of 100' in html


def test_a_plan_of_another_authority_never_shows(client, lead, report_round):
    make_plan(Authority.objects.get(slug="hackney"), report_round, actions=("Hackney's secret",))
    client.force_login(lead)
    assert "Hackney&#x27;s secret" not in client.get(_url(PAGE, report_round)).content.decode()


def _grow(round_) -> Round:
    """More of everything: more authorities, areas, questions and actions."""
    bigger = make_results_round(
        authorities=12, areas=4, questions_per_area=5, round_index=1, name="Bigger round"
    )
    plan = Authority.objects.get(slug="camden").plan
    plan.delete()
    make_plan(
        Authority.objects.get(slug="camden"), bigger, actions=[f"Action {n}" for n in range(25)]
    )
    factories.make_member("contributor", "E09000007", username="contributor-c")
    return bigger


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["lead", "cdo"])
def test_the_page_costs_the_same_queries_however_much_data(
    client, request, report_round, who, django_assert_num_queries
):
    client.force_login(request.getfixturevalue(who))
    client.get(_url(PAGE, report_round))  # warms London's medians in the cache
    small = _count(client, _url(PAGE, report_round))
    assert small > 10
    bigger = _grow(report_round)
    client.get(_url(PAGE, bigger))
    with django_assert_num_queries(small):
        assert client.get(_url(PAGE, bigger)).status_code == 200

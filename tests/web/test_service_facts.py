"""Pages that describe the service read its scope from the data: how many authorities are
loaded and the areas of the current questionnaire, never "33" or London's four areas."""

import datetime

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import boroughs.selectors
from boroughs.models import Authority
from surveys.models import Area, Questionnaire, Round
from tests import factories

pytestmark = pytest.mark.django_db

FOOTER = "is run by the London Chief Digital Officer's office for London's {} authorities"
DEFAULT_AREAS = ["Technology estate", "Data", "Security", "Procurement"]


@pytest.fixture
def one_authority_fewer(db):
    Authority.objects.filter(gss_code="E09000033").delete()  # Westminster
    return Authority.objects.count()


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_footer_home_and_accessibility_pages_count_the_authorities_loaded(
    client, one_authority_fewer
):
    assert one_authority_fewer == 32
    for path in ("/", "/accessibility/", "/how-scores-are-calculated/"):
        html = _html(client, path)
        assert FOOTER.format("32 local") in html, path
        assert "33" not in html.replace('viewBox="0 0 33 40"', ""), path
    assert "in which London's 32 local authorities assess" in _html(client, "/accessibility/")
    assert "how London's 32 local authorities compare" in _html(client, "/")


def test_the_round_view_counts_the_authorities_loaded(client, cdo, one_authority_fewer):
    round_ = factories.RoundFactory()
    client.force_login(cdo)
    html = _html(client, reverse("review:round", args=[round_.slug]))
    assert "Showing 32 of London's 32 authorities" in html


def _published(name_prefix: str, areas: int, published_days_ago: int) -> Questionnaire:
    questionnaire = factories.make_questionnaire(
        areas=areas,
        published_at=timezone.now() - datetime.timedelta(days=published_days_ago),
    )
    for area in Area.objects.filter(questionnaire=questionnaire):
        Area.objects.filter(pk=area.pk).update(name=f"{name_prefix} {area.order}")
    return questionnaire


def test_the_home_page_lists_the_areas_of_the_latest_published_questionnaire(client):
    _published("Older", areas=4, published_days_ago=400)
    _published("Data maturity", areas=3, published_days_ago=2)
    factories.make_questionnaire(areas=5, status=Questionnaire.Status.DRAFT)  # not yet
    html = _html(client, "/")
    items = [f"<li>Data maturity {n}</li>" for n in (1, 2, 3)]
    assert all(item in html for item in items)
    assert html.index(items[0]) < html.index(items[1]) < html.index(items[2])
    assert "Older" not in html and "Area 5" not in html
    for name in DEFAULT_AREAS:
        assert f"<li>{name.lower()}</li>" not in html and f"<li>{name}</li>" not in html


def test_without_a_published_questionnaire_the_open_rounds_areas_are_listed(client):
    questionnaire = factories.make_questionnaire(areas=2)
    factories.RoundFactory(questionnaire=questionnaire, status=Round.Status.OPEN)
    # Retired while its round is still open.
    Questionnaire.objects.filter(pk=questionnaire.pk).update(status=Questionnaire.Status.RETIRED)
    html = _html(client, "/")
    assert "<li>Area 1</li>" in html and "<li>Area 2</li>" in html


def test_with_no_questionnaire_the_home_page_lists_no_areas(client):
    html = _html(client, "/")
    assert "London's 33 local authorities compare.</p>" in html
    assert "govuk-list--bullet" not in html


def test_the_figures_cost_one_query_each_per_page(client):
    _published("Data maturity", areas=3, published_days_ago=2)
    with CaptureQueriesContext(connection) as queries:
        _html(client, "/")
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([s for s in sql if "boroughs_authority" in s]) == 1, sql
    assert len([s for s in sql if "surveys_area" in s]) == 1, sql


def test_a_database_that_cannot_answer_leaves_the_figures_out(client, monkeypatch):
    def broken():
        raise DatabaseError("the database is away")

    monkeypatch.setattr(boroughs.selectors, "authority_list", broken)
    html = _html(client, "/accessibility/")
    assert FOOTER.format("local") in html

"""The dashboards in a real browser: charts drawn, tables present, no console errors, axe clean."""

import pytest

from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.browser


@pytest.fixture
def two_rounds(transactional_db):
    first = make_results_round(round_index=0, name="Round A", authorities=10)
    make_results_round(
        round_index=1, name="Round B", authorities=10, questionnaire=first.questionnaire
    )


def check_page(page, live_server, path, assert_accessible):
    page.goto(f"{live_server.url}{path}")
    expected = page.locator("[data-chart]").count()
    assert expected >= 1, f"no charts on {path}"
    page.wait_for_selector(".js-plotly-plot")
    page.wait_for_function(
        "n => document.querySelectorAll('.ldm-chart--drawn').length === n", arg=expected
    )
    assert page.locator(".js-plotly-plot").count() == expected
    # The data behind each chart is in the page as a table, with a CSV link.
    assert page.locator("figure.ldm-figure table.govuk-table").count() >= expected
    assert page.get_by_role("link", name="Download this data (CSV)").count() >= expected
    # Plotly's mode bar stays hidden (its buttons are too small a target).
    assert page.locator(".modebar-container .modebar").count() == 0
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/reports/london/",
        "/reports/authorities/hackney/",
        "/reports/areas/area-1/",
        "/reports/trends/",
        "/reports/ranking/",
    ],
)
def test_cdo_office_dashboards(page, live_server, sign_in, assert_accessible, two_rounds, path):
    factories.make_cdo(username="cdo-browser")
    sign_in(page, live_server, "cdo-browser")
    check_page(page, live_server, path, assert_accessible)


def test_borough_lead_sees_their_profile_and_london_aggregates(
    page, live_server, sign_in, assert_accessible, two_rounds
):
    factories.make_member("lead", "E09000007", username="lead-browser")
    sign_in(page, live_server, "lead-browser")
    check_page(page, live_server, "/reports/london/", assert_accessible)
    assert page.get_by_text("Hackney").count() == 0
    check_page(page, live_server, "/reports/authorities/camden/", assert_accessible)
    assert page.get_by_role("heading", name="Answers and evidence").is_visible()


def test_tables_show_without_javascript(new_context, live_server, sign_in, two_rounds):
    factories.make_cdo(username="cdo-nojs")
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, live_server, "cdo-nojs")
    page.goto(f"{live_server.url}/reports/london/")
    # With no script to draw the chart, its data table stays open and readable.
    assert page.locator("details[open] table.govuk-table").count() >= 3
    assert page.locator(".js-plotly-plot").count() == 0

"""The London-wide view of plans in a browser: the chart draws, its table and the
collaboration list are there, and the page passes axe (for the CDO office and a lead)."""

import pytest

from tests import factories
from tests.reports.plans.support import CAMDEN, HACKNEY, ISLINGTON, make_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def plans(transactional_db):
    factories.make_questionnaire()
    for gss, shared in ((CAMDEN, True), (HACKNEY, False), (ISLINGTON, True)):
        make_plan(
            gss,
            shared=shared,
            targets=(("area-1", "a1-q1", 3), ("area-2", "", 4)),
            actions=(("area-1", "a1-q2", "Write a data strategy", "in_progress"),),
        )


@pytest.mark.parametrize("who", ["cdo", "lead"])
def test_plans_view_is_accessible(page, live_server, sign_in, assert_accessible, plans, who):
    if who == "cdo":
        factories.make_cdo(username="cdo-plans")
    else:
        factories.make_member("lead", CAMDEN, username="lead-plans")
    sign_in(page, live_server, f"{who}-plans")
    page.goto(f"{live_server.url}/reports/plans/")
    page.wait_for_selector(".js-plotly-plot")
    assert page.get_by_role("heading", name="Working on the same question").is_visible()
    assert page.locator("figure.ldm-figure table.govuk-table").count() >= 1
    assert (page.get_by_text("Hackney").count() == 0) is (who == "lead")
    assert_accessible(page)

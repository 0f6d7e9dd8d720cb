"""The London-wide estate views in a browser (issue 16): the charts draw, the tables and
the joint-procurement groups are there, and each page passes axe, for the CDO office and
for a lead in a round that does not share named results (who sees no other name)."""

import html

import pytest

from tests import factories
from tests.reports.estate.support import CODES, HACKNEY, estate_round, uniform_everywhere

pytestmark = pytest.mark.browser

PAGES = [
    ("/reports/estate/", "Who uses what"),
    ("/reports/estate/contracts/?months=24", "Contracts ending"),
    ("/reports/estate/collaboration/?months=24", "Joint-procurement opportunities"),
    ("/reports/estate/suppliers/", "Supplier concentration"),
]


@pytest.fixture
def registers(transactional_db):
    uniform_everywhere(estate_round(share=False), CODES)
    group = factories.PeerGroupFactory(name="Estate partnership")
    group.authorities.add(*[factories.authority(code) for code in CODES])


@pytest.mark.parametrize("who", ["cdo", "lead"])
def test_estate_views_are_accessible(page, live_server, sign_in, assert_accessible, registers, who):
    if who == "cdo":
        factories.make_cdo(username="cdo-estate")
    else:
        factories.make_member("lead", username="lead-estate")
    sign_in(page, live_server, f"{who}-estate")
    hackney = html.unescape(factories.authority(HACKNEY).name)
    for path, heading in PAGES:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_selector(".js-plotly-plot")
        assert page.get_by_role("heading", name=heading).first.is_visible()
        assert page.locator("table.govuk-table").count() >= 1
        assert (page.get_by_text(hackney).count() == 0) is (who == "lead"), path
        assert_accessible(page)

"""Focus and target sizes the eye catches and axe does not.

- A table's scroll region shows the GOV.UK box focus (a yellow outline with a black inner
  edge) on itself when focused, and leaves the table as it was: no yellow fill over it.
- The Django admin's changelist filter links are at least 24px high (WCAG 2.2 2.5.8).
"""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.browser

YELLOW = "rgb(255, 221, 0)"
TRANSPARENT = "rgba(0, 0, 0, 0)"


def test_a_focused_table_region_is_outlined_and_its_table_not_filled(page, live_server, sign_in):
    round_ = factories.RoundFactory()
    factories.make_cdo(username="cdo-focus")
    sign_in(page, live_server, "cdo-focus")
    page.goto(f"{live_server.url}{reverse('review:round', kwargs={'slug': round_.slug})}")
    region = page.get_by_role("region", name="Progress by authority")
    region.focus()
    style = region.evaluate(
        """r => {
            const s = getComputedStyle(r), cell = r.querySelector("td, th");
            return {
                focused: document.activeElement === r,
                outline: [s.outlineStyle, s.outlineWidth, s.outlineColor],
                background: s.backgroundColor,
                cell: getComputedStyle(cell).backgroundColor,
                colour: getComputedStyle(cell).color,
            };
        }"""
    )
    assert style["focused"]
    assert style["outline"] == ["solid", "3px", YELLOW]
    assert style["background"] == TRANSPARENT
    assert style["cell"] == TRANSPARENT
    assert style["colour"] == "rgb(11, 12, 12)"


def test_admin_filter_links_are_at_least_24px_high(page, live_server, sign_in):
    factories.RoundFactory(name="A round to filter by")
    factories.make_admin(username="admin-targets", is_superuser=True)
    sign_in(page, live_server, "admin-targets")
    # Filtered, so that "Clear all filters" shows beside "Show counts".
    page.goto(f"{live_server.url}/admin/surveys/assessment/?status__exact=draft")
    links = page.locator("#changelist-filter a")
    assert page.get_by_role("link", name="Clear all filters").count() == 1
    assert links.count() >= 5
    heights = links.evaluate_all("links => links.map(a => a.getBoundingClientRect().height)")
    assert min(heights) >= 24, f"filter links {sorted(set(heights))} px high"

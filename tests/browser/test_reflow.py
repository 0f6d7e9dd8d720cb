"""Reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS pixels.

Every page of the URL sweep's list (tests/access) that answers a GET with HTML is opened at
320 px wide, as a role its access table gives a 200, on the sweep's world, and must not be
wider than the window: a wide table scrolls inside its own region, never the page. The
round view, the CDO office's main page, must fit at 1280 px too, its progress table whole.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Questionnaire
from tests import factories
from tests.access.base import ANONYMOUS
from tests.access.pages import viewable_pages
from tests.access.world import build_world
from tests.browser.conftest import PROJECT

pytestmark = pytest.mark.browser

SHIPPED = PROJECT / "fixtures" / "questionnaires" / "london-digital-maturity-v2.yaml"
PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def test_no_page_scrolls_sideways_at_320_px(new_context, live_server, sign_in):
    world = build_world()
    tabs = {}
    checked, too_wide = [], []
    for name, url, role in viewable_pages(world):
        if role not in tabs:
            tabs[role] = new_context(viewport={"width": 320, "height": 640}).new_page()
            if role != ANONYMOUS:
                sign_in(tabs[role], live_server, world.users[role].username)
        page = tabs[role]
        # Asked first through the tab's own cookies: a CSV, JSON or YAML file is no page
        # (and opening it would start a download).
        answer = page.request.get(f"{live_server.url}{url}", max_redirects=0)
        if answer.status != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
        checked.append(name)
        width, window = page.evaluate(PAGE_WIDTH)
        if width > window:
            too_wide.append(f"  {name} ({url}) as {role}: {width} px wide in a {window} px window")
    assert not too_wide, "Pages that scroll sideways at 320 px:\n" + "\n".join(too_wide)
    # The sweep's list really was walked: the pages people live in are among those checked.
    for name in ("review:round", "review:assessment", "reports:authority", "surveys:check"):
        assert name in checked


def _a_real_round():
    """An open round of the shipped questionnaire (its four areas) in which every authority
    has started, each last changed by someone with a long name: the table at its widest."""
    call_command("load_questionnaire", str(SHIPPED), "--publish", stdout=StringIO())
    round_ = factories.RoundFactory(
        questionnaire=Questionnaire.objects.get(code="london-digital-maturity"),
        slug="real-round",
    )
    busy = factories.make_member(
        "contributor", username="busy", first_name="Priya", last_name="Adeyemi-Kowalski"
    )
    for authority in Authority.objects.all():
        factories.AssessmentFactory(
            authority=authority,
            round=round_,
            last_activity_at=timezone.now(),
            last_activity_by=busy,
        )
    return round_


def test_the_round_view_fits_a_desktop_window(page, live_server, sign_in):
    round_ = _a_real_round()
    factories.make_cdo(username="cdo-wide")
    sign_in(page, live_server, "cdo-wide")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}{reverse('review:round', kwargs={'slug': round_.slug})}")
    assert page.evaluate(PAGE_WIDTH)[0] <= 1280
    # Every column of the progress table, "Last activity" and "Submitted" too, is in view
    # without scrolling its region.
    region = page.locator(".ldm-table-scroll").filter(has=page.locator("table"))
    scroll, client = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    assert scroll <= client, f"the progress table is {scroll} px wide in a {client} px region"
    assert page.get_by_role("columnheader", name="Submitted").is_visible()

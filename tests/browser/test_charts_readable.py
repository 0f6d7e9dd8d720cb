"""The dashboards' charts as people read them: label sizes, narrow screens (issue 12)."""

import pytest

from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.browser


@pytest.fixture
def results(transactional_db):
    first = make_results_round(round_index=0, name="Round A", authorities=10)
    make_results_round(
        round_index=1, name="Round B", authorities=10, questionnaire=first.questionnaire
    )
    factories.make_cdo(username="cdo-charts")


def drawn(page, chart_id: str) -> bool:
    return page.locator(f"#chart-{chart_id}.ldm-chart--drawn").count() == 1


def test_heat_map_values_are_at_least_12_px(page, live_server, sign_in, results):
    sign_in(page, live_server, "cdo-charts")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reports/london/")
    page.wait_for_selector("#chart-heatmap.ldm-chart--drawn")
    sizes = page.eval_on_selector_all(
        "#chart-heatmap .heatmaplayer text",
        "texts => texts.filter(t => t.textContent.trim())"
        ".map(t => parseFloat(getComputedStyle(t).fontSize))",
    )
    # 11 rows (ten authorities and the London median) by 3 columns, every one labelled.
    assert len(sizes) == 33
    assert min(sizes) >= 12


def test_a_narrow_screen_gets_the_heat_maps_table_not_a_squeezed_matrix(
    page, live_server, sign_in, assert_accessible, results
):
    sign_in(page, live_server, "cdo-charts")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/reports/london/")
    page.wait_for_selector("#chart-distribution.ldm-chart--drawn")
    assert not drawn(page, "heatmap")
    assert page.locator("#chart-heatmap").is_hidden()
    assert page.locator("#chart-heatmap-narrow").is_visible()
    table = page.locator("#chart-heatmap").locator("xpath=..").locator("details")
    assert table.get_attribute("open") is not None
    assert_accessible(page)
    # Wider again (a phone turned, a window widened): the chart is drawn, the table tucked away.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.wait_for_selector("#chart-heatmap.ldm-chart--drawn")
    assert page.locator("#chart-heatmap-narrow").is_hidden()
    assert table.get_attribute("open") is None


def test_the_rankings_median_line_runs_clear_of_the_scores(page, live_server, sign_in, results):
    sign_in(page, live_server, "cdo-charts")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reports/ranking/")
    page.wait_for_selector("#chart-ranking.ldm-chart--drawn")
    line = page.locator("#chart-ranking .shapelayer path").first.bounding_box()
    labels = page.eval_on_selector_all(
        "#chart-ranking .bartext",
        "texts => texts.map(t => { const b = t.getBoundingClientRect();"
        " return [b.left + window.scrollX, b.right + window.scrollX]; })",
    )
    assert len(labels) == 10
    x = line["x"] + line["width"] / 2
    assert not [(left, right) for left, right in labels if left - 1 <= x <= right + 1]
    assert page.get_by_text("Median").first.is_visible()

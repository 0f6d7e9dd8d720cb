"""The service's look and feel: GOV.UK Frontend without the GOV.UK brand, the
maturity colour scale, CSP-safe templates, the chart and tile-map includes.
"""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
SCSS = ROOT / "static" / "scss" / "main.scss"
BUILT_CSS = ROOT / "static" / "build" / "main.css"
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]

# The maturity colour scale of the project notes (COMMON.md), level 1..5 and "no data".
LEVEL_COLOURS = {
    "1": "#440154",
    "2": "#3b528b",
    "3": "#21918c",
    "4": "#5ec962",
    "5": "#fde725",
    "none": "#f3f2f1",
}
SCSS_TEXT = {"$ldm-text-light": "#ffffff", "$ldm-text-dark": "#0b0c0c"}


def luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def built_css() -> str:
    if not BUILT_CSS.exists():
        pytest.skip("static/build/main.css is not built: run `make assets` first")
    return BUILT_CSS.read_text()


def get_request(user=None, path="/"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.session = {}
    return request


# --- the start page and the page template ---------------------------------------------


@pytest.mark.django_db
def test_start_page_shows_the_service_name_without_the_gov_uk_brand(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert settings.SERVICE_NAME in html
    assert 'class="govuk-service-navigation"' in html
    assert "govuk-generic-header" in html
    # No crown anywhere: not the GOV.UK header logotype, not the footer crown or crest.
    for crown in ("govuk-header__logotype", "govuk-footer__crown", "govuk-crest", "GOV.UK"):
        assert crown not in html
    assert "Sign out" not in html  # signed out: no navigation but the service name


@pytest.mark.django_db
def test_pages_load_scripts_only_from_static_files(client):
    html = client.get("/accessibility/").content.decode()

    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "the page template loads its scripts"
    assert all("src=" in attributes for attributes in scripts)
    assert "js-enabled.js" in html and "js/init.js" in html
    assert 'style="' not in html


@pytest.mark.django_db
def test_footer_links_and_accessibility_statement(client):
    response = client.get("/accessibility/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Accessibility statement for" in html
    assert "WCAG" in html and "2.2" in html
    for path in ("/how-scores-are-calculated/", "/accessibility/", "/open-data/"):
        assert f'class="govuk-footer__link" href="{path}"' in html
    assert "run by the London Chief Digital Officer" in html


# --- navigation by role ----------------------------------------------------------------


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', html, re.S)
    if not nav:
        return []
    items = re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', nav.group(0))
    if "ldm-service-navigation__button" in nav.group(0):
        items.append("sign-out")
    return items


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("lead", ["/assessments/", "/reports/", "/accounts/two-factor/", "sign-out"]),
        ("contributor", ["/assessments/", "/reports/", "/accounts/two-factor/", "sign-out"]),
        ("cdo", ["/review/", "/exports/", "/reports/", "/accounts/two-factor/", "sign-out"]),
        (
            "admin_user",
            ["/review/", "/exports/", "/reports/", "/admin/", "/accounts/two-factor/", "sign-out"],
        ),
    ],
)
def test_navigation_links_follow_the_role(db, request, who, expected):
    # `db` declared here so pytest-django runs this with the other database tests
    # (a fixture fetched by name alone would not tell it).
    user = request.getfixturevalue(who)

    html = render_to_string("includes/header.html", request=get_request(user))

    assert nav_links(html) == expected
    # Signing out is a POST form with a CSRF token (Django's logout view needs POST).
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)
    assert "csrfmiddlewaretoken" in html


@pytest.mark.django_db
def test_anonymous_header_has_no_navigation():
    html = render_to_string("includes/header.html", request=get_request())

    assert nav_links(html) == []
    assert settings.SERVICE_NAME in html


# --- built CSS -------------------------------------------------------------------------


def test_built_css_uses_the_system_font_stack_and_no_gds_transport():
    css = built_css()

    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert 'font-family:system-ui,-apple-system,"Segoe UI",Roboto' in css
    assert "govuk-crest" not in css


def test_built_css_refers_only_to_files_it_ships():
    css = built_css()

    for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", css):
        if url.startswith("data:"):
            continue
        assert (BUILT_CSS.parent / url).is_file(), f"main.css refers to missing {url}"


def test_built_css_has_every_level_colour_with_readable_text():
    css = built_css()

    for name, background in LEVEL_COLOURS.items():
        rule = re.search(r"\.ldm-level-" + name + r"\{([^}]*)\}", css)
        assert rule, f".ldm-level-{name} is missing from main.css"
        declarations = dict(part.split(":", 1) for part in rule.group(1).split(";") if ":" in part)
        assert declarations["background-color"].lower() == background
        text = declarations["color"].lower()
        assert contrast(background, text) >= 4.5, f"level {name}: {text} on {background}"


# --- main.scss -------------------------------------------------------------------------


def scss_levels() -> dict[str, tuple[str, str]]:
    source = SCSS.read_text()
    block = re.search(r"\$ldm-levels:\s*\((.*?)\n\);", source, re.S)
    assert block, "main.scss defines the $ldm-levels map"
    pairs = re.findall(
        r'"(\w+)":\s*\((#[0-9a-fA-F]{6}),\s*(\$ldm-text-(?:light|dark))\)', block.group(1)
    )
    return {name: (background.lower(), SCSS_TEXT[text]) for name, background, text in pairs}


def test_scss_level_colours_match_the_project_scale():
    levels = scss_levels()

    assert {name: background for name, (background, _) in levels.items()} == LEVEL_COLOURS


def test_scss_text_colours_reach_wcag_aa_contrast():
    source = SCSS.read_text()
    for variable, value in SCSS_TEXT.items():
        assert re.search(re.escape(variable) + r":\s*" + value + ";", source)

    for name, (background, text) in scss_levels().items():
        assert contrast(background, text) >= 4.5, f"level {name}: {text} on {background}"


def test_scss_sets_the_system_font_stack_without_the_default_font_face():
    source = re.sub(r"//[^\n]*", "", SCSS.read_text())  # code, not comments

    assert re.search(r"\$govuk-font-family:\s*\(system-ui,", source)
    assert re.search(r"\$govuk-include-default-font-face:\s*false", source)
    assert "GDS Transport" not in source


# --- templates are CSP-safe ------------------------------------------------------------


def template_files() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


def without_comments(source: str) -> str:
    """Template markup without Django and HTML comments (which may talk about <script>)."""
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", source, flags=re.S)
    source = re.sub(r"{#.*?#}", "", source)
    return re.sub(r"<!--.*?-->", "", source, flags=re.S)


def test_templates_have_no_inline_script_or_style():
    problems = []
    for path in template_files():
        source = without_comments(path.read_text())
        for match in re.finditer(r"<script\b([^>]*)>", source, re.I):
            attributes = match.group(1)
            if "src=" in attributes or 'type="application/json"' in attributes:
                continue
            problems.append(f"{path.relative_to(ROOT)}: inline <script{attributes}>")
        if re.search(r"\sstyle\s*=", source, re.I):
            problems.append(f"{path.relative_to(ROOT)}: style= attribute")
        if re.search(r"<style\b", source, re.I):
            problems.append(f"{path.relative_to(ROOT)}: <style> element")
    assert template_files(), "templates were found"
    assert not problems, "\n".join(problems)


def test_the_template_scan_would_catch_inline_script_and_style(tmp_path, monkeypatch):
    bad = tmp_path / "templates"
    bad.mkdir()
    (bad / "bad.html").write_text(
        "{% comment %}<script>fine</script>{% endcomment %}"
        '<p style="color: red">x</p><script>alert(1)</script>'
    )
    monkeypatch.setattr(f"{__name__}.TEMPLATE_DIRS", [bad])
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)

    with pytest.raises(AssertionError) as failure:
        test_templates_have_no_inline_script_or_style()

    assert "bad.html: inline <script>" in str(failure.value)
    assert "bad.html: style= attribute" in str(failure.value)


# --- the chart include -----------------------------------------------------------------

FIGURE = {"data": [{"type": "bar", "x": ["Camden"], "y": [62]}], "layout": {"height": 300}}


def render_chart(**context):
    return render_to_string("includes/chart.html", context, request=get_request())


def test_chart_include_embeds_the_figure_and_always_carries_the_table():
    html = render_chart(
        chart_id="overall",
        figure_json=FIGURE,
        title="Overall score",
        summary="Camden scores 62.",
        table={"headers": ["Authority", "Score"], "rows": [["Camden", "62"]]},
        csv_url="/exports/overall.csv",
    )

    assert 'data-chart="chart-data-overall"' in html
    assert 'role="img"' not in html
    data = re.search(
        r'<script id="chart-data-overall" type="application/json">(.*?)</script>', html, re.S
    )
    assert json.loads(data.group(1)) == FIGURE
    assert "Camden scores 62." in html
    # The table is in the HTML, in a details element that starts open (no-JS users see it).
    assert re.search(r"<details class=\"govuk-details\" open data-ldm-collapse-when-drawn>", html)
    assert '<th scope="row" class="govuk-table__header">Camden</th>' in html
    assert '<td class="govuk-table__cell">62</td>' in html
    assert 'href="/exports/overall.csv"' in html and "Download this data (CSV)" in html


def test_chart_include_takes_a_chart_object_and_right_aligns_numbers():
    chart = SimpleNamespace(
        id="by-area",
        title="Score by area",
        summary="Data scores lowest.",
        figure_json=FIGURE,
        columns=["Area", "Median"],
        rows=[["Data", "41.5"]],
        numeric_columns=[False, True],
        notes=["Approved assessments only."],
        empty_message="",
        csv_url="",
    )

    html = render_chart(chart=chart)

    assert 'id="chart-data-by-area"' in html
    assert "Approved assessments only." in html
    assert "govuk-table__header govuk-table__header--numeric" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">41.5</td>' in html
    assert "Download this data" not in html  # no CSV URL, no link


def test_chart_include_without_a_figure_says_why_and_draws_nothing():
    html = render_chart(
        chart_id="empty",
        figure_json=None,
        title="Overall score",
        empty_message="Fewer than 5 authorities have submitted.",
        table={"headers": ["Authority"], "rows": []},
    )

    assert "Fewer than 5 authorities have submitted." in html
    assert "data-chart" not in html and "application/json" not in html


def test_json_in_the_chart_cannot_break_out_of_its_script():
    figure = {"data": [{"type": "bar", "name": "</script><script>alert(1)</script>"}]}

    html = render_chart(chart_id="x", figure_json=figure, title="T", table={"rows": []})

    assert "</script><script>" not in html


# --- the tile map ----------------------------------------------------------------------


def test_tile_map_places_tiles_with_classes_not_styles():
    tiles = [
        {"name": "Camden", "abbreviation": "CMD", "column": 3, "row": 2, "level": 4, "url": "/a/"},
        {"name": "Hackney", "abbreviation": "HCK", "column": 5, "row": 2, "level": None},
        {"name": "Barnet", "abbreviation": "BRN", "column": 3, "row": 1, "status": "draft"},
    ]

    html = render_to_string("includes/tile_map.html", {"tiles": tiles, "label": "Overall"})

    assert "ldm-tile--col-3 ldm-tile--row-2 ldm-level-4" in html
    assert "ldm-tile--col-5 ldm-tile--row-2 ldm-level-none" in html
    assert "ldm-tile--col-3 ldm-tile--row-1 ldm-colour--blue" in html
    assert '<a class="ldm-tile__link" href="/a/">' in html
    assert html.count("ldm-tile__link") == 1
    assert '<span class="govuk-visually-hidden">Camden</span>' in html
    assert "style=" not in html


def test_scss_positions_every_tile_map_cell():
    css = built_css()

    for column in range(8):
        assert f".ldm-tile--col-{column}{{grid-column:{column + 1}}}" in css
    for row in range(7):
        assert f".ldm-tile--row-{row}{{grid-row:{row + 1}}}" in css

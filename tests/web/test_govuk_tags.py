"""GOV.UK components written once: a status has one colour, on its tag and on its tile."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from surveys.review.progress import STATUS_COLOURS, Progress
from tests import factories
from tests.paths import PROJECT_ROOT
from tests.surveys.review.support import assessment

GOVUK_TAG_COLOURS = {
    "grey",
    "blue",
    "green",
    "purple",
    "red",
    "orange",
    "teal",
    "magenta",
    "yellow",
}


def render(source: str, **context) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


@pytest.mark.parametrize("status", sorted(STATUS_COLOURS))
def test_a_status_tag_takes_its_colour_from_the_one_map(status):
    colour = STATUS_COLOURS[status]
    html = render("{% status_tag status %}", status=status)
    assert colour in GOVUK_TAG_COLOURS, "govuk-frontend has no tag of that colour"
    if colour == "blue":  # the tag's default colour has no modifier class
        assert 'class="govuk-tag"' in html
    else:
        assert f'class="govuk-tag govuk-tag--{colour}"' in html
    assert render("{{ status|status_colour }}", status=status) == colour


def test_every_colour_has_a_tile_class_with_the_tags_colours():
    css = (PROJECT_ROOT / "static" / "build" / "main.css").read_text()
    for colour in set(STATUS_COLOURS.values()):
        tile = re.search(rf"\.ldm-colour--{colour}\{{([^}}]*)\}}", css)
        assert tile, f"no .ldm-colour--{colour} in the built CSS"
        tag = re.search(rf"\.govuk-tag--{colour}\{{([^}}]*)\}}", css) or re.search(
            r"\.govuk-tag\{[^}]*?(color:#[0-9a-f]+;background-color:#[0-9a-f]+)", css
        )
        assert tag and tag.group(1).endswith(tile.group(1)[-40:]), colour


def _tag_colour(cell: str) -> str:
    found = re.search(r'class="govuk-tag(?: govuk-tag--([a-z-]+))?"', cell)
    return found.group(1) or "blue"


@pytest.mark.django_db
def test_the_round_view_colours_each_status_the_same_in_table_map_and_legend(client, cdo):
    round_ = factories.RoundFactory(slug="colours")
    made = {
        "Camden": assessment(round_, "E09000007", status="draft", answered=1),
        "Hackney": assessment(round_, "E09000012", status="submitted"),
        "Barnet": assessment(round_, "E09000003", status="returned"),
        "Brent": assessment(round_, "E09000005", status="approved"),
    }
    client.force_login(cdo)
    html = client.get(reverse("review:round", args=[round_.slug])).content.decode()
    for status in Progress:
        assert f'ldm-legend__swatch ldm-colour--{status.colour}"' in html, status
    tiles = dict(
        (name, colour)
        for colour, name in re.findall(
            r'<li class="ldm-tile [^"]*ldm-colour--([a-z-]+)[^"]*">.*?'
            r'<span class="govuk-visually-hidden">([^<:]+)',
            html,
            flags=re.S,
        )
    )
    rows = dict(
        (name, _tag_colour(cell))
        for name, cell in re.findall(
            r'<th scope="row" class="govuk-table__header">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th>\s*'
            r'<td class="govuk-table__cell">(.*?)</td>',
            html,
            flags=re.S,
        )
    )
    assert len(tiles) == len(rows) == 33
    assert tiles == rows
    assert {rows[name] for name in made} == {"blue", "purple", "orange", "green"}
    assert rows["Croydon"] == "grey"  # not started

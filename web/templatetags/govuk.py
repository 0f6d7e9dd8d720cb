"""GOV.UK Design System components used across the service, each written once.

``{% load govuk %}`` then:

- ``{% status_tag status %}``: a GOV.UK tag for any status (progress, assessment, task),
  coloured by ``surveys.review.progress.STATUS_COLOURS``, the map the round's tile map
  and its legend use too (``status_colour``);
- ``{{ status|status_colour }}``: that colour's name, for ``ldm-colour--<colour>`` classes;
- ``{{ status|status_label }}``: the words for a status;
- ``{{ tile|tile_classes }}``, ``{{ value|tile_value_classes }}``: a tile map's classes.
"""

from django import template
from django.utils.html import format_html

from surveys.review.progress import status_display

register = template.Library()


@register.simple_tag
def status_tag(status, label: str = ""):
    """A GOV.UK tag for a status; ``label`` overrides the standard words.

    A simple tag rather than an included template: the round view shows hundreds.
    Blue is GOV.UK's default tag colour, which has no modifier class.
    """
    words, colour = status_display(status)
    if colour == "blue":
        return format_html('<strong class="govuk-tag">{}</strong>', label or words)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label or words
    )


@register.filter
def status_colour(status) -> str:
    return status_display(status)[1]


@register.filter
def status_label(status) -> str:
    return status_display(status)[0]


@register.filter
def tile_classes(tile: dict) -> str:
    """The classes of one tile of ``includes/tile_map.html``: its grid cell, its colour (by
    status when it has one, else by level) and the highlight frame. Worked out here, not
    in the template, because a national round's map has hundreds of tiles."""
    if tile.get("status"):
        colour = f"ldm-colour--{status_display(tile['status'])[1]}"
    elif tile.get("level"):
        colour = f"ldm-level-{tile['level']}"
    else:
        colour = "ldm-level-none"
    classes = f"ldm-tile ldm-tile--col-{tile['column']} ldm-tile--row-{tile['row']} {colour}"
    return classes + " ldm-tile--highlight" if tile.get("highlight") else classes


@register.filter
def tile_value_classes(value) -> str:
    """The value's classes: longer words than a score ("In progress") are set smaller."""
    return "ldm-tile__value ldm-tile__value--long" if len(str(value)) > 4 else "ldm-tile__value"

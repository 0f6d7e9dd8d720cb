"""GOV.UK Design System components used across the service, each written once.

``{% load govuk %}`` then:

- ``{% status_tag status %}``: a GOV.UK tag for any status (progress, assessment, task),
  coloured by ``surveys.review.progress.STATUS_COLOURS``, the map the round's tile map
  and its legend use too (``status_colour``);
- ``{{ status|status_colour }}``: that colour's name, for ``ldm-colour--<colour>`` classes;
- ``{{ status|status_label }}``: the words for a status.
"""

from django import template

from surveys.review.progress import status_display

register = template.Library()


@register.inclusion_tag("govuk/tag.html")
def status_tag(status, label: str = ""):
    """A GOV.UK tag for a status; ``label`` overrides the standard words."""
    words, colour = status_display(status)
    return {"label": label or words, "colour": colour}


@register.filter
def status_colour(status) -> str:
    return status_display(status)[1]


@register.filter
def status_label(status) -> str:
    return status_display(status)[0]

"""Numbers as the service shows them on screen, written once.

``{% load numbers %}`` then:

- ``{{ value|score }}``: a score (0 to 100), median or spread as a whole number ("54"
  for 54.37); empty for no value;
- ``{{ value|score_change }}``: a difference of scores, signed ("+7", "-3", "0").

The rule is ``reports.labels.whole``, which the dashboards' charts use for their text too,
so a number reads the same in a chart, a card and a table. Exports and CSV downloads keep
the stored precision.
"""

from django import template

from reports.labels import whole

register = template.Library()


@register.filter
def score(value) -> str:
    return whole(value)


@register.filter
def score_change(value) -> str:
    return whole(value, signed=True)

"""Markup of the dashboards that a template loop would render too slowly at national
scale (thousands of table cells, thousands of names). ``{% load reports %}`` then:

- ``{% chart_table chart %}``: a ``reports.charts.base.Chart``'s data table in GOV.UK
  markup, numbers whole (``reports.labels.whole``, as on every screen) and right-aligned
  (the markup of ``includes/chart_table.html``);
- ``{% authority_names people question_code %}``: "who to learn from" names, each
  linked to that question's answer and evidence where the page gave it a ``url``.

Every piece of text (names, codes, URLs, cells) is escaped here with ``html.escape``
before the markup is marked safe, once per tag: Django's ``format_html`` would escape
cell by cell about three times slower (15 ms more on a 400-authority heat map).
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from reports.charts.base import screen_texts

register = template.Library()

NUMERIC_HEAD = " govuk-table__header--numeric"
NUMERIC_CELL = " govuk-table__cell--numeric"
ROW_HEADER = '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
HIDDEN = '<span class="govuk-visually-hidden">: answer and evidence</span>'
OWN = " (your authority)"


@register.simple_tag
def chart_table(chart) -> str:
    """The chart's data table; nothing when it has no rows.

    Built column by column (each column's texts at once), the first cell of each row
    its row header; numbers need no escaping.
    """
    if not len(chart.table.columns) or not len(chart.table):
        return ""
    numeric = chart.numeric_columns
    caption_id = f"chart-{escape(chart.id)}-caption"
    head = "".join(
        f'<th scope="col" class="govuk-table__header{NUMERIC_HEAD * is_number}">{escape(name)}</th>'
        for name, is_number in zip(chart.columns, numeric, strict=True)
    )
    columns = []
    for index, (column, is_number) in enumerate(zip(chart.table.columns, numeric, strict=True)):
        texts = screen_texts(chart.table[column])
        if index == 0:
            columns.append([f"{ROW_HEADER}{escape(text)}</th>" for text in texts])
        elif is_number:
            opening = f'<td class="govuk-table__cell{NUMERIC_CELL}">'
            columns.append([f"{opening}{text}</td>" for text in texts])
        else:
            columns.append([f'<td class="govuk-table__cell">{escape(text)}</td>' for text in texts])
    body = "</tr>".join("".join(cells) for cells in zip(*columns, strict=True)) + "</tr>"
    return mark_safe(  # noqa: S308 - every piece of text above is escaped
        f'<div class="ldm-table-scroll" role="region" aria-labelledby="{caption_id}" '
        f'tabindex="0"><table class="govuk-table">'
        f'<caption class="govuk-table__caption govuk-table__caption--s" id="{caption_id}">'
        f"{escape(chart.title)}: data</caption>"
        f'<thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>'
        f'<tbody class="govuk-table__body">{body}</tbody></table></div>'
    )


@register.simple_tag
def authority_names(people, question_code: str) -> str:
    """Names joined by commas; ``people`` are dicts of ``name``, ``url`` (empty: no link)
    and ``own`` (the viewer's own authority, said so)."""
    anchor = escape(question_code)
    names = []
    for person in people:
        name, own = escape(person["name"]), OWN if person["own"] else ""
        if person["url"]:
            url = escape(person["url"])
            name = f'<a class="govuk-link" href="{url}#answer-{anchor}">{name}{HIDDEN}</a>'
        names.append(name + own)
    return mark_safe(", ".join(names))  # noqa: S308 - every name, URL and code is escaped

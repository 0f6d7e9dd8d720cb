"""The exports page's form: the byte-order-mark checkbox is the GOV.UK checkbox with hint."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _bom_group(client, user, **params) -> str:
    client.force_login(user)
    html = client.get(reverse("exports:index"), params).content.decode()
    group = re.search(r'<div id="div_id_bom".*?</div>\s*</div>\s*</div>', html, re.S)
    assert group, "the byte-order-mark checkbox is on the page"
    return group.group(0)


def test_the_byte_order_mark_hint_sits_under_its_checkbox_label(client, cdo):
    group = _bom_group(client, cdo)
    # One checkbox item holding, in order, the box, its label and its hint.
    item = re.search(r'<div class="govuk-checkboxes__item">(.*?)</div>\s*</div>', group, re.S)
    assert item, group
    parts = re.findall(r"<(input|label|div)\b[^>]*>", item.group(1))
    assert parts == ["input", "label", "div"], item.group(1)
    assert re.search(r'<div id="id_bom_hint" class="govuk-hint govuk-checkboxes__hint">', group)
    assert 'aria-describedby="id_bom_hint"' in group
    # Nothing of the hint is left above the checkboxes.
    assert group.index("govuk-checkboxes__item") < group.index("id_bom_hint")


def test_the_checkbox_keeps_its_state(client, cdo):
    assert " checked" not in _bom_group(client, cdo)
    assert " checked" in _bom_group(client, cdo, bom="on")

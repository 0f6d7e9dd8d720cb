"""Form fields and templates shared by the question kinds and the journey's answer form.

No model is imported: the registry of kinds (``surveys.answers.kinds``) must load
without Django settings (the load test's users build form data with it).
"""

from __future__ import annotations

from typing import TypeVar

from crispy_forms_gds.layout import Size
from django import forms
from django.utils.html import conditional_escape

RADIOS_TEMPLATE = "surveys/journey/fields/radios.html"
NUMBER_TEMPLATE = "surveys/journey/fields/number.html"

CharFieldT = TypeVar("CharFieldT", bound=forms.CharField)


class MultilineField(forms.CharField):
    """Counts a line break as one character, as the character count on the page does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class LenientDecimalField(forms.DecimalField):
    """Accepts "1,200" and " 12 " as people type them."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace(" ", "")
        return super().to_python(value)


def escaped(text: str) -> str:
    # crispy-forms-gds marks labels and hints |safe: escape them here, once.
    return conditional_escape(text)


def heading() -> dict:
    """Template context making a fieldset's legend the page's heading."""
    return {"legend_size": Size.for_legend(Size.LARGE), "legend_tag": "h1"}


def counted(field: CharFieldT) -> CharFieldT:
    """Let people type past the limit and be told, as the character count expects."""
    field.widget.attrs.pop("maxlength", None)
    return field

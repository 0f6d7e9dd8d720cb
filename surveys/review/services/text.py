"""The one rule for the free text the review's services take (query, reply, correction,
resolution): stripped, required, and at most ``TEXT_MAX`` characters."""

from __future__ import annotations

from django.core.exceptions import ValidationError

TEXT_MAX = 5000  # the forms' limit too (surveys/review/forms.py, provisional_forms.py)


def required_text(text: str | None, message: str) -> str:
    """``text`` stripped; ``ValidationError`` with ``message`` when blank, or when longer
    than ``TEXT_MAX`` characters."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    if len(text) > TEXT_MAX:
        raise ValidationError(f"Enter {TEXT_MAX:,} characters or fewer", code="max_length")
    return text

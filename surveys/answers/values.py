"""Answer values as plain dicts, and how people read them. Pure functions, no queries.

``value_of`` gives the shape stored in ``AnswerChange.old_value``/``new_value``, so an
answer row and a history entry are compared and described the same way.
"""

from __future__ import annotations

from decimal import Decimal

from surveys.models import Answer, Question


def value_of(*, kind: str, answer: Answer | None) -> dict:
    """An answer's value as a small dict of the fields its question kind uses.

    The same shape is stored in ``AnswerChange.old_value``/``new_value``.
    """
    if kind == Question.Kind.MATURITY:
        if answer is None:
            return {"level": None, "not_applicable": False}
        return {"level": answer.level, "not_applicable": answer.not_applicable}
    if kind == Question.Kind.YES_NO:
        return {"yes_no": None if answer is None else answer.yes_no}
    if kind == Question.Kind.NUMBER:
        number = None if answer is None else answer.number
        return {"number": None if number is None else number_text(number)}
    return {"text": "" if answer is None else answer.text}


def number_text(number: Decimal) -> str:
    """A number without trailing zeros or exponent: 12.50 -> "12.5", 100.00 -> "100"."""
    return format(Decimal(number).normalize(), "f")


def is_answered(value: dict | None) -> bool:
    """True when the value holds an answer ("No" and "not applicable" are answers)."""
    if not value:
        return False
    if value.get("not_applicable"):
        return True
    return any(v is not None and v != "" for k, v in value.items() if k != "not_applicable")


def describe_value(
    *, question: Question, value: dict | None, level_names: dict[int, str], na_label: str
) -> str:
    """The answer as a person reads it, e.g. "3: Learning", "Yes", "12 servers"."""
    if not is_answered(value):
        return "Not answered"
    if value.get("not_applicable"):
        return na_label
    if value.get("level") is not None:
        level = value["level"]
        name = level_names.get(level)
        return f"{level}: {name}" if name else f"Level {level}"
    if "yes_no" in value:
        return "Yes" if value["yes_no"] else "No"
    if value.get("number") is not None:
        return f"{value['number']} {question.unit}".strip()
    return value.get("text", "")

"""Answer values as plain dicts, and how people read them. Pure functions, no queries.

``value_of`` gives the shape stored in ``AnswerChange.old_value``/``new_value``, so an
answer row and a history entry are compared and described the same way. Each kind's
part is in the registry (``surveys.answers.kinds``); these read the kind's name.
"""

from __future__ import annotations

from surveys.answers.kinds import kind_named, kind_of, kind_of_value, named_level, number_text

__all__ = ["describe_value", "is_answered", "number_text", "value_of"]


def value_of(*, kind: str, answer) -> dict:
    """An answer's value as a small dict of the fields its question kind uses.

    The same shape is stored in ``AnswerChange.old_value``/``new_value``.
    """
    return kind_named(kind).value_of(answer)


def is_answered(value: dict | None) -> bool:
    """True when the value holds an answer ("No" and "not applicable" are answers)."""
    if not value:
        return False
    if value.get("not_applicable"):
        return True
    return any(v is not None and v != "" for k, v in value.items() if k != "not_applicable")


def describe_value(
    *, question, value: dict | None, level_names: dict[int, str], na_label: str
) -> str:
    """The answer as a person reads it, e.g. "3: Learning", "Yes", "12 servers".

    Read as the kind the value's shape says (``kind_of_value``), else the question's.
    """
    kind = kind_of_value(value) or kind_of(question)
    return kind.describe(
        value, na_label=na_label, unit=question.unit, level_label=named_level(level_names)
    )

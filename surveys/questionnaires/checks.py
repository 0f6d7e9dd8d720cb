"""Checking a questionnaire file's ``checks:`` section: consistency checks between answers.

Each check reads "if <question> <is|at_least|at_most> <value> then <question> ...": both
sides name questions of the file, ``is`` is "yes" or "no" for a yes/no question, and
``at_least``/``at_most`` a level of the scale for a maturity question. Every problem is
recorded with its place and line, like the rest of the file's (``validation.check``
calls ``check_checks``). docs/questionnaire-format.md describes the section.
"""

from __future__ import annotations

import difflib

from surveys.answers.kinds import KINDS, kind_named, names_text
from surveys.questionnaires.format import (
    CHECK_KEYS,
    CHECK_OPERATORS,
    MAX_CHECK_MESSAGE,
    MAX_CHECKS,
    SIDE_KEYS,
    YES_NO_VALUES,
    AreaDef,
    CheckDef,
    CheckSide,
    QuestionDef,
)
from surveys.questionnaires.reading import Checker, show


def check_checks(checker: Checker, data: dict, areas: list[AreaDef], numbers) -> list[CheckDef]:
    """The optional ``checks:`` list: each names two different questions of the file."""
    if "checks" not in data:
        return []
    questions: dict[str, QuestionDef] = {}
    for area in areas:
        for question in area.questions:
            questions.setdefault(question.code, question)
    checks = []
    for position, item in checker.items(data, "checks", "", "check", most=MAX_CHECKS):
        place = f"check {position}"
        checker.keys(item, CHECK_KEYS, place)
        when = _check_side(checker, item, "if", place, questions, numbers)
        then = _check_side(checker, item, "then", place, questions, numbers)
        message = checker.text(item, "message", place, max_length=MAX_CHECK_MESSAGE)
        if when is not None and then is not None and when.question == then.question:
            checker.add(
                f'"if" and "then" both name the question "{when.question}"; a check compares '
                "the answers to two different questions",
                place,
                checker.line(item, "then"),
            )
        elif when is not None and then is not None and message is not None:
            checks.append(CheckDef(when, then, message))
    return checks


def _check_side(
    checker: Checker, item: dict, key: str, place: str, questions: dict, numbers
) -> CheckSide | None:
    """One side of a check: ``question`` and exactly one of ``is``, ``at_least``, ``at_most``."""
    side = item.get(key)
    line = checker.line(item, key)
    wanted = '"question" and one of "is", "at_least" or "at_most"'
    if side is None:
        what = "empty" if key in item else "missing"
        checker.add(f'"{key}" is {what}: give {wanted}', place, line)
        return None
    if not isinstance(side, dict):
        checker.add(f'"{key}" must be a mapping of {wanted}, got {show(side)}', place, line)
        return None
    place = f'{place}, "{key}"'
    checker.keys(side, SIDE_KEYS, place)
    code = checker.text(side, "question", place, required=True)
    operators = [name for name in CHECK_OPERATORS if name in side]
    if len(operators) != 1:
        got = "none" if not operators else " and ".join(f'"{name}"' for name in operators)
        checker.add(f'give exactly one of "is", "at_least" or "at_most" (got {got})', place, line)
        return None
    operator = operators[0]
    question = _named_question(checker, side, code, place, questions)
    if question is None:
        return None
    value = _side_value(checker, side, operator, question, place, numbers)
    return None if value is None else CheckSide(question.code, operator, value)


def _named_question(checker: Checker, side: dict, code, place: str, questions: dict):
    if code is None:
        return None
    question = questions.get(code)
    if question is None:
        close = difflib.get_close_matches(code, list(questions), n=1)
        tip = f' (did you mean "{close[0]}"?)' if close else ""
        checker.add(
            f'"question" names "{code}", which is not a question of this file{tip}',
            place,
            checker.line(side, "question"),
        )
    # A question whose kind is wrong has its own problem already.
    return question if question is not None and question.kind else None


def _operator_problem(operator: str, code: str, kind: str, allowed: tuple[str, ...]) -> str:
    """'"is" is for yes_no questions; "x" is a maturity question (use "at_least" or
    "at_most" for a maturity question)': which kinds an operator compares is the kind
    registry's (``AnswerKind.check_operators``)."""
    kinds = [name for name, each in KINDS.items() if operator in each.check_operators]
    words = f'"{operator}" is for {names_text(names=kinds)} questions; "{code}" is a {kind} '
    if not allowed:
        return f"{words}question"
    instead = " or ".join(f'"{name}"' for name in allowed)
    return f"{words}question (use {instead} for a {kind} question)"


def _side_value(checker: Checker, side: dict, operator: str, question, place, numbers):
    """The side's value: 1 or 0 for "is" yes or no, else a level number of the scale."""
    line = checker.line(side, operator)
    raw = side[operator]
    allowed = kind_named(question.kind).check_operators
    if operator not in allowed:
        checker.add(_operator_problem(operator, question.code, question.kind, allowed), place, line)
        return None
    if operator == "is":
        # YAML reads an unquoted yes or no as true or false: both are taken.
        value = ("yes" if raw else "no") if isinstance(raw, bool) else raw
        if value not in YES_NO_VALUES:
            checker.add(f'"is" must be "yes" or "no", got {show(raw)}', place, line)
            return None
        return YES_NO_VALUES[value]
    level = checker.integer(side, operator, place)
    if level is not None and numbers is not None and level not in numbers:
        checker.add(
            f'"{operator}" must be a level of the scale (1 to {len(numbers)}), got {level}',
            place,
            line,
        )
        return None
    return level

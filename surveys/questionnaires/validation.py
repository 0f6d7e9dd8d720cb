"""Checking a questionnaire file: every problem at once, each with its place.

``parse(text, filename)`` reads the YAML (``surveys.questionnaires.reading``) and
``check(data, filename)`` then looks at everything, carrying on after each problem so
that one run reports them all: missing or empty fields, wrong types, unknown keys,
duplicate codes, the scale's numbering and bands, every question's level
descriptors, the consistency checks (``checks:``, each naming questions of the file),
and the limits of what the service can hold (``MAX_*`` and
``RESERVED_CODES`` in ``surveys.questionnaires.format``). A definition is returned
only when there are no problems.
"""

from __future__ import annotations

from surveys.answers.kinds import KINDS, NAMES, names_text
from surveys.questionnaires.checks import check_checks
from surveys.questionnaires.format import (
    AREA_KEYS,
    DEFAULT_NOT_APPLICABLE_LABEL,
    LEVEL_KEYS,
    MAX_AREA_NAME,
    MAX_AREAS,
    MAX_CODE,
    MAX_LEVEL_NAME,
    MAX_LEVELS,
    MAX_NOT_APPLICABLE_LABEL,
    MAX_QUESTION_TEXT,
    MAX_QUESTIONNAIRE_CODE,
    MAX_QUESTIONNAIRE_NAME,
    MAX_QUESTIONS,
    MAX_QUESTIONS_PER_AREA,
    MAX_SHORT_LABEL,
    MAX_UNIT,
    MAX_VERSION,
    MAX_WEIGHT,
    ONE,
    QUESTION_KEYS,
    SCORING_METHODS,
    TOP_KEYS,
    AreaDef,
    LevelDef,
    QuestionDef,
    QuestionnaireDef,
)
from surveys.questionnaires.reading import Checker, Problem, load_yaml, show


def parse(text: str, filename: str) -> tuple[QuestionnaireDef | None, list[Problem]]:
    """Read and check questionnaire YAML; the definition is None if there is any problem."""
    data, problems = load_yaml(text, filename)
    if problems:
        return None, problems
    return check(data, filename)


def check(data, filename: str) -> tuple[QuestionnaireDef | None, list[Problem]]:
    """Check already-read questionnaire data (mappings, lists and plain values)."""
    checker = Checker(filename)
    if not isinstance(data, dict):
        checker.add(
            "the file is empty"
            if data is None
            else "the file must be a mapping of keys and values (code, name, levels, areas...)"
        )
        return None, checker.problems
    checker.keys(data, TOP_KEYS, "")
    top = {
        "code": checker.code(data, "", MAX_QUESTIONNAIRE_CODE),
        "version": checker.integer(data, "version", "", high=MAX_VERSION),
        "name": checker.text(data, "name", "", required=True, max_length=MAX_QUESTIONNAIRE_NAME),
        "description": checker.text(data, "description", ""),
        "scoring_method": checker.choice(
            data, "scoring_method", "", SCORING_METHODS, default="mean"
        ),
        "not_applicable_label": checker.text(
            data,
            "not_applicable_label",
            "",
            max_length=MAX_NOT_APPLICABLE_LABEL,
            default=DEFAULT_NOT_APPLICABLE_LABEL,
        ),
    }
    levels, numbers = _check_levels(checker, data)
    areas = _check_areas(checker, data, numbers)
    checks = check_checks(checker, data, areas, numbers)
    if not checker.problems and not any(q.scored for area in areas for q in area.questions):
        checker.add("no question is scored, so the questionnaire would give no scores")
    if checker.problems:
        return None, checker.problems
    return (
        QuestionnaireDef(levels=tuple(levels), areas=tuple(areas), checks=tuple(checks), **top),
        [],
    )


def _check_levels(checker: Checker, data: dict) -> tuple[list[LevelDef], list[int] | None]:
    """The scale, and its level numbers if they are usable (1..n in order) for descriptors."""
    items = checker.items(data, "levels", "", "level", most=MAX_LEVELS)
    levels = []
    for position, item in items:
        place = f"level {position}"
        checker.keys(item, LEVEL_KEYS, place)
        number = checker.integer(item, "number", place)
        name = checker.text(item, "name", place, required=True, max_length=MAX_LEVEL_NAME)
        min_score = checker.decimal(item, "min_score", place, low=0, high=100, low_allowed=True)
        levels.append((item, LevelDef(number, name, min_score)))
    listed = data.get("levels")
    if not isinstance(listed, list) or not listed or len(items) != len(listed[:MAX_LEVELS]):
        return [level for _, level in levels], None
    line = checker.line(data, "levels")
    numbers = [level.number for _, level in levels]
    usable = numbers == list(range(1, len(levels) + 1))
    if len(levels) == 1:
        checker.add("the scale needs at least two levels", "", line)
    if None not in numbers and not usable:
        got = ", ".join(str(n) for n in numbers)
        checker.add(f"levels must be numbered 1, 2, 3 and so on, in order; got {got}", "", line)
    names = [level.name for _, level in levels if level.name]
    for name in sorted({name for name in names if names.count(name) > 1}):
        checker.add(f'the level name "{name}" is used more than once', "", line)
    scores = [(item, level.min_score) for item, level in levels]
    if scores and scores[0][1] is not None and scores[0][1] != 0:
        checker.add(
            f'the first level\'s "min_score" must be 0, got {scores[0][1]}',
            "level 1",
            checker.line(scores[0][0], "min_score"),
        )
    for position, ((_, before), (item, score)) in enumerate(
        zip(scores, scores[1:], strict=False), 2
    ):
        if before is not None and score is not None and score <= before:
            checker.add(
                f'"min_score" {score} must be greater than the level before\'s ({before})',
                f"level {position}",
                checker.line(item, "min_score"),
            )
    return [level for _, level in levels], numbers if usable else None


def _check_areas(checker: Checker, data: dict, numbers: list[int] | None) -> list[AreaDef]:
    area_lines: dict[str, int | None] = {}
    question_places: dict[str, tuple[str, int | None]] = {}
    label_places: dict[str, str] = {}
    areas = []
    for position, item in checker.items(data, "areas", "", "area", most=MAX_AREAS):
        raw_code = item.get("code")
        place = (
            f'area "{raw_code.strip()}"'
            if isinstance(raw_code, str) and raw_code.strip()
            else (f"area {position}")
        )
        checker.keys(item, AREA_KEYS, place)
        code = checker.code(item, place, MAX_CODE, reserved=True)
        if code in area_lines:
            checker.add(
                f'duplicate area code "{code}" (first used on line {area_lines[code]})',
                place,
                checker.line(item, "code"),
            )
        elif code:
            area_lines[code] = checker.line(item, "code")
        name = checker.text(item, "name", place, required=True, max_length=MAX_AREA_NAME)
        description = checker.text(item, "description", place)
        weight = checker.decimal(
            item, "weight", place, low=0, high=MAX_WEIGHT, low_allowed=False, default=ONE
        )
        questions = []
        listed = checker.items(item, "questions", place, "question", most=MAX_QUESTIONS_PER_AREA)
        for q_position, q_item in listed:
            raw = q_item.get("code")
            q_place = (
                f'{place}, question "{raw.strip()}"'
                if isinstance(raw, str) and raw.strip()
                else (f"{place}, question {q_position}")
            )
            question = _check_question(checker, q_item, q_place, numbers)
            if question.code in question_places:
                first_place, first_line = question_places[question.code]
                checker.add(
                    f'duplicate question code "{question.code}" '
                    f"(also {first_place}, line {first_line})",
                    q_place,
                    checker.line(q_item, "code"),
                )
            elif question.code:
                question_places[question.code] = (
                    _first_area_of(q_place),
                    checker.line(q_item, "code"),
                )
            _check_label_unique(checker, question, q_item, q_place, label_places)
            questions.append(question)
        areas.append(AreaDef(code, name, tuple(questions), description, weight))
    _check_question_count(checker, data)
    return areas


def _check_label_unique(checker: Checker, question, item, place: str, seen: dict) -> None:
    """Short labels name questions apart on one chart axis: each is used once in the file."""
    label = question.short_label
    if not label:
        return
    if label in seen:
        checker.add(
            f'the short label "{label}" is also used by {seen[label]}; give each question its own',
            place,
            checker.line(item, "short_label"),
        )
    else:
        seen[label] = place


def _check_question_count(checker: Checker, data: dict) -> None:
    """The questions of every area together, within ``MAX_QUESTIONS``."""
    areas = data.get("areas")
    if not isinstance(areas, list):
        return
    count = sum(
        len(area["questions"])
        for area in areas
        if isinstance(area, dict) and isinstance(area.get("questions"), list)
    )
    if count > MAX_QUESTIONS:
        checker.add(
            f"the file has {count} questions in all; the most is {MAX_QUESTIONS}",
            "",
            checker.line(data, "areas"),
        )


def _first_area_of(place: str) -> str:
    """'area "data", question "x"' -> 'in area "data"' (where a duplicated code was first used)."""
    return "in " + place.split(", question")[0]


def _check_question(checker: Checker, item: dict, place: str, numbers) -> QuestionDef:
    checker.keys(item, QUESTION_KEYS, place)
    code = checker.code(item, place, MAX_CODE, reserved=True)
    kind = checker.choice(item, "kind", place, NAMES)
    spec = KINDS.get(kind)
    text = checker.text(item, "text", place, required=True, max_length=MAX_QUESTION_TEXT)
    hint = checker.text(item, "hint", place)
    weight = checker.decimal(
        item, "weight", place, low=0, high=MAX_WEIGHT, low_allowed=False, default=ONE
    )
    required = checker.boolean(item, "required", place, True)
    scored = checker.boolean(item, "scored", place, spec is not None and spec.scorable)
    unit = checker.text(item, "unit", place, max_length=MAX_UNIT)
    short_label = checker.text(item, "short_label", place, max_length=MAX_SHORT_LABEL) or ""
    if "\n" in short_label:
        checker.add('"short_label" must be one line', place, checker.line(item, "short_label"))
    if scored and spec is not None and not spec.scorable:
        checker.add(
            f'"scored" can be true only for {_kinds_that("scorable")} questions, not {kind}',
            place,
            checker.line(item, "scored"),
        )
    if unit and spec is not None and not spec.has_unit:
        checker.add(
            f'"unit" is only for {_kinds_that("has_unit")} questions, not {kind}',
            place,
            checker.line(item, "unit"),
        )
    descriptors = _check_descriptors(checker, item, place, spec, numbers)
    return QuestionDef(
        code, kind, text, hint, weight, required, scored, unit, descriptors, short_label
    )


def _kinds_that(feature: str) -> str:
    """ "maturity and yes_no": the kinds of question with ``feature`` (an AnswerKind flag)."""
    return names_text(conjunction="and", names=[n for n in NAMES if getattr(KINDS[n], feature)])


def _check_descriptors(checker: Checker, item: dict, place: str, spec, numbers) -> tuple:
    line = checker.line(item, "levels")
    if spec is None or not spec.has_levels:
        if spec is not None and "levels" in item:
            checker.add(
                f'"levels" (level descriptors) are only for {_kinds_that("has_levels")} '
                f"questions, not {spec.name}",
                place,
                line,
            )
        return ()
    raw = item.get("levels")
    wanted = f"levels 1 to {len(numbers)}" if numbers else "every level of the scale"
    if raw is None:
        checker.add(
            f'missing "levels": a maturity question needs a descriptor for {wanted}', place, line
        )
        return ()
    if not isinstance(raw, dict):
        checker.add(
            f'"levels" must map each level number to its descriptor, got {show(raw)}', place, line
        )
        return ()
    for key, key_line in getattr(raw, "repeated", []):
        checker.add(f"level descriptor for level {key} is given more than once", place, key_line)
    descriptors = {}
    for key, text in raw.items():
        key_line = checker.line(raw, key)
        if isinstance(key, bool) or not isinstance(key, int):
            checker.add(
                f"level descriptor key {show(key)} must be a level number, like 1", place, key_line
            )
        elif numbers is not None and key not in numbers:
            checker.add(
                f"level descriptor for level {key}, but the scale has {wanted}", place, key_line
            )
        elif not isinstance(text, str) or not text.strip():
            checker.add(
                f"level descriptor for level {key} must be text, got {show(text)}", place, key_line
            )
        elif not checker.has_control_characters(
            text, f"level descriptor for level {key}", place, key_line
        ):
            descriptors[key] = text.strip()
    for number in numbers or ():
        if number not in raw:
            checker.add(f"missing level descriptor for level {number}", place, line)
    return tuple(sorted(descriptors.items()))

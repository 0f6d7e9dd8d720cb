"""The questionnaire file format: plain definitions, rendering to YAML, and comparison.

A ``QuestionnaireDef`` is what a questionnaire file says, checked and normalised
(``surveys.questionnaires.validation`` builds it from YAML; ``surveys.questionnaires.io``
builds it from the database). Two definitions are equal exactly when the files would
load identical questionnaires. The format is described in docs/questionnaire-format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

import yaml

from surveys.answers.kinds import LEVELLED_KINDS, SCORABLE_KINDS

# --- Limits -------------------------------------------------------------------------
# What the service can hold, defined once: the checks in surveys.questionnaires.validation
# and surveys.questionnaires.reading enforce them for the load_questionnaire command and
# the admin import alike, and docs/questionnaire-format.md documents each one.

MAX_FILE_BYTES = 1024 * 1024  # 1 MB; the shipped questionnaire is about 40 KB
MAX_VERSION = 2**31 - 1  # the version column is a 4-byte integer on PostgreSQL
MAX_LEVELS = 10  # levels of the scale; each maturity question describes every one
MAX_AREAS = 20  # every dashboard shows one column or chart per area
# Question order is a 2-byte column (at most 32767); a questionnaire a borough can
# answer in a few days is far below these.
MAX_QUESTIONS_PER_AREA = 100
MAX_QUESTIONS = 500  # in the whole file
MAX_WEIGHT = Decimal("9999.99")  # the weight columns hold 6 digits, 2 after the point
# Lengths of the text columns.
MAX_QUESTIONNAIRE_CODE = 60
MAX_CODE = 40  # area and question codes
MAX_QUESTIONNAIRE_NAME = 200
MAX_NOT_APPLICABLE_LABEL = 100
MAX_LEVEL_NAME = 50
MAX_AREA_NAME = 100
MAX_QUESTION_TEXT = 500
# A question's name on chart axes and in compact tables; longer would crowd a phone's axis.
MAX_SHORT_LABEL = 40
MAX_UNIT = 40
# Consistency checks ("if this answer, then that one"): each is looked at on every
# submission, and a reviewer reads each flag it raises.
MAX_CHECKS = 100
MAX_CHECK_MESSAGE = 500
# Codes that area and question codes must not take. "overall" is the key of the
# overall score beside the area codes in the reports (heat map, comparisons) and in the
# exports (<area_code>_score beside overall_score): an area coded "overall" crashed the
# London overview and duplicated export columns. "london", "all" and "total" are kept
# back for aggregates across authorities or areas (the reports call the group of every
# authority "London").
RESERVED_CODES = ("overall", "london", "all", "total")

SCORING_METHODS = ("mean", "gated")
DEFAULT_NOT_APPLICABLE_LABEL = "Not applicable / don't know"
ONE = Decimal(1)

# Every key each part of the file may have, in the order the exporter writes them.
TOP_KEYS = (
    "code",
    "version",
    "name",
    "description",
    "scoring_method",
    "not_applicable_label",
    "levels",
    "areas",
    "checks",
)
LEVEL_KEYS = ("number", "name", "min_score")
AREA_KEYS = ("code", "name", "description", "weight", "questions")
QUESTION_KEYS = (
    "code",
    "kind",
    "unit",
    "weight",
    "required",
    "scored",
    "text",
    "short_label",
    "hint",
    "levels",
)
CHECK_KEYS = ("if", "then", "message")
# How one side of a check compares an answer (the values of
# surveys.models.CheckOperator): "is" yes or no for yes/no questions; "at_least" or
# "at_most" a level of the scale for maturity questions.
CHECK_OPERATORS = ("is", "at_least", "at_most")
SIDE_KEYS = ("question", *CHECK_OPERATORS)
YES_NO_VALUES = {"yes": 1, "no": 0}


@dataclass(frozen=True)
class LevelDef:
    number: int
    name: str
    min_score: Decimal


@dataclass(frozen=True)
class QuestionDef:
    code: str
    kind: str
    text: str
    hint: str = ""
    weight: Decimal = ONE
    required: bool = True
    scored: bool = True
    unit: str = ""
    descriptors: tuple[tuple[int, str], ...] = ()  # (level, text), maturity questions only
    short_label: str = ""  # the name on charts; empty: the text, shortened


@dataclass(frozen=True)
class AreaDef:
    code: str
    name: str
    questions: tuple[QuestionDef, ...]
    description: str = ""
    weight: Decimal = ONE


@dataclass(frozen=True)
class CheckSide:
    """One side of a check: ``question`` (a code) ``operator`` ``value``; for "is" the
    value is 1 for yes and 0 for no, otherwise a level number of the scale."""

    question: str
    operator: str
    value: int


@dataclass(frozen=True)
class CheckDef:
    """If the answer to ``when.question`` meets ``when``, the answer to ``then.question``
    is expected to meet ``then``; ``message`` says why, in words."""

    when: CheckSide
    then: CheckSide
    message: str = ""


@dataclass(frozen=True)
class QuestionnaireDef:
    code: str
    version: int
    name: str
    levels: tuple[LevelDef, ...]
    areas: tuple[AreaDef, ...]
    description: str = ""
    scoring_method: str = "mean"
    not_applicable_label: str = DEFAULT_NOT_APPLICABLE_LABEL
    checks: tuple[CheckDef, ...] = ()

    @property
    def questions(self) -> tuple[QuestionDef, ...]:
        return tuple(question for area in self.areas for question in area.questions)


def _number(value: Decimal) -> int | float:
    """A Decimal as the plainest YAML number: 1 rather than 1.00, 12.5 rather than 12.50."""
    return int(value) if value == value.to_integral_value() else float(value)


def question_to_dict(question: QuestionDef) -> dict:
    data: dict = {"code": question.code, "kind": question.kind}
    if question.unit:
        data["unit"] = question.unit
    if question.weight != ONE:
        data["weight"] = _number(question.weight)
    if not question.required:
        data["required"] = False
    if question.scored != (question.kind in SCORABLE_KINDS):
        data["scored"] = question.scored
    data["text"] = question.text
    if question.short_label:
        data["short_label"] = question.short_label
    if question.hint:
        data["hint"] = question.hint
    if question.kind in LEVELLED_KINDS:
        data["levels"] = dict(question.descriptors)
    return data


def side_to_dict(side: CheckSide) -> dict:
    if side.operator == "is":
        return {"question": side.question, "is": "yes" if side.value else "no"}
    return {"question": side.question, side.operator: side.value}


def check_to_dict(check: CheckDef) -> dict:
    data: dict = {"if": side_to_dict(check.when), "then": side_to_dict(check.then)}
    if check.message:
        data["message"] = check.message
    return data


def to_dict(definition: QuestionnaireDef) -> dict:
    """The file's data (plain dicts, lists, str, int, float, bool); defaults are left out."""
    areas = []
    for area in definition.areas:
        data: dict = {"code": area.code, "name": area.name}
        if area.description:
            data["description"] = area.description
        if area.weight != ONE:
            data["weight"] = _number(area.weight)
        data["questions"] = [question_to_dict(question) for question in area.questions]
        areas.append(data)
    data = {
        "code": definition.code,
        "version": definition.version,
        "name": definition.name,
        "description": definition.description,
        "scoring_method": definition.scoring_method,
        "not_applicable_label": definition.not_applicable_label,
        "levels": [
            {"number": level.number, "name": level.name, "min_score": _number(level.min_score)}
            for level in definition.levels
        ],
        "areas": areas,
    }
    if definition.checks:
        data["checks"] = [check_to_dict(check) for check in definition.checks]
    return data


class _Dumper(yaml.SafeDumper):
    """Block style, list items indented under their key, multi-line text as ``|`` blocks."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    # Long text folds over several lines (">"), as people write it; PyYAML falls back
    # to a quoted style whenever a block style could not hold the text exactly.
    style = "|" if "\n" in value else ">" if len(value) > 60 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(definition: QuestionnaireDef, *, header: str = "") -> str:
    """The definition as questionnaire-file YAML; ``header`` lines become ``#`` comments."""
    text = yaml.dump(
        to_dict(definition),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=92,
    )
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + text


def _changed_fields(a, b, skip: tuple[str, ...]) -> list[str]:
    # A question's descriptors are its "levels" in the file.
    return [
        f'"{"levels" if f.name == "descriptors" else f.name}" differs'
        for f in fields(a)
        if f.name not in skip and getattr(a, f.name) != getattr(b, f.name)
    ]


def _compare_codes(label: str, a: list[str], b: list[str]) -> list[str]:
    out = [f'{label} "{code}" is only in the first' for code in a if code not in b]
    out += [f'{label} "{code}" is only in the second' for code in b if code not in a]
    common_a = [code for code in a if code in b]
    common_b = [code for code in b if code in a]
    if common_a != common_b:
        out.append(f"the {label}s are in a different order")
    return out


def differences(first: QuestionnaireDef, second: QuestionnaireDef) -> list[str]:
    """What differs between two definitions, one readable line each (empty if equal)."""
    out = _changed_fields(first, second, skip=("levels", "areas", "checks"))
    if first.levels != second.levels:
        out.append('"levels" (the scale) differ')
    areas_a = {area.code: area for area in first.areas}
    areas_b = {area.code: area for area in second.areas}
    out += _compare_codes("area", list(areas_a), list(areas_b))
    for code, area_a in areas_a.items():
        area_b = areas_b.get(code)
        if area_b is None:
            continue
        out += [f'area "{code}": {d}' for d in _changed_fields(area_a, area_b, ("questions",))]
        questions_a = {q.code: q for q in area_a.questions}
        questions_b = {q.code: q for q in area_b.questions}
        out += [
            f'area "{code}": {d}'
            for d in _compare_codes("question", list(questions_a), list(questions_b))
        ]
        for question_code, question_a in questions_a.items():
            question_b = questions_b.get(question_code)
            if question_b is not None:
                out += [
                    f'area "{code}", question "{question_code}": {d}'
                    for d in _changed_fields(question_a, question_b, ())
                ]
    return out + _check_differences(first.checks, second.checks)


def _check_differences(first: tuple[CheckDef, ...], second: tuple[CheckDef, ...]) -> list[str]:
    """Checks are compared by position (their order is part of the file)."""
    out = [
        f"check {position} differs"
        for position, (a, b) in enumerate(zip(first, second, strict=False), 1)
        if a != b
    ]
    if len(first) != len(second):
        out.append(f"the first has {len(first)} checks, the second {len(second)}")
    return out

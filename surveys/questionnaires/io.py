"""Questionnaire files in and out: read and check a file, write it, export it back.

- ``read_questionnaire(source)`` reads and checks a whole file and returns its
  definition, or raises ``QuestionnaireInvalid`` listing every problem (nothing is
  written: it never touches the database).
- ``write_questionnaire(definition)`` creates the draft questionnaire with its
  levels, areas, questions, descriptors and consistency checks in one transaction
  (six inserts).
- ``questionnaire_definition(questionnaire)`` reads a stored questionnaire back into
  a definition (five queries) and ``export_questionnaire`` renders it in the file
  format, so that exporting and loading again gives an identical questionnaire.

Publishing, versions and audit live in ``surveys.questionnaires.services``; the
checks in ``surveys.questionnaires.validation``; the format in
``surveys.questionnaires.format`` and docs/questionnaire-format.md.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import IO

from django.db import transaction

from surveys.exceptions import QuestionnaireInvalid
from surveys.models import (
    Area,
    ConsistencyCheck,
    LevelDescriptor,
    Question,
    Questionnaire,
    ScaleLevel,
)
from surveys.questionnaires.format import (
    MAX_FILE_BYTES,
    AreaDef,
    CheckDef,
    CheckSide,
    LevelDef,
    QuestionDef,
    QuestionnaireDef,
    dump,
    to_dict,
)
from surveys.questionnaires.reading import Problem, decode
from surveys.questionnaires.validation import check, parse

Source = str | os.PathLike | IO[str]


def source_name(source: Source) -> str:
    """How problems name the source: the path as given, or a stream's name."""
    if isinstance(source, str | os.PathLike):
        return str(source)
    return str(getattr(source, "name", "") or "<stream>")


def read_questionnaire(source: Source) -> QuestionnaireDef:
    """The checked definition in a file path, or a stream of text or UTF-8 bytes.

    Raises ``QuestionnaireInvalid`` with every problem found: an unreadable file, one
    over ``MAX_FILE_BYTES``, bytes that are not UTF-8 or characters YAML refuses (each
    with its line and column), YAML syntax, or any check in
    ``surveys.questionnaires.validation``. At most ``MAX_FILE_BYTES`` + 1 bytes are read.
    """
    name = source_name(source)
    data: bytes | str
    try:
        if isinstance(source, str | os.PathLike):
            with Path(source).open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        else:
            data = source.read(MAX_FILE_BYTES + 1)  # an upload's read() gives bytes
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        raise QuestionnaireInvalid([Problem(name, message)]) from exc
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    if len(data) > MAX_FILE_BYTES:
        raise QuestionnaireInvalid(
            [
                Problem(
                    name,
                    f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB "
                    f"({MAX_FILE_BYTES:,} bytes), the most a questionnaire file may be",
                )
            ]
        )
    # Each gives None exactly when it gives problems.
    text, problems = decode(data, name)
    if text is None:
        raise QuestionnaireInvalid(problems)
    definition, problems = parse(text, name)
    if definition is None:
        raise QuestionnaireInvalid(problems)
    return definition


def check_definition(definition: QuestionnaireDef, label: str) -> None:
    """Raise ``QuestionnaireInvalid`` if a definition (e.g. one read from the database)
    breaks any rule a file must follow; ``label`` names it in the problems."""
    _, problems = check(to_dict(definition), label)
    if problems:
        raise QuestionnaireInvalid(problems)


@transaction.atomic
def write_questionnaire(
    definition: QuestionnaireDef, *, previous: Questionnaire | None = None
) -> Questionnaire:
    """Create the questionnaire as a draft, with everything in it, in one transaction.

    The caller checks first (codes, versions): a database constraint that still fails
    rolls the whole questionnaire back.
    """
    questionnaire = Questionnaire.objects.create(
        code=definition.code,
        version=definition.version,
        name=definition.name,
        description=definition.description,
        status=Questionnaire.Status.DRAFT,
        scoring_method=definition.scoring_method,
        not_applicable_label=definition.not_applicable_label,
        previous=previous,
    )
    ScaleLevel.objects.bulk_create(
        ScaleLevel(
            questionnaire=questionnaire, number=lv.number, name=lv.name, min_score=lv.min_score
        )
        for lv in definition.levels
    )
    areas = Area.objects.bulk_create(
        Area(
            questionnaire=questionnaire,
            code=area.code,
            name=area.name,
            description=area.description,
            order=order,
            weight=area.weight,
        )
        for order, area in enumerate(definition.areas, 1)
    )
    _fill_pks(areas, Area.objects.filter(questionnaire=questionnaire))
    questions = Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            area=area,
            code=q.code,
            order=order,
            text=q.text,
            hint=q.hint,
            kind=q.kind,
            weight=q.weight,
            required=q.required,
            scored=q.scored,
            unit=q.unit,
            short_label=q.short_label,
        )
        for area, area_def in zip(areas, definition.areas, strict=True)
        for order, q in enumerate(area_def.questions, 1)
    )
    _fill_pks(questions, Question.objects.filter(questionnaire=questionnaire))
    LevelDescriptor.objects.bulk_create(
        LevelDescriptor(question=question, level=level, text=text)
        for question, q in zip(questions, definition.questions, strict=True)
        for level, text in q.descriptors
    )
    by_code = {question.code: question for question in questions}
    ConsistencyCheck.objects.bulk_create(
        ConsistencyCheck(
            questionnaire=questionnaire,
            order=order,
            if_question=by_code[check.when.question],
            if_operator=check.when.operator,
            if_value=check.when.value,
            then_question=by_code[check.then.question],
            then_operator=check.then.operator,
            then_value=check.then.value,
            message=check.message,
        )
        for order, check in enumerate(definition.checks, 1)
    )
    return questionnaire


def _fill_pks(objects: list, queryset) -> None:
    # bulk_create sets primary keys on PostgreSQL and SQLite 3.35+; look them up elsewhere.
    if any(obj.pk is None for obj in objects):
        pks = dict(queryset.values_list("code", "pk"))
        for obj in objects:
            obj.pk = pks[obj.code]


def questionnaire_definition(questionnaire: Questionnaire) -> QuestionnaireDef:
    """A stored questionnaire as a definition, in display order. Five queries."""
    levels = tuple(
        LevelDef(level.number, level.name, level.min_score)
        for level in ScaleLevel.objects.filter(questionnaire=questionnaire).order_by("number")
    )
    descriptors = defaultdict(list)
    for question_id, level, text in (
        LevelDescriptor.objects.filter(question__questionnaire=questionnaire)
        .order_by("level")
        .values_list("question_id", "level", "text")
    ):
        descriptors[question_id].append((level, text))
    questions = defaultdict(list)
    for q in Question.objects.filter(questionnaire=questionnaire).order_by("order"):
        questions[q.area_id].append(
            QuestionDef(
                code=q.code,
                kind=q.kind,
                text=q.text,
                hint=q.hint,
                weight=q.weight,
                required=q.required,
                scored=q.scored,
                unit=q.unit,
                descriptors=tuple(descriptors[q.pk]),
                short_label=q.short_label,
            )
        )
    areas = tuple(
        AreaDef(
            code=area.code,
            name=area.name,
            questions=tuple(questions[area.pk]),
            description=area.description,
            weight=area.weight,
        )
        for area in Area.objects.filter(questionnaire=questionnaire).order_by("order")
    )
    return QuestionnaireDef(
        code=questionnaire.code,
        version=questionnaire.version,
        name=questionnaire.name,
        levels=levels,
        areas=areas,
        description=questionnaire.description,
        scoring_method=questionnaire.scoring_method,
        not_applicable_label=questionnaire.not_applicable_label,
        checks=stored_checks(questionnaire),
    )


def stored_checks(questionnaire: Questionnaire) -> tuple[CheckDef, ...]:
    """The questionnaire's consistency checks, in order, as definitions. One query."""
    return tuple(
        CheckDef(
            when=CheckSide(row["if_question__code"], row["if_operator"], row["if_value"]),
            then=CheckSide(row["then_question__code"], row["then_operator"], row["then_value"]),
            message=row["message"],
        )
        for row in ConsistencyCheck.objects.filter(questionnaire=questionnaire)
        .order_by("order")
        .values(
            "if_question__code",
            "if_operator",
            "if_value",
            "then_question__code",
            "then_operator",
            "then_value",
            "message",
        )
    )


def export_questionnaire(questionnaire: Questionnaire) -> str:
    """The stored questionnaire in the file format (loading it again gives the same one)."""
    header = (
        f"{questionnaire.name}, version {questionnaire.version} "
        f"({questionnaire.get_status_display().lower()} when exported).\n"
        "Exported by manage.py export_questionnaire; format: docs/questionnaire-format.md"
    )
    return dump(questionnaire_definition(questionnaire), header=header)

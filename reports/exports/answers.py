"""The answers (long format) and questionnaire exports.

Answers are streamed: assessment ids are read with ``.iterator(chunk_size=...)``,
scored ``BATCH`` at a time with ``results_for`` (a constant number of queries per
batch), and each batch's answers are read with ``.iterator()`` too, so memory
holds one batch whatever the number of rounds, authorities or answers.

On PostgreSQL the CSV download does not read these rows: the database writes the same
bytes with COPY (``reports.exports.answers_copy``), many times faster. The rows stay the
reference (and the Excel file's source).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from reports.exports import answers_copy, dictionary
from reports.exports.tables import CHUNK_SIZE, Scope, Table
from surveys.answers.kinds import kind_named
from surveys.models import Answer, Assessment, LevelDescriptor, Question, Questionnaire, ScaleLevel
from surveys.results.selectors import results_for

BATCH = 50  # assessments scored together


def batched(items: Iterable[int], size: int) -> Iterator[tuple[int, ...]]:
    """``items`` in tuples of ``size`` (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


@dataclass
class AnswersTable(Table):
    """The answers export, which on PostgreSQL the database writes as CSV itself."""

    scope: Scope = field(default_factory=Scope)

    def csv_bytes(self, *, bom: bool = False) -> Iterator[bytes] | None:
        """The CSV download's bytes straight from PostgreSQL's COPY
        (``reports.exports.answers_copy``, the same bytes as ``rows`` rendered by
        ``render.csv_lines``); None on a database without COPY (SQLite)."""
        if not answers_copy.available():
            return None
        return answers_copy.copy_csv(self, self.scope, bom=bom)


def answers_table(scope: Scope) -> AnswersTable:
    """Every stored answer in scope, one row each, with its score and level name.

    Ordered by round (oldest first), authority name, area and question order (then
    the ids, so the order is total; ``answers_copy`` orders the same). The score is the
    one ``results_for`` gives (frozen for approved assessments).
    """
    columns = dictionary.names(dictionary.ANSWERS)
    return AnswersTable(f"answers-{scope.slug()}", columns, _answer_rows(scope), scope)


def _assessment_ids(scope: Scope) -> Iterator[int]:
    assessments = Assessment.objects.filter(
        round__in=scope.rounds(), authority__in=scope.authorities()
    ).order_by("round__opens_on", "round__name", "authority__name", "pk")
    return assessments.values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)


def _level_names(questionnaire_ids: set[int], cache: dict) -> None:
    missing = questionnaire_ids - {key[0] for key in cache}
    if not missing:
        return
    for questionnaire_id, number, name in ScaleLevel.objects.filter(
        questionnaire_id__in=missing
    ).values_list("questionnaire_id", "number", "name"):
        cache[(questionnaire_id, number)] = name
    for questionnaire_id in missing:
        cache.setdefault((questionnaire_id, 0), "")  # mark as loaded


def _answer_rows(scope: Scope) -> Iterator[list]:
    level_names: dict[tuple[int, int], str] = {}
    for batch in batched(_assessment_ids(scope), BATCH):
        results = results_for(assessments=Assessment.objects.filter(pk__in=batch))
        scores = {(q.assessment_id, q.question_code): q.score for q in results.questions}
        answers = Answer.objects.filter(assessment_id__in=batch)
        if scope.area_code:
            answers = answers.filter(question__area__code=scope.area_code)
        answers = answers.order_by(
            "assessment__round__opens_on",
            "assessment__round__name",
            "assessment__authority__name",
            "assessment_id",
            "question__area__order",
            "question__order",
            "question_id",
        ).values(
            "assessment_id",
            "assessment__round__slug",
            "assessment__round__questionnaire_id",
            "assessment__authority__gss_code",
            "assessment__authority__name",
            "question__area__code",
            "question__code",
            "question__text",
            "question__kind",
            "level",
            "yes_no",
            "number",
            "text",
            "not_applicable",
            "evidence",
            "changed_by__username",
            "changed_at",
        )
        rows = list(answers.iterator(chunk_size=CHUNK_SIZE))
        _level_names({row["assessment__round__questionnaire_id"] for row in rows}, level_names)
        for row in rows:
            level = row["level"]
            questionnaire_id = row["assessment__round__questionnaire_id"]
            yield [
                row["assessment__round__slug"],
                row["assessment__authority__gss_code"],
                row["assessment__authority__name"],
                row["question__area__code"],
                row["question__code"],
                row["question__text"],
                level,
                level_names.get((questionnaire_id, level), "") if level else "",
                scores.get((row["assessment_id"], row["question__code"])),
                row["not_applicable"],
                row["evidence"],
                row["changed_by__username"] or "",
                row["changed_at"],
                row["question__kind"],
                kind_named(row["question__kind"]).export_value(row),
            ]


def questionnaire_table(questionnaire: Questionnaire, area_code: str = "") -> Table:
    """One row per question of ``questionnaire`` (optionally one area): codes, texts,
    kinds, weights, and one descriptor column per level of its scale."""
    levels = list(questionnaire.levels.order_by("number").values_list("number", flat=True))
    columns = dictionary.names(dictionary.QUESTIONNAIRE)[:-1] + [
        f"level_{number}_descriptor" for number in levels
    ]
    name = f"questionnaire-{questionnaire.code}-v{questionnaire.version}"
    return Table(name, columns, _questionnaire_rows(questionnaire, area_code, levels))


def _questionnaire_rows(questionnaire, area_code: str, levels: list[int]) -> Iterator[list]:
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("area")
        .order_by("area__order", "order")
    )
    if area_code:
        questions = questions.filter(area__code=area_code)
    descriptors: dict[tuple[int, int], str] = {
        (question_id, level): text
        for question_id, level, text in LevelDescriptor.objects.filter(
            question__in=questions
        ).values_list("question_id", "level", "text")
    }
    for question in questions.iterator(chunk_size=CHUNK_SIZE):
        area = question.area
        yield [
            questionnaire.code,
            questionnaire.version,
            area.code,
            area.name,
            area.order,
            area.weight,
            question.code,
            question.order,
            question.text,
            question.hint,
            question.kind,
            question.weight,
            question.required,
            question.scored,
            question.unit,
            *[descriptors.get((question.pk, level), "") for level in levels],
        ]

"""Results (scores, levels, completion) of many assessments in a constant number of queries.

Approved assessments with a snapshot report their frozen values (``frozen=True``), so
a later change of weights or method never changes a published result; every other
assessment is scored live with ``surveys.results.scoring``. Scores are floats rounded to 2 dp.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from surveys.models import (
    Answer,
    Area,
    AreaResult,
    Assessment,
    Question,
    Questionnaire,
    QuestionResult,
    ResultSnapshot,
    ScaleLevel,
)
from surveys.results import scoring
from surveys.results.value_rows import (
    AnswerFields,
    AreaResultValues,
    AreaValues,
    AssessmentValues,
    QuestionValues,
    SnapshotValues,
)


@dataclass(frozen=True)
class AssessmentResultRow:
    assessment_id: int
    authority_id: int
    round_id: int
    status: str
    overall_score: float | None
    overall_level: int | None
    completion: float  # 0-100
    frozen: bool


@dataclass(frozen=True)
class AreaResultRow:
    assessment_id: int
    area_code: str
    area_name: str
    area_order: int
    score: float | None
    level: int | None
    completion: float


@dataclass(frozen=True)
class QuestionResultRow:
    assessment_id: int
    question_code: str
    area_code: str
    level: int | None
    not_applicable: bool
    score: float | None


@dataclass
class Results:
    """Rows in the order of the assessments given, then area order, then question order.

    ``areas`` has one row per area of each assessment's questionnaire version;
    ``questions`` one row per question (number and text questions have no level or score).
    """

    assessments: list[AssessmentResultRow]
    areas: list[AreaResultRow]
    questions: list[QuestionResultRow]

    def areas_of(self, assessment_id: int) -> list[AreaResultRow]:
        return [row for row in self.areas if row.assessment_id == assessment_id]

    def questions_of(self, assessment_id: int) -> list[QuestionResultRow]:
        return [row for row in self.questions if row.assessment_id == assessment_id]


@dataclass(frozen=True)
class VersionSpec:
    """A questionnaire version as scoring sees it, plus the database ids and names."""

    questionnaire_id: int
    spec: scoring.QuestionnaireSpec
    areas: tuple[AreaValues, ...]
    questions: tuple[QuestionValues, ...]

    @property
    def question_by_id(self) -> dict[int, QuestionValues]:
        return {q["id"]: q for q in self.questions}


@dataclass(frozen=True)
class Comparable:
    """Codes present in both questionnaire versions, so trends compare like with like."""

    area_codes: frozenset[str]
    question_codes: frozenset[str]


def version_specs(methods: dict[int, str]) -> dict[int, VersionSpec]:
    """Scoring specs for the given ``{questionnaire_id: scoring_method}``: three queries."""
    ids = list(methods)
    levels: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    areas: dict[int, list[AreaValues]] = defaultdict(list)
    questions: dict[int, list[QuestionValues]] = defaultdict(list)
    for level in ScaleLevel.objects.filter(questionnaire_id__in=ids).values(
        "questionnaire_id", "number", "name", "min_score"
    ):
        levels[level["questionnaire_id"]].append(
            (level["number"], level["name"], level["min_score"])
        )
    area_code: dict[int, str] = {}
    for area in (
        Area.objects.filter(questionnaire_id__in=ids)
        .order_by("order")
        .values("id", "questionnaire_id", "code", "name", "order", "weight")
    ):
        areas[area["questionnaire_id"]].append(area)
        area_code[area["id"]] = area["code"]
    for question in (
        Question.objects.filter(questionnaire_id__in=ids)
        .order_by("area__order", "order")
        .values("id", "questionnaire_id", "code", "area_id", "kind", "weight", "required", "scored")
    ):
        questions[question["questionnaire_id"]].append(question)
    specs: dict[int, VersionSpec] = {}
    for questionnaire_id, method in methods.items():
        spec = scoring.QuestionnaireSpec(
            scale=scoring.Scale(tuple(levels[questionnaire_id])),
            areas=tuple(scoring.AreaSpec(a["code"], a["weight"]) for a in areas[questionnaire_id]),
            questions=tuple(
                scoring.QuestionSpec(
                    code=q["code"],
                    area_code=area_code[q["area_id"]],
                    kind=q["kind"],
                    weight=q["weight"],
                    required=q["required"],
                    scored=q["scored"],
                )
                for q in questions[questionnaire_id]
            ),
            method=method,
        )
        specs[questionnaire_id] = VersionSpec(
            questionnaire_id,
            spec,
            tuple(areas[questionnaire_id]),
            tuple(questions[questionnaire_id]),
        )
    return specs


def is_answered(kind: str, row: AnswerFields) -> bool:
    """Whether a stored answer counts as answered (N/A does; blank text does not)."""
    if row["not_applicable"]:
        return True
    if kind == Question.Kind.MATURITY:
        return row["level"] is not None
    if kind == Question.Kind.YES_NO:
        return row["yes_no"] is not None
    if kind == Question.Kind.NUMBER:
        return row["number"] is not None
    return bool((row["text"] or "").strip())


def answer_values(
    assessment_versions: dict[int, VersionSpec],
) -> dict[int, list[scoring.AnswerValue]]:
    """``{assessment_id: [AnswerValue]}`` for ``{assessment_id: its VersionSpec}``: one query.

    Answers to questions of another version (which the services never create) are ignored.
    """
    by_id = {pk: version.question_by_id for pk, version in assessment_versions.items()}
    values: dict[int, list[scoring.AnswerValue]] = defaultdict(list)
    for row in Answer.objects.filter(assessment_id__in=list(assessment_versions)).values(
        "assessment_id", "question_id", "level", "yes_no", "number", "text", "not_applicable"
    ):
        question = by_id[row["assessment_id"]].get(row["question_id"])
        if question is None:
            continue
        values[row["assessment_id"]].append(
            scoring.AnswerValue(
                question_code=question["code"],
                level=row["level"],
                yes_no=row["yes_no"],
                not_applicable=row["not_applicable"],
                answered=is_answered(question["kind"], row),
            )
        )
    return values


def _assessment_rows(assessments: QuerySet[Assessment]) -> list[AssessmentValues]:
    return list(
        assessments.values(
            "id",
            "authority_id",
            "round_id",
            "status",
            "round__questionnaire_id",
            "round__questionnaire__scoring_method",
        )
    )


def live_scores(
    rows: list[AssessmentValues],
) -> tuple[dict[int, VersionSpec], dict[int, scoring.AssessmentScore]]:
    """Versions (by assessment id) and live scores for rows from ``_assessment_rows``."""
    specs = version_specs(
        {r["round__questionnaire_id"]: r["round__questionnaire__scoring_method"] for r in rows}
    )
    versions = {r["id"]: specs[r["round__questionnaire_id"]] for r in rows}
    answers = answer_values(versions)
    scores = {
        pk: scoring.score_assessment(v.spec, answers.get(pk, ())) for pk, v in versions.items()
    }
    return versions, scores


def assessment_scores(
    *, assessments: QuerySet[Assessment]
) -> tuple[dict[int, VersionSpec], dict[int, scoring.AssessmentScore]]:
    """Live scores, ignoring any snapshot: ``(versions, scores)`` keyed by assessment id."""
    return live_scores(_assessment_rows(assessments))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def results_for(*, assessments: QuerySet[Assessment], questions: bool = True) -> Results:
    """Results of ``assessments`` in at most eight queries, however many there are.

    Approved assessments with a snapshot report the frozen scores, levels and
    completion (``frozen=True``); question levels and N/A come from the answers,
    which cannot change while approved. Everything else is scored live.

    ``questions=False`` leaves ``Results.questions`` empty, and then a frozen
    assessment is not scored at all: its rows are read from its snapshot alone (what
    keeps a summary of hundreds of approved assessments quick).
    """
    rows = _assessment_rows(assessments)
    approved = [r["id"] for r in rows if r["status"] == Assessment.Status.APPROVED]
    snapshots: dict[int, SnapshotValues] = {
        s["assessment_id"]: s
        for s in ResultSnapshot.objects.filter(assessment_id__in=approved).values(
            "id", "assessment_id", "overall_score", "overall_level", "completion"
        )
    }
    specs = version_specs(
        {r["round__questionnaire_id"]: r["round__questionnaire__scoring_method"] for r in rows}
    )
    versions = {r["id"]: specs[r["round__questionnaire_id"]] for r in rows}
    scored = {pk: v for pk, v in versions.items() if questions or pk not in snapshots}
    answers = answer_values(scored) if scored else {}
    scores = {pk: scoring.score_assessment(v.spec, answers.get(pk, ())) for pk, v in scored.items()}
    snapshot_areas, snapshot_questions = _frozen_rows(list(snapshots), questions=questions)
    results = Results([], [], [])
    for row in rows:
        pk, version = row["id"], versions[row["id"]]
        snapshot, live = snapshots.get(pk), scores.get(pk)
        if snapshot is not None:
            results.assessments.append(_frozen_assessment(row, snapshot))
            for index, area in enumerate(version.areas):
                stored = snapshot_areas[pk].get(area["id"])
                # A snapshot lacking an area's row (never written by the services)
                # falls back to the live score where there is one, as before.
                fallback = live.areas[index] if live is not None else None
                results.areas.append(_area_row(pk, area, stored or fallback))
        else:
            assert live is not None  # scored above: it has no snapshot
            results.assessments.append(_live_assessment(row, live))
            for area, area_live in zip(version.areas, live.areas, strict=True):
                results.areas.append(_area_row(pk, area, area_live))
        if not questions or live is None:
            continue
        for question, q_live in zip(version.questions, live.questions, strict=True):
            score = q_live.score
            if snapshot is not None:
                score = _number(snapshot_questions[pk].get(question["id"]))
            results.questions.append(
                QuestionResultRow(
                    assessment_id=pk,
                    question_code=q_live.code,
                    area_code=q_live.area_code,
                    level=q_live.level,
                    not_applicable=q_live.not_applicable,
                    score=score,
                )
            )
    return results


def _frozen_rows(
    assessment_ids: list[int], *, questions: bool
) -> tuple[dict[int, dict[int, AreaResultValues]], dict[int, dict[int, Decimal | None]]]:
    """The snapshots' area rows and (with ``questions``) question scores: two queries."""
    areas: dict[int, dict[int, AreaResultValues]] = defaultdict(dict)
    question_scores: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    if not assessment_ids:
        return areas, question_scores
    for a in AreaResult.objects.filter(snapshot__assessment_id__in=assessment_ids).values(
        "snapshot__assessment_id", "area_id", "score", "level", "completion"
    ):
        areas[a["snapshot__assessment_id"]][a["area_id"]] = a
    if questions:
        for q in QuestionResult.objects.filter(snapshot__assessment_id__in=assessment_ids).values(
            "snapshot__assessment_id", "question_id", "score"
        ):
            question_scores[q["snapshot__assessment_id"]][q["question_id"]] = q["score"]
    return areas, question_scores


def _frozen_assessment(row: AssessmentValues, snapshot: SnapshotValues) -> AssessmentResultRow:
    return AssessmentResultRow(
        assessment_id=row["id"],
        authority_id=row["authority_id"],
        round_id=row["round_id"],
        status=row["status"],
        overall_score=_number(snapshot["overall_score"]),
        overall_level=snapshot["overall_level"],
        completion=float(snapshot["completion"]),
        frozen=True,
    )


def _live_assessment(row: AssessmentValues, live: scoring.AssessmentScore) -> AssessmentResultRow:
    return AssessmentResultRow(
        assessment_id=row["id"],
        authority_id=row["authority_id"],
        round_id=row["round_id"],
        status=row["status"],
        overall_score=live.overall_score,
        overall_level=live.overall_level,
        completion=live.completion,
        frozen=False,
    )


def _area_row(
    assessment_id: int, area: AreaValues, result: AreaResultValues | scoring.AreaScore | None
) -> AreaResultRow:
    """An area's row from its frozen values (a dict), its live score, or nothing stored."""
    if isinstance(result, scoring.AreaScore):
        score, level, completion = result.score, result.level, result.completion
    elif result is not None:
        score, level = _number(result["score"]), result["level"]
        completion = float(result["completion"])
    else:  # a snapshot without this area's row, not scored live
        score, level, completion = None, None, 0.0
    return AreaResultRow(
        assessment_id=assessment_id,
        area_code=area["code"],
        area_name=area["name"],
        area_order=area["order"],
        score=score,
        level=level,
        completion=completion,
    )


def comparable_codes(
    questionnaire_a: Questionnaire | int, questionnaire_b: Questionnaire | int
) -> Comparable:
    """Area and question codes present in both versions (two queries).

    Codes are stable across versions, so a code in both means the same area or
    question; anything new or removed is left out of trend comparisons.
    """
    ids = [q if isinstance(q, int) else q.pk for q in (questionnaire_a, questionnaire_b)]

    def common(model: type[Area] | type[Question]) -> frozenset[str]:
        seen: dict[int, set[str]] = {pk: set() for pk in ids}
        for row in model.objects.filter(questionnaire_id__in=ids).values(
            "questionnaire_id", "code"
        ):
            seen[row["questionnaire_id"]].add(row["code"])
        return frozenset(set.intersection(*seen.values()))

    return Comparable(area_codes=common(Area), question_codes=common(Question))


def published_scale() -> tuple[Questionnaire | None, list[ScaleLevel]]:
    """The most recently published questionnaire version and its levels (two queries).

    ``(None, [])`` when nothing is published yet.
    """
    questionnaire = (
        Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
        .order_by("-published_at", "-version", "-pk")
        .first()
    )
    if questionnaire is None:
        return None, []
    return questionnaire, list(questionnaire.levels.order_by("number"))

"""Reads for reviewing one assessment: every answer with its evidence and score, and the timeline.

Only for people who see every authority (the views check the role first).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from surveys.answers.kinds import NOT_ANSWERED, fields_of, kind_of, named_level
from surveys.models import Answer, Assessment, AssessmentEvent, LevelDescriptor, Question
from surveys.results.selectors import AreaResultRow, AssessmentResultRow, results_for


def assessments_for_review() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "authority", "round__questionnaire", "submitted_by", "approved_by", "last_activity_by"
    )


@dataclass(frozen=True)
class QuestionReview:
    question: Question
    answer: Answer | None
    value: str  # the answer as people read it, "Not answered" when there is none
    descriptor: str  # what the chosen maturity level looks like
    score: float | None
    flags: tuple = ()  # its outlier flags and queries (``query_selectors.Moderation``)
    queries: tuple = ()

    @property
    def answered(self) -> bool:
        return self.value != NOT_ANSWERED


@dataclass(frozen=True)
class AreaReview:
    name: str
    result: AreaResultRow | None
    level_name: str
    questions: list[QuestionReview]


@dataclass(frozen=True)
class AssessmentReview:
    assessment: Assessment
    result: AssessmentResultRow | None
    level_names: dict[int, str]
    areas: list[AreaReview]
    events: list[AssessmentEvent]

    @property
    def overall_level_name(self) -> str:
        if self.result is None or self.result.overall_level is None:
            return ""
        return self.level_names.get(self.result.overall_level, "")


def assessment_review(*, assessment: Assessment, moderation=None) -> AssessmentReview:
    """The whole assessment, read-only, in questionnaire order, with scores and timeline
    (and each answer's flags and queries, given ``moderation``).

    Scores come from ``results_for``: frozen for an approved assessment, live
    otherwise. A constant number of queries whatever the number of questions.
    """
    flags = moderation.flags_by_question if moderation else {}
    queries = moderation.queries_by_question if moderation else {}
    questionnaire = assessment.round.questionnaire
    level_names = dict(questionnaire.levels.values_list("number", "name"))
    questions = list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("area")
        .prefetch_related(Prefetch("descriptors", queryset=LevelDescriptor.objects.all()))
        .order_by("area__order", "order")
    )
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    results = results_for(assessments=Assessment.objects.filter(pk=assessment.pk))
    scores = {row.question_code: row.score for row in results.questions}
    area_results = {row.area_code: row for row in results.areas}
    areas: dict[int, AreaReview] = {}
    for question in questions:
        if question.area_id not in areas:
            result = area_results.get(question.area.code)
            level = result.level if result else None
            level_name = "" if level is None else level_names.get(level, "")
            areas[question.area_id] = AreaReview(question.area.name, result, level_name, [])
        area = areas[question.area_id]
        answer = answers.get(question.pk)
        area.questions.append(
            QuestionReview(
                question=question,
                answer=answer,
                value=_value(question, answer, level_names, questionnaire.not_applicable_label),
                descriptor=_descriptor(question, answer),
                score=scores.get(question.code),
                flags=tuple(flags.get(question.pk, ())),
                queries=tuple(queries.get(question.pk, ())),
            )
        )
    events = list(
        AssessmentEvent.objects.filter(assessment=assessment)
        .select_related("actor")
        .order_by("at", "pk")
    )
    return AssessmentReview(
        assessment=assessment,
        result=results.assessments[0] if results.assessments else None,
        level_names=level_names,
        areas=list(areas.values()),
        events=events,
    )


def _value(question: Question, answer: Answer | None, level_names: dict, na_label: str) -> str:
    kind, fields = kind_of(question), fields_of(answer)
    if answer is None or not kind.answered(fields):
        return NOT_ANSWERED
    return kind.describe(
        fields,
        na_label=na_label,
        unit=question.unit,
        level_label=named_level(level_names, prefix="Level "),
        group_digits=True,
    )


def _descriptor(question: Question, answer: Answer | None) -> str:
    if answer is None or answer.level is None or not kind_of(question).has_levels:
        return ""
    for descriptor in question.descriptors.all():
        if descriptor.level == answer.level:
            return descriptor.text
    return ""


def question_review(assessment: Assessment, question: Question) -> QuestionReview:
    """One answer as the reviewer reads it (value, descriptor, evidence, stored score), for
    the page that queries it. Three queries."""
    questionnaire = assessment.round.questionnaire
    level_names = dict(questionnaire.levels.values_list("number", "name"))
    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    question = Question.objects.prefetch_related("descriptors").get(pk=question.pk)
    return QuestionReview(
        question=question,
        answer=answer,
        value=_value(question, answer, level_names, questionnaire.not_applicable_label),
        descriptor=_descriptor(question, answer),
        score=float(answer.score) if answer is not None and answer.score is not None else None,
    )

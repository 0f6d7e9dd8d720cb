"""Reads for the self-assessment journey: which assessment a person may open, and its progress.

Every view of the journey resolves its assessment through :func:`assessment_for_user`,
so a borough user can never reach another authority's records (they get a 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.template.defaultfilters import pluralize

from accounts.access import authorities_visible_to
from surveys.answers.values import is_answered, value_of
from surveys.models import (
    Answer,
    AnswerChange,
    Area,
    Assessment,
    LevelDescriptor,
    Question,
    Round,
    ScaleLevel,
)

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
REQUIRED_ANSWERED = "required_answered"
COMPLETED = "completed"
# An area's status always agrees with its counts: "Completed" only when every question is
# answered; when only optional questions are blank it says so instead (issue 12).
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    REQUIRED_ANSWERED: "All required questions answered",
    COMPLETED: "Completed",
}


def open_rounds() -> list[Round]:
    """Every round borough users can fill in now, the most recently opened first (one query).

    Several rounds may be open at once (e.g. the London assessment and a data-maturity
    assessment on another questionnaire), so nothing may assume there is only one.
    """
    return list(
        Round.objects.filter(status=Round.Status.OPEN)
        .select_related("questionnaire")
        .order_by("-opens_on", "-pk")
    )


def assessment_for_user(*, user, reference: str) -> Assessment:
    """The assessment with this reference, if the user may see it; otherwise 404.

    Guarantee: a borough user only ever gets an assessment of their own authority;
    the CDO office and admins get any; anyone else gets nothing.
    """
    assessment = (
        Assessment.objects.filter(reference=reference, authority__in=authorities_visible_to(user))
        .select_related("authority", "round__questionnaire", "submitted_by", "last_activity_by")
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment")
    return assessment


def question_in_assessment(*, assessment: Assessment, code: str) -> Question:
    """The question of this assessment's questionnaire with that code; otherwise 404."""
    question = (
        Question.objects.filter(questionnaire_id=assessment.round.questionnaire_id, code=code)
        .select_related("area")
        .first()
    )
    if question is None:
        raise Http404("No such question in this assessment")
    return question


def area_in_assessment(*, assessment: Assessment, code: str) -> Area:
    area = Area.objects.filter(
        questionnaire_id=assessment.round.questionnaire_id, code=code
    ).first()
    if area is None:
        raise Http404("No such area in this assessment")
    return area


def area_questions(*, area: Area) -> list[Question]:
    return list(area.questions.order_by("order"))


def scale_levels(*, questionnaire_id: int) -> list[ScaleLevel]:
    return list(ScaleLevel.objects.filter(questionnaire_id=questionnaire_id).order_by("number"))


def level_names(*, questionnaire_id: int) -> dict[int, str]:
    """The scale's level names by number, e.g. {1: "Beginning", ...}."""
    return dict(
        ScaleLevel.objects.filter(questionnaire_id=questionnaire_id).values_list("number", "name")
    )


def descriptors_for(*, question: Question) -> dict[int, str]:
    return dict(LevelDescriptor.objects.filter(question=question).values_list("level", "text"))


def answer_of(*, assessment: Assessment, question: Question) -> Answer | None:
    return (
        Answer.objects.filter(assessment=assessment, question=question)
        .select_related("changed_by")
        .first()
    )


def answer_history(*, answer: Answer) -> list[AnswerChange]:
    """Every change to the answer, newest first, with who made it."""
    return list(answer.changes.select_related("changed_by").order_by("-version"))


def earlier_assessments(*, authority_id: int, exclude_rounds: list[Round]) -> QuerySet[Assessment]:
    """The authority's assessments in other rounds, newest round first (read-only history).

    ``exclude_rounds`` are the rounds the page shows already (the open ones).
    """
    return (
        Assessment.objects.filter(authority_id=authority_id)
        .exclude(round__in=[round_.pk for round_ in exclude_rounds])
        .select_related("round")
        .order_by("-round__opens_on", "-pk")
    )


def previous_assessment_with_answers(*, assessment: Assessment) -> Assessment | None:
    """The authority's latest assessment with answers from an earlier round of the same
    questionnaire, if any (see :func:`previous_assessments_with_answers`; one more query
    when the round's questionnaire is not loaded yet)."""
    return previous_assessments_with_answers(assessments=[assessment])[assessment.pk]


def previous_assessments_with_answers(
    *, assessments: list[Assessment]
) -> dict[int, Assessment | None]:
    """For each assessment (by id), the authority's latest assessment with answers from an
    earlier round of the same questionnaire (any version of its code), or None.

    One query however many assessments. Another questionnaire's round, even one open
    at the same time, is never a source: its questions are not this round's. The
    assessments' ``round.questionnaire`` must be loaded.
    """
    if not assessments:
        return {}
    candidates = list(
        Assessment.objects.filter(
            authority_id__in={a.authority_id for a in assessments}, answers__isnull=False
        )
        .select_related("round__questionnaire")
        .order_by("-round__opens_on", "-pk")
        .distinct()
    )
    return {
        target.pk: next(
            (
                candidate
                for candidate in candidates
                if candidate.authority_id == target.authority_id
                and candidate.round.opens_on < target.round.opens_on
                and candidate.round.questionnaire.code == target.round.questionnaire.code
            ),
            None,
        )
        for target in assessments
    }


# ---- progress (the task list) ------------------------------------------------------------


@dataclass
class QuestionState:
    question: Question
    answer: Answer | None
    value: dict

    @property
    def answered(self) -> bool:
        return is_answered(self.value)

    @property
    def missing(self) -> bool:
        return self.question.required and not self.answered


@dataclass
class AreaProgress:
    area: Area
    questions: list[QuestionState] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answered)

    @property
    def missing(self) -> list[QuestionState]:
        return [q for q in self.questions if q.missing]

    @property
    def optional_unanswered(self) -> int:
        return sum(1 for q in self.questions if not q.answered and not q.question.required)

    @property
    def finished(self) -> bool:
        """Every required question answered: the area's answers can be checked."""
        return not self.missing

    @property
    def status(self) -> str:
        if self.answered == 0:
            return NOT_STARTED
        if self.missing:
            return IN_PROGRESS
        return COMPLETED if self.answered == self.total else REQUIRED_ANSWERED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def counts_label(self) -> str:
        """How much is answered, in words that agree with the status beside them."""
        words = f"{self.answered} of {self.total} question{pluralize(self.total)} answered"
        if self.status == REQUIRED_ANSWERED:
            blank = self.optional_unanswered
            words += f"; {blank} optional question{pluralize(blank)} not answered"
        return words

    @property
    def first_unanswered(self) -> Question | None:
        for state in self.questions:
            if not state.answered:
                return state.question
        return None


@dataclass
class Progress:
    areas: list[AreaProgress]
    level_names: dict[int, str]

    @property
    def total(self) -> int:
        return sum(a.total for a in self.areas)

    @property
    def answered(self) -> int:
        return sum(a.answered for a in self.areas)

    @property
    def missing(self) -> list[QuestionState]:
        return [q for a in self.areas for q in a.missing]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def unfinished(self) -> list[AreaProgress]:
        """The areas with a required question not answered yet."""
        return [a for a in self.areas if a.missing]

    @property
    def has_stored_answers(self) -> bool:
        """Whether any answer is stored, even one holding only evidence (prefill needs none)."""
        return any(q.answer is not None for a in self.areas for q in a.questions)

    def area(self, code: str) -> AreaProgress | None:
        return next((a for a in self.areas if a.area.code == code), None)


def assessment_progress(*, assessment: Assessment) -> Progress:
    """Every area with its questions, answers and status, in four queries whatever the size.

    An area is Not started when none of its questions has an answer, In progress while a
    required one has none, Completed when every question has one, and "All required
    questions answered" when only optional questions are left.
    """
    return progress_of(assessments=[assessment])[assessment.pk]


def progress_of(*, assessments: list[Assessment]) -> dict[int, Progress]:
    """Each assessment's progress (as :func:`assessment_progress`) by its id, in four
    queries however many assessments and questionnaires there are (none for no
    assessment). The assessments' ``round`` must be loaded."""
    if not assessments:
        return {}
    questionnaire_ids = {a.round.questionnaire_id for a in assessments}
    areas: dict[int, list[Area]] = {pk: [] for pk in questionnaire_ids}
    for area in Area.objects.filter(questionnaire_id__in=questionnaire_ids).order_by("order"):
        areas[area.questionnaire_id].append(area)
    questions: dict[int, list[Question]] = {pk: [] for pk in questionnaire_ids}
    for question in Question.objects.filter(questionnaire_id__in=questionnaire_ids).order_by(
        "area__order", "order"
    ):
        questions[question.questionnaire_id].append(question)
    answers: dict[tuple[int, int], Answer] = {
        (a.assessment_id, a.question_id): a
        for a in Answer.objects.filter(assessment__in=[a.pk for a in assessments]).select_related(
            "changed_by"
        )
    }
    names: dict[int, dict[int, str]] = {pk: {} for pk in questionnaire_ids}
    for questionnaire_id, number, name in ScaleLevel.objects.filter(
        questionnaire_id__in=questionnaire_ids
    ).values_list("questionnaire_id", "number", "name"):
        names[questionnaire_id][number] = name
    result = {}
    for assessment in assessments:
        questionnaire_id = assessment.round.questionnaire_id
        by_area = {area.pk: AreaProgress(area=area) for area in areas[questionnaire_id]}
        for question in questions[questionnaire_id]:
            answer = answers.get((assessment.pk, question.pk))
            question.area = by_area[question.area_id].area  # saves a query per question
            by_area[question.area_id].questions.append(
                QuestionState(question, answer, value_of(kind=question.kind, answer=answer))
            )
        result[assessment.pk] = Progress(
            areas=list(by_area.values()), level_names=names[questionnaire_id]
        )
    return result

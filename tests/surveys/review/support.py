"""Builders shared by the review tests (tests/surveys/test_review_*.py and friends)."""

from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Assessment, Question
from tests import factories

CAMDEN = "E09000007"
HACKNEY = "E09000012"
ISLINGTON = "E09000019"


def answer_all(assessment: Assessment, *, level: int = 3, user=None, only=None) -> list[Answer]:
    """Answer every question (or the first ``only``) of the assessment's questionnaire."""
    questions = Question.objects.filter(
        questionnaire_id=assessment.round.questionnaire_id
    ).order_by("area__order", "order")
    if only is not None:
        questions = questions[:only]
    answers = []
    for question in questions:
        value = {"level": level} if question.kind == Question.Kind.MATURITY else {"level": None}
        if question.kind == Question.Kind.YES_NO:
            value["yes_no"] = True
        if question.kind == Question.Kind.NUMBER:
            value["number"] = 12
        if question.kind == Question.Kind.TEXT:
            value["text"] = "Some words"
        answers.append(
            factories.AnswerFactory(
                assessment=assessment,
                question=question,
                changed_by=user,
                evidence=f"Evidence for {question.code}",
                **value,
            )
        )
    return answers


def assessment(
    round_,
    gss_code: str = CAMDEN,
    *,
    status: str = Assessment.Status.SUBMITTED,
    answered: int | None = None,
    level: int = 3,
    by=None,
) -> Assessment:
    """An assessment in ``round_`` with ``answered`` questions answered (None: all)."""
    now = timezone.now()
    fields = {}
    if status in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED):
        fields.update(submitted_at=now, submitted_by=by)
    if status == Assessment.Status.APPROVED:
        fields.update(approved_at=now)
    made = factories.AssessmentFactory(
        authority=factories.authority(gss_code),
        round=round_,
        status=status,
        last_activity_at=now,
        last_activity_by=by,
        **fields,
    )
    if answered != 0:
        answer_all(made, level=level, user=by, only=answered)
    return made


def gss_codes(count: int) -> list[str]:
    return list(Authority.objects.order_by("gss_code").values_list("gss_code", flat=True)[:count])

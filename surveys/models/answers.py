"""Answers, each with its append-only history of changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from surveys.models.questionnaires import Question
from surveys.models.rounds import Assessment


class Answer(models.Model):
    """One answer to one question in one assessment.

    ``version`` increases on every change; a save carries the version its form was
    rendered with, so a colleague's newer change is never silently overwritten.
    ``score`` is ``scoring.stored_answer_score`` of the value, stored so that exports
    read it instead of scoring (``manage.py check_scores`` compares it with the rule).
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    not_applicable = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)
    # "Share this evidence with other London authorities": off by default; when on, the
    # improvement plans' "who to learn from" may quote it (docs/plans.md).
    evidence_shared = models.BooleanField(default=False)
    # The answer's score (0-100, 2 dp), written with the answer by every service that
    # writes one (surveys.results.answer_scores); empty when it does not score.
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "question__area__order", "question__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_per_question"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1), name="answer_level_positive"
            ),
            models.CheckConstraint(
                condition=~Q(not_applicable=True) | Q(level__isnull=True),
                name="answer_not_applicable_has_no_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.question.code}"


class AnswerChange(models.Model):
    """An append-only record of one change to an answer: who, when, before and after."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField()
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField()
    old_evidence = models.TextField(blank=True)
    new_evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["answer", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="answer_change_version"),
        ]

    def __str__(self) -> str:
        return f"{self.answer} version {self.version}"

"""Scores frozen when an assessment is approved: overall, per area, per question."""

from django.db import models

from surveys.models.questionnaires import Area, Question, Questionnaire
from surveys.models.rounds import Assessment


class ResultSnapshot(models.Model):
    """Scores frozen when an assessment is approved.

    A later change of weights or method never changes a published result; the
    ``recompute_snapshots`` command shows and applies a deliberate recalculation.
    """

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="snapshot")
    scoring_method = models.CharField(max_length=10, choices=Questionnaire.ScoringMethod.choices)
    overall_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    overall_level = models.PositiveSmallIntegerField(null=True, blank=True)
    completion = models.DecimalField(max_digits=5, decimal_places=2)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Results for {self.assessment}"


class AreaResult(models.Model):
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    completion = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "area"], name="area_result_per_snapshot"),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.area.code}"


class QuestionResult(models.Model):
    snapshot = models.ForeignKey(ResultSnapshot, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "question"], name="question_result_per_snapshot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.question.code}"

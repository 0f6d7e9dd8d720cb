"""From assessment to action: each authority's improvement plan, with target levels and
actions on questions and areas. Kept per authority, not per round, so it carries over
from one round to the next; targets and actions name questions and areas by their
stable codes. Private to the authority and the CDO office unless the authority shares it
(``Plan.shared``). The rules are in ``docs/plans.md``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boroughs.models import Authority
from surveys.models.rounds import Round


class Plan(models.Model):
    """An authority's improvement plan: its targets and actions."""

    authority = models.OneToOneField(Authority, on_delete=models.PROTECT, related_name="plan")
    shared = models.BooleanField(
        default=False,
        help_text="Let other London authorities see this plan's targets and actions.",
    )
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.authority} improvement plan"


class Target(models.Model):
    """A target level for one maturity question, or for a whole area (``question_code``
    empty), to reach by a given year's assessment: "Developing by the 2027 assessment".

    ``version`` increases on every change; a save carries the version its form was read
    at, so a colleague's newer change is never silently overwritten.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    area_code = models.CharField(max_length=40)
    question_code = models.CharField(max_length=40, blank=True)
    level = models.PositiveSmallIntegerField()
    by_year = models.PositiveSmallIntegerField(help_text="The year of the assessment.")
    set_in = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "area_code", "question_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "area_code", "question_code"], name="target_per_subject"
            ),
            models.CheckConstraint(condition=Q(level__gte=1), name="target_level_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.authority} target {self.question_code or self.area_code}"


class PlanAction(models.Model):
    """One action of an improvement plan, on a question or on a whole area."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    area_code = models.CharField(max_length=40)
    question_code = models.CharField(max_length=40, blank=True)
    title = models.CharField("What", max_length=300)
    owner = models.CharField(max_length=200, blank=True, help_text="A person's name or a team.")
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(blank=True)
    # The round in which the action was planned: next round's question page shows it
    # ("last year you planned: ...").
    planned_in = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "area_code", "question_code", "due_on", "pk"]
        indexes = [models.Index(fields=["question_code", "status"], name="action_question")]

    def __str__(self) -> str:
        return f"{self.plan.authority}: {self.title}"

"""Questionnaires (versioned), rounds, assessments and answers.

Models hold data and constraints only. Writes go through ``surveys.services``;
reads through ``surveys.selectors``; scoring rules live in ``surveys.results.scoring``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boroughs.models import Authority
from surveys.exceptions import RoundChangeRefused, refuse_if_locked


class Questionnaire(models.Model):
    """One version of a questionnaire. Published versions never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    class ScoringMethod(models.TextChoices):
        MEAN = "mean", "Weighted mean"
        GATED = "gated", "Gated (every question at the level or above)"

    code = models.SlugField(
        max_length=60, help_text="Shared by every version of this questionnaire."
    )
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scoring_method = models.CharField(
        max_length=10, choices=ScoringMethod.choices, default=ScoringMethod.MEAN
    )
    not_applicable_label = models.CharField(max_length=100, default="Not applicable / don't know")
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_versions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version}, {self.get_status_display().lower()})"

    # Guards: a published or retired questionnaire never changes, except to be retired.
    # QuerySet.update() and bulk operations bypass them: write through the services.
    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values().first()
            if stored is not None and stored["status"] != self.Status.DRAFT:
                names = kwargs.get("update_fields") or [f.name for f in self._meta.concrete_fields]
                attnames = {self._meta.get_field(name).attname for name in names}
                changed = {a for a in attnames if getattr(self, a) != stored[a]}
                if stored["status"] == self.Status.PUBLISHED and self.status == self.Status.RETIRED:
                    changed.discard("status")
                if changed:
                    refuse_if_locked(self, f"change {', '.join(sorted(changed))} of", Q(pk=self.pk))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_locked(self, "delete", Q(pk=self.pk))
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class ScaleLevel(models.Model):
    """One level of the questionnaire's maturity scale, with its score band.

    ``min_score`` is the lowest area or overall score (0-100) that falls in this
    level's band; the lowest level's band starts at 0.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="levels"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=50)
    min_score = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="scale_level_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="scale_level_number_positive"),
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=100),
                name="scale_level_min_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            refuse_if_locked(self, "change", Q(pk=self.questionnaire_id) | Q(levels=self.pk))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_locked(self, "delete", Q(levels=self.pk))
        return super().delete(*args, **kwargs)


class Area(models.Model):
    """A section of the questionnaire: Technology estate, Data, Security, Procurement."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(max_length=40, help_text="Stable across versions.")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=1)

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="area_code_per_version"),
            models.UniqueConstraint(
                fields=["questionnaire", "order"], name="area_order_per_version"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="area_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            refuse_if_locked(self, "change", Q(pk=self.questionnaire_id) | Q(areas=self.pk))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_locked(self, "delete", Q(areas=self.pk))
        return super().delete(*args, **kwargs)


class Question(models.Model):
    """A question. Its code is stable across versions, so trends can match it."""

    class Kind(models.TextChoices):
        MATURITY = "maturity", "Maturity scale"
        YES_NO = "yes_no", "Yes or no"
        NUMBER = "number", "Number"
        TEXT = "text", "Free text"

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=40)
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=500)
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=1)
    required = models.BooleanField(default=True)
    scored = models.BooleanField(
        default=True, help_text="Maturity and yes/no questions can score; others never do."
    )
    unit = models.CharField(max_length=40, blank=True, help_text="For number questions.")

    class Meta:
        ordering = ["area__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="question_code_per_version"
            ),
            models.UniqueConstraint(fields=["area", "order"], name="question_order_per_area"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="question_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            lookup = Q(pk=self.questionnaire_id) | Q(areas=self.area_id) | Q(questions=self.pk)
            refuse_if_locked(self, "change", lookup)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_locked(self, "delete", Q(questions=self.pk))
        return super().delete(*args, **kwargs)

    @property
    def is_scored(self) -> bool:
        return self.scored and self.kind in (self.Kind.MATURITY, self.Kind.YES_NO)


class LevelDescriptor(models.Model):
    """What a maturity question's answer at one level looks like in practice."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="descriptors")
    level = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="descriptor_level"),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} level {self.level}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            lookup = Q(questions=self.question_id) | Q(questions__descriptors=self.pk)
            refuse_if_locked(self, "change", lookup)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_locked(self, "delete", Q(questions__descriptors=self.pk))
        return super().delete(*args, **kwargs)


class Round(models.Model):
    """A named assessment period that uses one published questionnaire version."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        PUBLISHED = "published", "Published"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds"
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPCOMING)
    share_named_results = models.BooleanField(
        default=False,
        help_text="Let every authority see other authorities' results by name.",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # Guards: answers belong to the questionnaire the round had when they were given, so
    # a round's questionnaire never changes once an assessment exists, and a round only
    # ever gets a published questionnaire. Write through surveys.review.services.rounds, which
    # checks the rest (closed and published rounds); QuerySet.update() and bulk
    # operations bypass these guards.
    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"questionnaire", "questionnaire_id"} & set(update_fields):
            self._refuse_questionnaire_change()
        super().save(*args, **kwargs)

    def _refuse_questionnaire_change(self) -> None:
        stored = None
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values_list("questionnaire_id").first()
        if stored is not None and stored[0] == self.questionnaire_id:
            return
        if stored is not None and Assessment.objects.filter(round_id=self.pk).exists():
            raise RoundChangeRefused(
                f"You cannot change the questionnaire of {self.name}: authorities have "
                "started their assessments on the one it has."
            )
        chosen = (
            Questionnaire.objects.filter(pk=self.questionnaire_id)
            .values_list("code", "version", "status")
            .first()
        )
        if chosen is not None and chosen[2] != Questionnaire.Status.PUBLISHED:
            code, version, status = chosen
            raise RoundChangeRefused(
                f"{self.name} cannot use questionnaire {code} version {version}: it is "
                f"{status}, and only a published questionnaire can be chosen for a round."
            )


class Assessment(models.Model):
    """One authority's self-assessment in one round."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="assessments")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(max_length=40, unique=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    last_activity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "round"], name="assessment_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} – {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Answer(models.Model):
    """One answer to one question in one assessment.

    ``version`` increases on every change; a save carries the version its form was
    rendered with, so a colleague's newer change is never silently overwritten.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    not_applicable = models.BooleanField(default=False)
    evidence = models.TextField(blank=True)
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


class AssessmentEvent(models.Model):
    """An append-only entry in an assessment's timeline (submitted, returned, approved...)."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        APPROVED = "approved", "Approved"
        REOPENED = "reopened", "Reopened"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment} {self.kind} at {self.at:%Y-%m-%d %H:%M}"


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

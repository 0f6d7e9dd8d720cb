"""Questionnaires: versions, their maturity scale, areas, questions and level descriptors.

A published (or retired) version never changes: its rows refuse to change or be deleted
(``PartOfQuestionnaire``, ``refuse_if_locked``). Change a questionnaire by making a new
version, through ``surveys.questionnaires.services``.
"""

from typing import ClassVar

from django.db import models
from django.db.models import Q

from surveys.exceptions import QuestionnaireLocked

# A question's short label names it on chart axes and in compact tables; the most it may
# hold (``surveys.questionnaires.format.MAX_SHORT_LABEL`` says the same to the files).
SHORT_LABEL_LENGTH = 40
ELLIPSIS = "…"


def shortened(text: str, limit: int = SHORT_LABEL_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis
    when anything was cut: "How much is legacy technology holding…" (a question's label
    when its questionnaire gives it no short label)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    words = cut.rsplit(" ", 1)[0] if " " in cut else cut[: limit - len(ELLIPSIS)]
    return words.rstrip(" ,;:.?!-–") + ELLIPSIS


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


def refuse_if_locked(obj, action: str, lookup) -> None:
    """Raise ``QuestionnaireLocked`` if any questionnaire matched by ``lookup`` is not a draft.

    ``lookup`` is a ``Q`` object over ``Questionnaire`` naming both the questionnaire the
    object belongs to now and the one its stored row belongs to, so moving a row out of
    a locked questionnaire is refused too. One query.
    """
    locked = (
        Questionnaire.objects.filter(lookup)
        .exclude(status=Questionnaire.Status.DRAFT)
        .values_list("code", "version", "status")
        .first()
    )
    if locked is not None:
        code, version, status = locked
        raise QuestionnaireLocked(
            f"Cannot {action} {type(obj)._meta.verbose_name} {obj}: questionnaire {code} "
            f"version {version} is {status}, and only a draft can change. "
            "Make a new version (questionnaire_new_version) instead."
        )


class PartOfQuestionnaire(models.Model):
    """A row that belongs to one questionnaire version (a level, an area, a question, a
    descriptor): it cannot change or be deleted once that version is published or retired.

    Each model names the ``Questionnaire`` lookup from its stored row (``stored_lookup``,
    e.g. ``"areas"``) and, for a change, the questionnaire its new values point at
    (``current_lookup``), so moving a row out of a locked version is refused too.
    ``QuerySet.update()``, ``bulk_create()`` and ``QuerySet.delete()`` bypass this: change
    questionnaires only through ``surveys.questionnaires.services``.
    """

    stored_lookup: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            refuse_if_locked(
                self, "change", self.current_lookup() | Q(**{self.stored_lookup: self.pk})
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_locked(self, "delete", Q(**{self.stored_lookup: self.pk}))
        return super().delete(*args, **kwargs)

    def current_lookup(self) -> Q:
        raise NotImplementedError


class ScaleLevel(PartOfQuestionnaire):
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

    stored_lookup = "levels"

    def current_lookup(self) -> Q:
        return Q(pk=self.questionnaire_id)


class Area(PartOfQuestionnaire):
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

    stored_lookup = "areas"

    def current_lookup(self) -> Q:
        return Q(pk=self.questionnaire_id)


class Question(PartOfQuestionnaire):
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
    short_label = models.CharField(
        max_length=SHORT_LABEL_LENGTH,
        blank=True,
        help_text="Names the question on charts and in compact tables, e.g. 'Data sharing'.",
    )

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

    stored_lookup = "questions"

    def current_lookup(self) -> Q:
        return Q(pk=self.questionnaire_id) | Q(areas=self.area_id)

    @property
    def is_scored(self) -> bool:
        return self.scored and self.kind in (self.Kind.MATURITY, self.Kind.YES_NO)

    @property
    def label(self) -> str:
        """How charts and compact tables name the question: its short label, else its text
        shortened at a word boundary (``shortened``). The full text goes beside it."""
        return self.short_label or shortened(self.text)


class LevelDescriptor(PartOfQuestionnaire):
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

    stored_lookup = "questions__descriptors"

    def current_lookup(self) -> Q:
        return Q(questions=self.question_id)

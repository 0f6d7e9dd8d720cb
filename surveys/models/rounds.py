"""Rounds and the assessments in them, with each assessment's timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boroughs.models import Authority
from surveys.exceptions import RoundChangeRefused
from surveys.models.questionnaires import Questionnaire


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
    # Moderation (docs/moderation.md): the outlier flag on an area score that moved more
    # than this many points since the authority's last approved round.
    area_move_points = models.PositiveSmallIntegerField(
        default=20,
        help_text=(
            "Flag an area score that moved more than this many points (out of 100) since "
            "the authority's last approved round."
        ),
    )
    # The provisional release: sent to every authority with approved results, which may
    # confirm them or raise a correction until ``provisional_respond_by``.
    provisional_sent_at = models.DateTimeField(null=True, blank=True)
    provisional_respond_by = models.DateField(null=True, blank=True)
    # Why the round was published while corrections were still open (empty otherwise).
    publish_override_reason = models.TextField(blank=True)

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
    # A recorded statement, not an account: the senior officer who signed the
    # submission off (e.g. the chief information officer), with their role.
    sign_off_name = models.CharField(max_length=200, blank=True)
    sign_off_role = models.CharField(max_length=200, blank=True)
    # When the outlier flags were last worked out (surveys.review.flags).
    flags_checked_at = models.DateTimeField(null=True, blank=True)
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

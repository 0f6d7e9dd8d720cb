"""Moderation before results count: consistency checks declared by a questionnaire,
outlier flags on a submitted assessment, the CDO office's per-question queries, and the
authorities' responses to a provisional release. The rules are in ``docs/moderation.md``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boroughs.models import Authority
from surveys.models.questionnaires import PartOfQuestionnaire, Question, Questionnaire
from surveys.models.rounds import Assessment, Round


class CheckOperator(models.TextChoices):
    """How one side of a consistency check compares an answer with its value."""

    IS = "is", "is"  # a yes/no answer: value 1 is yes, 0 is no
    AT_LEAST = "at_least", "is at least"  # a maturity answer's level
    AT_MOST = "at_most", "is at most"


class ConsistencyCheck(PartOfQuestionnaire):
    """ "If <question> <operator> <value> then <question> <operator> <value>": answers that
    contradict each other. Declared by the questionnaire file's ``checks:`` section; an
    assessment whose answers meet the condition but not the consequence is flagged (never
    refused). Unanswered and not-applicable answers meet neither side."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="checks"
    )
    order = models.PositiveSmallIntegerField()
    if_question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    if_operator = models.CharField(max_length=10, choices=CheckOperator.choices)
    if_value = models.PositiveSmallIntegerField()
    then_question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    then_operator = models.CharField(max_length=10, choices=CheckOperator.choices)
    then_value = models.PositiveSmallIntegerField()
    message = models.CharField(
        max_length=500, blank=True, help_text="Why the two answers disagree, in words."
    )

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "order"], name="check_order"),
        ]

    def __str__(self) -> str:
        return f"check {self.order} of {self.questionnaire_id}"

    stored_lookup = "checks"

    def current_lookup(self) -> Q:
        return Q(pk=self.questionnaire_id)


class AssessmentFlag(models.Model):
    """One outlier flag on an assessment, worked out by ``surveys.review.flags`` from
    stored data when it is submitted (or checked again by the CDO office).

    ``key`` names the flag stably (rule and subject), so checking again keeps the CDO
    office's decision on a flag that is still raised. Flags never block approval.
    """

    class Rule(models.TextChoices):
        MOVED = "moved", "Moved since the last approved round"
        PEERS = "peers", "Far from its peer group"
        NO_EVIDENCE = "no_evidence", "Top level with no evidence"
        AREA_MOVED = "area_moved", "Area score moved"
        CONTRADICTION = "contradiction", "Answers contradict each other"

    class Decision(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        QUERIED = "queried", "Queried"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="flags")
    key = models.CharField(max_length=200)
    rule = models.CharField(max_length=20, choices=Rule.choices)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    area_code = models.CharField(max_length=40, blank=True)
    reason = models.TextField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="flag_key_per_assessment"),
        ]
        indexes = [models.Index(fields=["assessment", "decision"], name="flag_decision")]

    def __str__(self) -> str:
        return f"{self.assessment} flag {self.key}"

    @property
    def state(self) -> str:
        """The status shown with a tag: "to_decide" while open, else the decision."""
        return "to_decide" if self.decision == self.Decision.OPEN else self.decision


class ReviewQuery(models.Model):
    """The CDO office's question about one answer of an assessment ("query this flag"
    makes one). The authority sees it once the assessment is returned, may reply, and the
    reviewer resolves it: answering the question resolves nothing by itself."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="queries")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    flag = models.ForeignKey(
        AssessmentFlag, null=True, blank=True, on_delete=models.SET_NULL, related_name="queries"
    )
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the authority was shown it: on return, or at once if made on a returned
    # assessment. Until then only the CDO office sees it.
    sent_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "question__area__order", "question__order", "pk"]
        indexes = [models.Index(fields=["assessment", "status"], name="query_status")]

    def __str__(self) -> str:
        return f"{self.assessment} query on {self.question.code}"

    @property
    def state(self) -> str:
        """The status shown with a tag: not_sent, sent, replied or resolved."""
        if self.status == self.Status.RESOLVED:
            return "resolved"
        if self.sent_at is None:
            return "not_sent"
        return "replied" if self.replied_at else "sent"


class ProvisionalResponse(models.Model):
    """An authority's answer to a round's provisional release: it confirms its results or
    raises a correction, which the CDO office resolves. One per authority and round; a
    later response replaces the earlier one (the audit log keeps both)."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CORRECTION = "correction", "Correction raised"

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="provisional_responses")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(blank=True)
    responded_at = models.DateTimeField()
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["round", "authority__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "authority"], name="provisional_per_round"),
            models.CheckConstraint(
                condition=~Q(kind="correction") | ~Q(text=""), name="correction_has_text"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.kind} {self.round}"

    @property
    def is_open_correction(self) -> bool:
        return self.kind == self.Kind.CORRECTION and self.resolved_at is None

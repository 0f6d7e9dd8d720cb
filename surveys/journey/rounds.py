"""Reads for a borough's start page: every open round, each with the authority's assessment.

Several rounds can be open at once (e.g. the London assessment and a data-maturity
assessment on another questionnaire). Each has its own status and task list, and
everything here reads in a fixed number of queries however many rounds are open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from surveys.journey.selectors import IN_PROGRESS, NOT_STARTED, Progress, open_rounds, progress_of
from surveys.models import Assessment, Round

SUBMITTED = Assessment.Status.SUBMITTED.value
RETURNED = Assessment.Status.RETURNED.value
APPROVED = Assessment.Status.APPROVED.value
ROUND_STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    SUBMITTED: "Submitted",
    RETURNED: "Returned for changes",
    APPROVED: "Approved",
}


@dataclass
class OpenRound:
    """One open round as an authority sees it: its assessment (None until someone starts
    it) and that assessment's progress."""

    round: Round
    assessment: Assessment | None = None
    progress: Progress | None = None

    @property
    def status(self) -> str:
        """not_started, in_progress (a draft), submitted, returned or approved."""
        if self.assessment is None:
            return NOT_STARTED
        if self.assessment.status == Assessment.Status.DRAFT:
            return IN_PROGRESS
        return self.assessment.status

    @property
    def status_label(self) -> str:
        return ROUND_STATUS_LABELS[self.status]

    @property
    def returned(self) -> bool:
        return self.status == RETURNED


def open_rounds_for(*, authority_id: int) -> list[OpenRound]:
    """Every open round, the most recently opened first, with the authority's assessment in
    it (if started) and its progress.

    Two queries (rounds, the authority's assessments in them), plus four for the
    progress when any is started: never more, however many rounds are open.
    """
    rounds = open_rounds()
    if not rounds:
        return []
    by_round = {
        assessment.round_id: assessment
        for assessment in Assessment.objects.filter(
            authority_id=authority_id, round__in=[round_.pk for round_ in rounds]
        ).select_related("submitted_by", "last_activity_by")
    }
    entries = []
    for round_ in rounds:
        assessment = by_round.get(round_.pk)
        if assessment is not None:
            assessment.round = round_  # with its questionnaire, already read
        entries.append(OpenRound(round=round_, assessment=assessment))
    progress = progress_of(assessments=[e.assessment for e in entries if e.assessment])
    for entry in entries:
        if entry.assessment is not None:
            entry.progress = progress[entry.assessment.pk]
    return entries


def open_round_by_slug(*, slug: str) -> Round:
    """The open round with this slug; 404 for an unknown or not (or no longer) open one."""
    round_ = Round.objects.filter(slug=slug, status=Round.Status.OPEN).first()
    if round_ is None:
        raise Http404("No open round with that slug")
    return round_

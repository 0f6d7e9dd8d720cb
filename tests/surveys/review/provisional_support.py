"""Builders for the provisional-release tests: a closed round with approved, frozen
assessments, and its release sent."""

import datetime

from django.utils import timezone

from surveys.models import Assessment, Round
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, assessment


def closed_round(**fields) -> Round:
    today = timezone.localdate()
    return factories.RoundFactory(
        opens_on=today - datetime.timedelta(days=60),
        closes_on=today - datetime.timedelta(days=5),
        status=Round.Status.CLOSED,
        **fields,
    )


def approved(round_: Round, gss_code: str, *, level: int = 3) -> Assessment:
    """An approved assessment of ``gss_code`` in ``round_``, every question answered at
    ``level``, its results frozen."""
    made = assessment(round_, gss_code, status=Assessment.Status.APPROVED, level=level)
    result_snapshot_create(assessment=made)
    return made


def released(round_: Round | None = None, *, codes=(CAMDEN, HACKNEY), days: int = 14) -> Round:
    """A closed round (or ``round_``) with approved assessments of ``codes`` and its
    provisional release sent, responses until ``days`` from today."""
    round_ = round_ or closed_round()
    for code in codes:
        approved(round_, code)
    round_.provisional_sent_at = timezone.now()
    round_.provisional_respond_by = timezone.localdate() + datetime.timedelta(days=days)
    round_.save(update_fields=["provisional_sent_at", "provisional_respond_by"])
    return round_

"""A round with an earlier approved round and a peer group, for the flag tests."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from surveys.models import Assessment, CheckOperator, ConsistencyCheck, Question, Round
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.surveys.review.support import CAMDEN, assessment, gss_codes


@dataclass
class World:
    earlier: Round
    current: Round
    mine: Assessment  # Camden's, submitted, in the current round
    group_slug: str


def build_world(*, peers: int = 3, questions_per_area: int = 2, now_level: int = 3) -> World:
    """Camden answers every maturity question at ``now_level`` (evidence given) in the
    current round, after level 1 in an approved earlier round; ``peers`` other members of
    its peer group submitted level 1 everywhere; one check: if the first yes/no is yes
    then the first maturity question is at most 2."""
    questionnaire = factories.make_questionnaire(
        areas=2, questions_per_area=questions_per_area, kinds=("maturity", "yes_no")
    )
    today = timezone.localdate()
    earlier = factories.RoundFactory(
        questionnaire=questionnaire,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status=Round.Status.PUBLISHED,
    )
    current = factories.RoundFactory(questionnaire=questionnaire)
    before = assessment(earlier, CAMDEN, status=Assessment.Status.APPROVED, level=1)
    result_snapshot_create(assessment=before)
    mine = assessment(current, CAMDEN, level=now_level)
    others = [code for code in gss_codes(peers + 1) if code != CAMDEN][:peers]
    group = factories.PeerGroupFactory()
    group.authorities.add(factories.authority(CAMDEN), *map(factories.authority, others))
    for code in others:
        assessment(current, code, level=1)
    questions = Question.objects.filter(questionnaire=questionnaire).order_by(
        "area__order", "order"
    )
    ConsistencyCheck.objects.create(
        questionnaire=questionnaire,
        order=1,
        if_question=questions.filter(kind="yes_no").first(),
        if_operator=CheckOperator.IS,
        if_value=1,
        then_question=questions.filter(kind="maturity").first(),
        then_operator=CheckOperator.AT_MOST,
        then_value=2,
    )
    return World(earlier, current, mine, group.slug)

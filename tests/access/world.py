"""The dataset every access-table entry draws its URL arguments from.

Authority A is Camden, B is Hackney. There is one user per sweep role, an open round
with Camden's draft assessment (one answer) and Hackney's submitted one (one answer),
and a published round whose assessments of both are approved. Islington's improvement plan is
shared with other authorities, Hackney's private (Camden has none: entries make it);
both work on the world's question: Islington with a target and an action, Hackney with an
action only (so Hackney's lead can set a target as the plan pages' entries do). The
actions' titles: ``SHARED_PLAN_TITLE``, ``PRIVATE_PLAN_TITLE``. Entries that need more
create it in their ``args`` callable.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Assessment, Question, Questionnaire, Round
from surveys.models.plans import Plan, PlanAction, Target
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.access.base import ADMIN, ANONYMOUS, CDO, CONTRIBUTOR_A, LEAD_A, LEAD_B

CAMDEN = "E09000007"
HACKNEY = "E09000012"
ISLINGTON = "E09000019"
SHARED_PLAN_TITLE = "Sweep shared plan: publish the data catalogue"
PRIVATE_PLAN_TITLE = "Sweep private plan: replace the legacy CRM"


@dataclass
class World:
    users: dict[str, User | None]
    authority_a: Authority
    authority_b: Authority
    questionnaire: Questionnaire
    question: Question
    round: Round  # open
    assessment_a: Assessment  # Camden, draft, one answer
    answer_a: Answer
    assessment_b: Assessment  # Hackney, submitted, one answer
    answer_b: Answer
    published_round: Round
    approved_a: Assessment  # Camden, approved, in the published round
    approved_b: Assessment  # Hackney, approved, in the published round
    extra: dict = field(default_factory=dict)  # for entries that build more


def _answered(assessment: Assessment, question: Question, user: User, level: int) -> Answer:
    return factories.AnswerFactory(
        assessment=assessment, question=question, level=level, changed_by=user
    )


def build_world() -> World:
    now = timezone.now()
    users = {
        ANONYMOUS: None,
        CONTRIBUTOR_A: factories.make_member("contributor", CAMDEN, username="contributor-a"),
        LEAD_A: factories.make_member("lead", CAMDEN, username="lead-a"),
        LEAD_B: factories.make_member("lead", HACKNEY, username="lead-b"),
        CDO: factories.make_cdo(username="cdo"),
        ADMIN: factories.make_admin(username="admin"),
    }
    authority_a = factories.authority(CAMDEN)
    authority_b = factories.authority(HACKNEY)
    questionnaire = factories.make_questionnaire()
    question = questionnaire.questions.order_by("area__order", "order").first()

    open_round = factories.RoundFactory(
        questionnaire=questionnaire, name="Sweep open round", slug="sweep-open"
    )
    assessment_a = factories.AssessmentFactory(authority=authority_a, round=open_round)
    answer_a = _answered(assessment_a, question, users[LEAD_A], 3)
    assessment_b = factories.AssessmentFactory(
        authority=authority_b,
        round=open_round,
        status=Assessment.Status.SUBMITTED,
        submitted_at=now,
        submitted_by=users[LEAD_B],
    )
    answer_b = _answered(assessment_b, question, users[LEAD_B], 2)

    today = timezone.localdate()
    published_round = factories.RoundFactory(
        questionnaire=questionnaire,
        name="Sweep published round",
        slug="sweep-published",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status=Round.Status.PUBLISHED,
        published_at=now,
    )
    approved = {}
    for authority, lead_role, level in ((authority_a, LEAD_A, 4), (authority_b, LEAD_B, 2)):
        assessment = factories.AssessmentFactory(
            authority=authority,
            round=published_round,
            status=Assessment.Status.APPROVED,
            submitted_at=now,
            submitted_by=users[lead_role],
            approved_at=now,
            approved_by=users[CDO],
        )
        for each in questionnaire.questions.all():
            _answered(assessment, each, users[lead_role], level)
        # Approval freezes the scores; the world's approved assessments must look the same.
        result_snapshot_create(assessment=assessment)
        approved[authority.pk] = assessment

    for authority, shared, title in (
        (factories.authority(ISLINGTON), True, SHARED_PLAN_TITLE),
        (authority_b, False, PRIVATE_PLAN_TITLE),
    ):
        _plan(authority, question, shared=shared, title=title, round_=open_round)
    return World(
        users=users,
        authority_a=authority_a,
        authority_b=authority_b,
        questionnaire=questionnaire,
        question=question,
        round=open_round,
        assessment_a=assessment_a,
        answer_a=answer_a,
        assessment_b=assessment_b,
        answer_b=answer_b,
        published_round=published_round,
        approved_a=approved[authority_a.pk],
        approved_b=approved[authority_b.pk],
    )


def _plan(authority: Authority, question: Question, *, shared: bool, title: str, round_) -> Plan:
    """An improvement plan with an action on ``question`` (and a target if shared)."""
    now = timezone.now()
    plan = Plan.objects.create(authority=authority, shared=shared, changed_at=now)
    subject = {"area_code": question.area.code, "question_code": question.code}
    if shared:
        Target.objects.create(
            plan=plan, level=4, by_year=2027, changed_at=now, set_in=round_, **subject
        )
    PlanAction.objects.create(
        plan=plan,
        title=title,
        owner="Digital team",
        status=PlanAction.Status.IN_PROGRESS,
        planned_in=round_,
        created_at=now,
        changed_at=now,
        **subject,
    )
    return plan


def released_round(world: World) -> Round:
    """A closed round whose provisional release was sent (responses until a fortnight from
    today), with Camden's and Hackney's assessments approved and frozen. Made once per
    world, on first use (``world.extra["released_round"]``)."""
    if "released_round" in world.extra:
        return world.extra["released_round"]
    now, today = timezone.now(), timezone.localdate()
    round_ = factories.RoundFactory(
        questionnaire=world.questionnaire,
        name="Sweep released round",
        slug="sweep-released",
        opens_on=today - datetime.timedelta(days=90),
        closes_on=today - datetime.timedelta(days=10),
        status=Round.Status.CLOSED,
        provisional_sent_at=now,
        provisional_respond_by=today + datetime.timedelta(days=14),
    )
    for authority, lead_role in ((world.authority_a, LEAD_A), (world.authority_b, LEAD_B)):
        assessment = factories.AssessmentFactory(
            authority=authority,
            round=round_,
            status=Assessment.Status.APPROVED,
            submitted_at=now,
            submitted_by=world.users[lead_role],
            approved_at=now,
            approved_by=world.users[CDO],
        )
        for each in world.questionnaire.questions.all():
            _answered(assessment, each, world.users[lead_role], 3)
        result_snapshot_create(assessment=assessment)
    world.extra["released_round"] = round_
    return round_

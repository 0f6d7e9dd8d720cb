"""Demo data: accounts for every authority and plausible assessments in three rounds.

Deterministic (every random choice is seeded from stable codes) and idempotent
(running it twice changes nothing). Development and demonstration only: the
management command refuses to run when DEBUG is off.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from accounts.roles import GROUP_ADMINS, GROUP_CDO_OFFICE, GROUP_CONTRIBUTORS, GROUP_LEADS
from boroughs.models import Authority, Membership
from estate.demo import seed_registers
from surveys.answers.kinds import kind_of
from surveys.demo_plans import seed_plans, shares_evidence
from surveys.demo_release import seed_provisional_history
from surveys.models import (
    Answer,
    AnswerChange,
    Assessment,
    AssessmentEvent,
    Question,
    Questionnaire,
    ReviewQuery,
    Round,
)
from surveys.results.answer_scores import scale_sizes, score_of

QUESTIONNAIRE_CODE = "london-digital-maturity"
NEWEST_PUBLISHED = 1  # the index in demo_rounds of the round that had a provisional release
# The demo cdo and admin accounts have two-factor sign-in set up with this fixed,
# public key (base32, as an authenticator app takes it), so anyone running the demo can
# add it to an app, or get the current code with `manage.py demo_otp_code cdo`.
# Demonstration only: never use a known key for a real account.
DEMO_TOTP_SECRET = "LONDONDIGITALMATURITYDEMOTWOFACT"  # noqa: S105
DEMO_TOTP_DEVICE_NAME = "Demo authenticator app"
FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Hamza",
    "Isla",
    "Jon",
    "Kiran",
    "Leah",
    "Marcus",
    "Nadia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST_NAMES = [
    "Adeyemi",
    "Begum",
    "Clarke",
    "Dhillon",
    "Evans",
    "Fraser",
    "Ghosh",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kowalski",
    "Lewis",
    "Mensah",
    "Novak",
    "O'Brien",
    "Patel",
]
EVIDENCE = [
    "Described in our digital strategy, agreed by cabinet this year.",
    "See the technology roadmap and the application catalogue on the intranet.",
    "Reviewed by internal audit; actions tracked by the digital board.",
    "Pilot in adult social care; rolling out to housing next.",
    "Shared with our sub-regional partnership as an example of practice.",
    "",
    "",
]


# One authority whose answers in one area jump in the open round (about two levels above
# the year before), so the demo's submitted assessments show outlier flags of every kind
# (docs/moderation.md): moved answers, a moved area score, top levels without evidence.
JUMPS = {"E09000008": "security"}  # Croydon, which submits in the open round
JUMP_LEVELS = 2.0


@dataclass(frozen=True)
class DemoRound:
    slug: str
    name: str
    version: int
    opens: datetime.date
    closes: datetime.date
    status: str
    improvement: float  # added to every authority's maturity, so trends show progress
    share_named_results: bool = False


def demo_rounds(today: datetime.date) -> list[DemoRound]:
    """Two published past rounds (the older shares named results, the newer publishes
    aggregates only, so both kinds can be seen) and one open round closing in a few weeks."""
    year = today.year
    return [
        DemoRound(
            str(year - 2),
            f"{year - 2} assessment",
            1,
            datetime.date(year - 2, 9, 1),
            datetime.date(year - 2, 11, 30),
            Round.Status.PUBLISHED,
            0.0,
            share_named_results=True,
        ),
        DemoRound(
            str(year - 1),
            f"{year - 1} assessment",
            1,
            datetime.date(year - 1, 9, 1),
            datetime.date(year - 1, 11, 30),
            Round.Status.PUBLISHED,
            0.35,
        ),
        DemoRound(
            str(year),
            f"{year} assessment",
            2,
            today - datetime.timedelta(days=21),
            today + datetime.timedelta(days=24),
            Round.Status.OPEN,
            0.7,
        ),
    ]


def _rng(*parts) -> random.Random:
    # Seeded from stable codes, so the same authority gets the same story every time.
    return random.Random("|".join(str(p) for p in parts))  # noqa: S311 - not for security


def _person(user: User, slug: str, role: str, password: str) -> None:
    rng = _rng("person", slug, role)
    user.first_name = rng.choice(FIRST_NAMES)
    user.last_name = rng.choice(LAST_NAMES)
    user.set_password(password)
    user.save()


def ensure_accounts(password: str) -> dict[str, User]:
    """lead-<slug> and contributor-<slug> for every authority, plus cdo and admin."""
    groups = {g.name: g for g in Group.objects.all()}
    users: dict[str, User] = {}
    for authority in Authority.objects.all():
        for role, group_name in (("lead", GROUP_LEADS), ("contributor", GROUP_CONTRIBUTORS)):
            username = f"{role}-{authority.slug}"
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org"}
            )
            if created:
                _person(user, authority.slug, role, password)
                Membership.objects.create(user=user, authority=authority, role=role)
                user.groups.add(groups[group_name])
            users[username] = user
    for username, group_name, staff in (
        ("cdo", GROUP_CDO_OFFICE, False),
        ("admin", GROUP_ADMINS, True),
    ):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_staff": staff, "is_superuser": staff},
        )
        if created:
            _person(user, "london", username, password)
            user.groups.add(groups[group_name])
        _demo_totp_device(user)
        users[username] = user
    return users


def _demo_totp_device(user: User) -> None:
    """Give a demo account a confirmed authenticator app with DEMO_TOTP_SECRET, once."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return
    TOTPDevice.objects.create(
        user=user,
        name=DEMO_TOTP_DEVICE_NAME,
        key=b32decode(DEMO_TOTP_SECRET).hex(),
        confirmed=True,
    )


class _DemoSampler:
    """Plausible answers for an authority of the given maturity (about 1-5)."""

    def __init__(self, maturity: float, rng: random.Random):
        self.maturity, self.rng = maturity, rng

    def level(self, question) -> int | None:
        if self.rng.random() < 0.05:
            return None  # not applicable
        return max(1, min(5, round(self.maturity + self.rng.gauss(0, 0.6))))

    def yes_no(self, question) -> bool:
        return self.rng.random() < (self.maturity - 0.5) / 4.5

    def number(self, question) -> Decimal:
        code, rng = question.code, self.rng
        if "cycle" in code or "month" in code:
            value = max(1, round(14 - 2 * self.maturity + rng.gauss(0, 2)))
        elif "vulnerab" in code:
            value = max(0, round(30 - 6 * self.maturity + rng.gauss(0, 4)))
        else:
            value = rng.randint(60, 320)
        return Decimal(value)

    def text(self, question) -> str:
        if self.rng.random() < 0.5:
            return "Joining up case management across social care and housing."
        return ""


def _answer_values(question: Question, maturity: float, rng: random.Random) -> dict:
    """A plausible answer for one question, given the authority's maturity (about 1-5)."""
    return kind_of(question).sample(_DemoSampler(maturity, rng), question)


def _round_story(authority: Authority, demo_round: DemoRound, index: int) -> str:
    """Which state this authority's assessment is in for the round."""
    if demo_round.status != Round.Status.OPEN:
        return "approved"
    bucket = int(authority.gss_code[-2:]) % 11
    return {0: "none", 1: "none", 2: "empty", 3: "returned"}.get(
        bucket, "submitted" if bucket >= 8 else "in_progress"
    )


def _fill(assessment, questions, maturity_by_area, rng, *, fraction, actor, at) -> None:
    answers, changes = [], []
    sizes = scale_sizes({question.questionnaire_id for question in questions})
    for question in questions:
        if rng.random() > fraction:
            continue
        values = _answer_values(question, maturity_by_area[question.area.code], rng)
        # Evidence for the answers on the maturity scale only.
        evidence = rng.choice(EVIDENCE) if kind_of(question).has_levels else ""
        answers.append(
            Answer(
                assessment=assessment,
                question=question,
                changed_at=at,
                changed_by=actor,
                evidence=evidence,
                evidence_shared=shares_evidence(assessment, question, evidence, values),
                **values,
            )
        )
        size = sizes[question.questionnaire_id]
        answers[-1].score = score_of(answers[-1], question=question, scale_size=size)
    Answer.objects.bulk_create(answers)
    for answer in Answer.objects.filter(assessment=assessment).select_related("question"):
        # The shape and number format of a save in the journey ("12", not "12.00").
        new_value = kind_of(answer.question).value_of(answer)
        changes.append(
            AnswerChange(
                answer=answer,
                changed_at=at,
                changed_by=actor,
                version=1,
                old_value=None,
                new_value=new_value,
                new_evidence=answer.evidence,
            )
        )
    AnswerChange.objects.bulk_create(changes)


SIGN_OFF_ROLES = [
    "Chief Information Officer",
    "Director of Digital and Customer Services",
    "Chief Digital Officer",
    "Director of Resources",
]


def _sign_off(authority: Authority) -> tuple[str, str]:
    """A senior officer's name and role for the authority's submissions (a recorded
    statement, not an account)."""
    rng = _rng("sign-off", authority.gss_code)
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(SIGN_OFF_ROLES)


def _demo_query(assessment, questions, cdo, at) -> None:
    """The CDO office's query on a returned assessment's first security answer, sent with
    the return, so the authority's pages show one."""
    question = next((q for q in questions if q.area.code == "security"), questions[0])
    ReviewQuery.objects.create(
        assessment=assessment,
        question=question,
        text="Which policy or audit shows this level? Please add it as evidence.",
        created_at=at,
        created_by=cdo,
        sent_at=at,
    )


@transaction.atomic
def seed_demo(*, password: str, today: datetime.date | None = None) -> dict[str, int]:
    """Create the demo accounts, rounds and assessments that are missing; returns counts."""
    from surveys.results.snapshots import result_snapshot_create
    from surveys.review.services.flags import assessment_flags_refresh

    today = today or timezone.localdate()
    users = ensure_accounts(password)
    cdo = users["cdo"]
    created = {"rounds": 0, "assessments": 0}
    authorities = list(Authority.objects.order_by("gss_code"))
    last_round = None  # the newest published round, where last year's plans were made
    for index, demo_round in enumerate(demo_rounds(today)):
        questionnaire = Questionnaire.objects.get(
            code=QUESTIONNAIRE_CODE, version=demo_round.version
        )
        round_, round_created = Round.objects.get_or_create(
            slug=demo_round.slug,
            defaults={
                "name": demo_round.name,
                "questionnaire": questionnaire,
                "opens_on": demo_round.opens,
                "closes_on": demo_round.closes,
                "status": demo_round.status,
                "share_named_results": demo_round.share_named_results,
                "published_at": timezone.now()
                if demo_round.status == Round.Status.PUBLISHED
                else None,
            },
        )
        created["rounds"] += int(round_created)
        questions = list(
            questionnaire.questions.select_related("area").order_by("area__order", "order")
        )
        submitted_now = []  # flagged after the loop, once every peer's assessment exists
        for authority in authorities:
            story = _round_story(authority, demo_round, index)
            if (
                story == "none"
                or Assessment.objects.filter(authority=authority, round=round_).exists()
            ):
                continue
            lead = users[f"lead-{authority.slug}"]
            contributor = users[f"contributor-{authority.slug}"]
            rng = _rng("answers", authority.gss_code, demo_round.slug)
            base = 1.6 + 2.4 * _rng("base", authority.gss_code).random()
            area_offset = {
                q.area.code: _rng("area", authority.gss_code, q.area.code).uniform(-0.7, 0.7)
                for q in questions
            }
            started = timezone.make_aware(
                datetime.datetime.combine(demo_round.opens, datetime.time(10))
            ) + datetime.timedelta(days=rng.randint(0, 10), minutes=rng.randint(0, 600))
            assessment = Assessment.objects.create(
                authority=authority,
                round=round_,
                reference=f"LDM-{round_.slug}-{authority.gss_code}",
                last_activity_at=started,
                last_activity_by=contributor,
            )
            created["assessments"] += 1
            AssessmentEvent.objects.create(
                assessment=assessment, kind="started", at=started, actor=contributor
            )
            if story == "empty":
                continue
            fraction = rng.uniform(0.3, 0.8) if story == "in_progress" else 1.0
            jump = JUMPS.get(authority.gss_code) if demo_round.status == Round.Status.OPEN else None
            _fill(
                assessment,
                questions,
                {
                    code: base + offset + demo_round.improvement + (JUMP_LEVELS * (code == jump))
                    for code, offset in area_offset.items()
                },
                rng,
                fraction=fraction,
                actor=contributor,
                at=started,
            )
            if story == "in_progress":
                continue
            submitted = started + datetime.timedelta(days=rng.randint(3, 12))
            assessment.status = Assessment.Status.SUBMITTED
            assessment.submitted_at, assessment.submitted_by = submitted, lead
            assessment.sign_off_name, assessment.sign_off_role = _sign_off(authority)
            assessment.last_activity_at, assessment.last_activity_by = submitted, lead
            AssessmentEvent.objects.create(
                assessment=assessment, kind="submitted", at=submitted, actor=lead
            )
            if story == "returned":
                comment = "Please add evidence for the security questions before we approve."
                assessment.status = Assessment.Status.RETURNED
                assessment.return_comment = comment
                returned_at = submitted + datetime.timedelta(days=2)
                AssessmentEvent.objects.create(
                    assessment=assessment,
                    kind="returned",
                    at=returned_at,
                    actor=cdo,
                    comment=comment,
                )
                _demo_query(assessment, questions, cdo, returned_at)
            elif story == "approved":
                approved = submitted + datetime.timedelta(days=rng.randint(2, 9))
                assessment.status = Assessment.Status.APPROVED
                assessment.approved_at, assessment.approved_by = approved, cdo
                AssessmentEvent.objects.create(
                    assessment=assessment, kind="approved", at=approved, actor=cdo
                )
            assessment.save()
            if assessment.status == Assessment.Status.APPROVED:
                result_snapshot_create(assessment=assessment)
            else:
                submitted_now.append(assessment)
        for assessment in submitted_now:
            assessment_flags_refresh(assessment=assessment)
        if index == NEWEST_PUBLISHED:
            seed_provisional_history(round_=round_, users=users, cdo=cdo)
            last_round = round_
        elif demo_round.status == Round.Status.OPEN:
            seed_plans(open_round=round_, last_round=last_round, users=users)
            seed_registers(rounds=[last_round, round_], users=users, today=today)
    return created

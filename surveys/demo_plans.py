"""Demo data: improvement plans. A dozen authorities have one, some shared with London:
targets on their weakest questions of the open round, actions planned last round (some
done, so the question pages show them) and this round. Deterministic and idempotent."""

import datetime
import random

from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Plan, PlanAction, Round, Target

PLANNING = 12  # how many authorities have a plan
ACTIONS = [
    ("Publish a data strategy signed off by the leadership team", "Head of Data"),
    ("Map every line of business to the systems that support it", "Enterprise architect"),
    ("Turn on multi-factor authentication for every internet-facing account", "IT security"),
    ("Join the London information sharing framework", "Information governance"),
    ("Add social value and exit clauses to the technology contract template", "Procurement"),
    ("Run a tabletop cyber incident exercise with the emergency planning team", "CISO"),
]
STATUSES = ["planned", "in_progress", "done", "dropped"]


def _rng(*parts) -> random.Random:
    return random.Random("/".join(("plans", *parts)))  # noqa: S311 - not for security


def seed_plans(*, open_round: Round, last_round: Round | None, users: dict) -> int:
    """Plans for the first ``PLANNING`` authorities (by GSS code) with answers in
    ``open_round``; the number of plans created."""
    created = 0
    now = timezone.now()
    authorities = (
        Authority.objects.filter(
            assessments__round=open_round, assessments__answers__level__isnull=False
        )
        .distinct()
        .order_by("gss_code")[:PLANNING]
    )
    for index, authority in enumerate(authorities):
        lead = users[f"lead-{authority.slug}"]
        plan, made = Plan.objects.get_or_create(
            authority=authority,
            defaults={"shared": index % 3 != 2, "changed_at": now, "changed_by": lead},
        )
        if not made:
            continue
        created += 1
        rng = _rng(authority.gss_code)
        weakest = list(
            Answer.objects.filter(
                assessment__round=open_round,
                assessment__authority=authority,
                level__isnull=False,
            )
            .select_related("question__area")
            .order_by("level", "question__area__order", "question__order")[:3]
        )
        for answer in weakest:
            question = answer.question
            Target.objects.create(
                plan=plan,
                area_code=question.area.code,
                question_code=question.code,
                level=min(answer.level + rng.choice((1, 2)), 5),
                by_year=open_round.opens_on.year + 1,
                set_in=open_round,
                changed_at=now,
                changed_by=lead,
            )
            title, owner = rng.choice(ACTIONS)
            for round_, status in ((last_round, "done"), (open_round, rng.choice(STATUSES[:2]))):
                if round_ is None:
                    continue
                PlanAction.objects.create(
                    plan=plan,
                    area_code=question.area.code,
                    question_code=question.code,
                    title=title if round_ == open_round else f"Review: {title.lower()}",
                    owner=owner,
                    due_on=round_.closes_on + datetime.timedelta(days=rng.randint(60, 300)),
                    status=status,
                    planned_in=round_,
                    created_at=now,
                    changed_at=now,
                    changed_by=lead,
                )
    return created

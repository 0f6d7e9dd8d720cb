"""Demo data: improvement plans. A dozen authorities have one, some shared with London:
targets on their weakest questions of the open round, actions planned last round (some
done, so the question pages show them) and this round. Deterministic and idempotent."""

import datetime
import random

from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Plan, PlanAction, Round, Target

PLANNING = 12  # how many authorities have a plan
# Per area: what was done last round, what is planned this round, and who owns it.
ACTIONS = {
    "technology": [
        (
            "Map every line of business to the systems that support it",
            "Agree a replacement plan for the five riskiest legacy systems",
            "Enterprise architect",
        ),
        (
            "Review the hosting of every line-of-business system",
            "Move the next three systems to software as a service",
            "Head of IT",
        ),
    ],
    "data": [
        (
            "Appoint data owners for each line of business",
            "Publish a data strategy signed off by the leadership team",
            "Head of Data",
        ),
        (
            "Profile the quality of the social care and housing data",
            "Fix the ten most common address-matching errors at source",
            "Data quality lead",
        ),
    ],
    "security": [
        (
            "Turn on multi-factor authentication for staff email",
            "Turn on multi-factor authentication for every internet-facing account",
            "IT security",
        ),
        (
            "Write the cyber incident response plan",
            "Run a tabletop cyber incident exercise with the emergency planning team",
            "CISO",
        ),
    ],
    "procurement": [
        (
            "List the technology contracts ending in the next two years",
            "Add social value and exit clauses to the technology contract template",
            "Procurement",
        ),
        (
            "Meet three small suppliers through the London market day",
            "Open the next two technology tenders to small firms through lots",
            "Commercial lead",
        ),
    ],
}
ANY_AREA = [step for steps in ACTIONS.values() for step in steps]
STATUSES = ["planned", "in_progress", "done", "dropped"]


def _rng(*parts) -> random.Random:
    return random.Random("/".join(("plans", *parts)))  # noqa: S311 - not for security


def shares_evidence(assessment, question, evidence: str, values: dict) -> bool:
    """Half the evidence at level 3 or above is shared (the plan's "who to learn from"),
    by the ids, not the random stream, so the rest of the demo stays as it was."""
    return (
        bool(evidence)
        and (values.get("level") or 0) >= 3
        and (assessment.pk + question.pk) % 2 == 0
    )


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
            earlier, title, owner = rng.choice(ACTIONS.get(question.area.code, ANY_AREA))
            steps = ((last_round, earlier, "done"), (open_round, title, rng.choice(STATUSES[:2])))
            for round_, step, status in steps:
                if round_ is None:
                    continue
                PlanAction.objects.create(
                    plan=plan,
                    area_code=question.area.code,
                    question_code=question.code,
                    title=step,
                    owner=owner,
                    due_on=round_.closes_on + datetime.timedelta(days=rng.randint(60, 300)),
                    status=status,
                    planned_in=round_,
                    created_at=now,
                    changed_at=now,
                    changed_by=lead,
                )
    return created

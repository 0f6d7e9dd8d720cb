"""Access table for the assessment journey (namespace ``surveys``, mounted at /assessments/).

Pages of one assessment use Camden's draft in the open round (``world.assessment_a``):
its members may answer, Hackney's lead gets 404, the CDO office reads without editing
(403 on any change). Only the lead submits. The confirmation page uses Hackney's
submitted assessment, so it is Camden's people who get 404 there.
"""

from django.urls import reverse

from tests.access.base import Redirect, entry, expect, signed_in_only


def _ref(world) -> dict:
    return {"reference": world.assessment_a.reference}


def _question(world) -> dict:
    return {**_ref(world), "code": world.question.code}


def _area(world) -> dict:
    return {**_ref(world), "area_code": world.question.area.code}


def _next_question_url(world) -> str:
    following = world.question.area.questions.filter(order__gt=world.question.order)
    return reverse(
        "surveys:question",
        kwargs={**_ref(world), "code": following.order_by("order").first().code},
    )


def _answer(world) -> dict:
    return {"version": world.answer_a.version, "level": "4", "evidence": "Our roadmap, 2025"}


# Reading one of Camden's assessment pages: Camden and the CDO office, not Hackney.
READ_A = signed_in_only(200, lead_b=404)

ACCESS = {
    # Each person's start page: borough people see their own authority's task list, the
    # CDO office a page pointing them to the review.
    "surveys:start": entry(signed_in_only(200), post=signed_in_only(405)),
    # Starting an authority's assessment in an open round (never done by a GET): each
    # borough person starts their own authority's (Hackney's lead, Hackney's), which
    # is idempotent, then sees the round's task list (the start page's #round-<slug>;
    # only the path is compared); the CDO office may not.
    "surveys:round-start": entry(
        signed_in_only(405),
        args=lambda world: {"round_slug": world.round.slug},
        post=signed_in_only(403, BOROUGH=Redirect("surveys:start")),
    ),
    # Copying last round's answers: Camden's draft already has one, so nothing is copied.
    "surveys:prefill": entry(
        signed_in_only(405),
        args=_ref,
        post=signed_in_only(403, BOROUGH_A=Redirect("surveys:start"), lead_b=404),
    ),
    "surveys:question": entry(
        READ_A,
        args=_question,
        post=signed_in_only(403, BOROUGH_A=Redirect(_next_question_url), lead_b=404),
        data=_answer,
    ),
    "surveys:history": entry(READ_A, args=_question, post=signed_in_only(405)),
    "surveys:check-area": entry(READ_A, args=_area, post=signed_in_only(405)),
    "surveys:check": entry(READ_A, args=_ref, post=signed_in_only(405)),
    # Only Camden's lead may submit; the declaration is missing, so the POST shows errors.
    "surveys:submit": entry(
        signed_in_only(403, lead_a=200, lead_b=404),
        args=_ref,
        post=signed_in_only(403, lead_a=400, lead_b=404),
    ),
    "surveys:submitted": entry(
        expect(anonymous=Redirect("login"), BOROUGH_A=404, lead_b=200, CDO_OFFICE=200),
        args=lambda world: {"reference": world.assessment_b.reference},
    ),
}

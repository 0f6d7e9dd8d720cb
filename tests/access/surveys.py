"""Access table for the assessment journey (namespace ``surveys``, mounted at /assessments/).

Pages of one assessment use Camden's draft in the open round (``world.assessment_a``):
its members may answer, Hackney's lead gets 404, the CDO office reads without editing
(403 on any change). Only the lead submits. The confirmation page uses Hackney's
submitted assessment, so it is Camden's people who get 404 there.
"""

from django.urls import reverse
from django.utils import timezone

from surveys.models import ReviewQuery
from tests.access.base import Redirect, entry, expect, signed_in_only
from tests.access.world import released_round
from tests.surveys.plans.support import add_action, make_plan


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


def _sent_query(world) -> dict:
    # A query the CDO office sent about Camden's answer (as if its assessment had been
    # returned: it can still be changed, so its people may reply).
    query = ReviewQuery.objects.create(
        assessment=world.assessment_a,
        question=world.question,
        text="Is there a policy?",
        created_at=timezone.now(),
        created_by=world.users["cdo"],
        sent_at=timezone.now(),
    )
    return {**_ref(world), "query_id": query.pk}


def _question_url(world) -> str:
    return reverse("surveys:question", kwargs=_question(world))


def _released(world) -> dict:
    return {"round_slug": released_round(world).slug}


def _released_url(world) -> str:
    return reverse("surveys:provisional", kwargs=_released(world))


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
    # Replying to a query: Camden's people while they can change the assessment; the CDO
    # office may not (403), Hackney's lead never sees Camden's (404).
    "surveys:query-reply": entry(
        signed_in_only(403, BOROUGH_A=200, lead_b=404),
        args=_sent_query,
        post=signed_in_only(403, BOROUGH_A=Redirect(_question_url), lead_b=404),
        data=lambda world: {"comment": "The policy was approved in March."},
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
    # A provisional release: each borough person sees their own authority's results (the
    # URL names only the round); leads respond (back to the page), contributors may not
    # (403), nor the CDO office, which has the release page instead.
    "surveys:provisional": entry(
        signed_in_only(403, BOROUGH=200),
        args=_released,
        post=signed_in_only(403, lead_a=Redirect(_released_url), lead_b=Redirect(_released_url)),
        data=lambda world: {"kind": "confirmed"},
    ),
}


# --- The lead's improvement plan (/assessments/plan/, issue 15) ---------------------------
# Each borough person's own authority's plan: no URL names an authority, so Hackney's lead
# reaches Hackney's plan (its assessment is in the same open round) and gets 404 only for
# an action of Camden's. The CDO office reads plans in the reports: 403 here.

NEXT_YEAR = timezone.localdate().year + 1


def _plan_question(world) -> dict:
    # Not the world's question, which other plans in the world may target already: a
    # target form read at version 0 must find no target on it.
    other = world.questionnaire.questions.exclude(pk=world.question.pk)
    return {"code": other.filter(area=world.question.area).order_by("order").first().code}


def _plan_area(world) -> dict:
    return {"code": world.question.area.code}


def _plan_question_url(world) -> str:
    return reverse("surveys:plan-question", kwargs=_plan_question(world))


def _action_question_url(world) -> str:
    return reverse("surveys:plan-question", kwargs={"code": world.question.code})


def _plan_area_url(world) -> str:
    return reverse("surveys:plan-area", kwargs=_plan_area(world))


def _target(world) -> dict:
    return {"level": "4", "by_year": str(NEXT_YEAR), "version": "0"}


def _new_action(world) -> dict:
    return {"title": "Write a data strategy", "status": "planned"}


def _camden_action(world) -> dict:
    if "camden_action" not in world.extra:
        plan = make_plan(world.authority_a)
        world.extra["camden_action"] = add_action(
            plan, world.question.area.code, world.question.code, planned_in=world.round
        )
    return {"action_id": world.extra["camden_action"].pk}


PLAN_PAGE = signed_in_only(403, BOROUGH=200)
PLAN_POST_ONLY = signed_in_only(403, BOROUGH=405)

ACCESS |= {
    "surveys:plan": entry(PLAN_PAGE, post=PLAN_POST_ONLY),
    "surveys:plan-share": entry(
        PLAN_POST_ONLY,
        post=signed_in_only(403, BOROUGH=Redirect("surveys:plan")),
        data=lambda world: {"shared": "on"},
    ),
    "surveys:plan-question": entry(
        PLAN_PAGE,
        args=_plan_question,
        post=signed_in_only(403, BOROUGH=Redirect(_plan_question_url)),
        data=_target,
    ),
    "surveys:plan-question-action": entry(
        PLAN_POST_ONLY,
        args=_plan_question,
        post=signed_in_only(403, BOROUGH=Redirect(_plan_question_url)),
        data=_new_action,
    ),
    "surveys:plan-area": entry(
        PLAN_PAGE,
        args=_plan_area,
        post=signed_in_only(403, BOROUGH=Redirect(_plan_area_url)),
        data=_target,
    ),
    "surveys:plan-area-action": entry(
        PLAN_POST_ONLY,
        args=_plan_area,
        post=signed_in_only(403, BOROUGH=Redirect(_plan_area_url)),
        data=_new_action,
    ),
    # Camden's action: Camden's people change it (back to its question), Hackney's lead
    # gets 404.
    "surveys:plan-action": entry(
        signed_in_only(403, BOROUGH_A=200, lead_b=404),
        args=_camden_action,
        post=signed_in_only(403, BOROUGH_A=Redirect(_action_question_url), lead_b=404),
        data=lambda world: {"title": "Done now", "status": "done", "version": "1"},
    ),
}

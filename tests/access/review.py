"""Access table for the CDO office's review (namespace ``review``, mounted at /review/).

Every review URL: anonymous visitors sign in; borough people get 403 whether or not the
object exists; the CDO office and admins may read and act; only admins reopen.
Returning and approving use Hackney's submitted assessment; reopening Camden's approved one.
"""

from django.urls import reverse
from django.utils import timezone

from surveys.models import AssessmentFlag, ReviewQuery
from tests.access.base import Redirect, entry, signed_in_only

REVIEWERS_ONLY = signed_in_only(403, CDO_OFFICE=200)


def _submitted(world) -> dict:
    return {"reference": world.assessment_b.reference}


def _back_to_open_round(world) -> str:
    return reverse("review:round", kwargs={"slug": world.round.slug})


def _back_to_published_round(world) -> str:
    return reverse("review:round", kwargs={"slug": world.published_round.slug})


def _comment(world) -> dict:
    return {"comment": "Please add evidence for the data questions."}


def _back_to_submitted(world) -> str:
    return reverse("review:assessment", kwargs=_submitted(world))


def _flag(world) -> dict:
    flag = AssessmentFlag.objects.create(
        assessment=world.assessment_b,
        key=f"no_evidence:{world.question.code}",
        rule=AssessmentFlag.Rule.NO_EVIDENCE,
        question=world.question,
        area_code=world.question.area.code,
        reason="The top level with no evidence.",
        raised_at=timezone.now(),
    )
    return {**_submitted(world), "flag_id": flag.pk}


def _query(world) -> dict:
    query = ReviewQuery.objects.create(
        assessment=world.assessment_b,
        question=world.question,
        text="Is there a policy?",
        created_at=timezone.now(),
        created_by=world.users["cdo"],
    )
    return {**_submitted(world), "query_id": query.pk}


# Moderating Hackney's submitted assessment: the CDO office and admins act and come back
# to the assessment; borough people get 403.
MODERATE = signed_in_only(403, CDO_OFFICE=Redirect(_back_to_submitted))

ACCESS = {
    "review:rounds": entry(REVIEWERS_ONLY, post=signed_in_only(403, CDO_OFFICE=405)),
    "review:round": entry(
        REVIEWERS_ONLY,
        args=lambda world: {"slug": world.round.slug},
        post=signed_in_only(403, CDO_OFFICE=405),
    ),
    "review:assessment": entry(
        REVIEWERS_ONLY, args=_submitted, post=signed_in_only(403, CDO_OFFICE=405)
    ),
    "review:return": entry(
        REVIEWERS_ONLY,
        args=_submitted,
        post=signed_in_only(403, CDO_OFFICE=Redirect(_back_to_open_round)),
        data=_comment,
    ),
    # GET: the confirmation page (approving freezes the scores); POST approves.
    "review:approve": entry(
        REVIEWERS_ONLY,
        args=_submitted,
        post=signed_in_only(403, CDO_OFFICE=Redirect(_back_to_open_round)),
    ),
    "review:flags-check": entry(
        signed_in_only(403, CDO_OFFICE=405), args=_submitted, post=MODERATE
    ),
    "review:flag-accept": entry(signed_in_only(403, CDO_OFFICE=405), args=_flag, post=MODERATE),
    "review:flag-query": entry(REVIEWERS_ONLY, args=_flag, post=MODERATE, data=_comment),
    "review:query": entry(
        REVIEWERS_ONLY,
        args=lambda world: {**_submitted(world), "code": world.question.code},
        post=MODERATE,
        data=_comment,
    ),
    "review:query-resolve": entry(signed_in_only(403, CDO_OFFICE=405), args=_query, post=MODERATE),
    "review:reopen": entry(
        signed_in_only(403, admin=200),
        args=lambda world: {"reference": world.approved_a.reference},
        post=signed_in_only(403, admin=Redirect(_back_to_published_round)),
        data=_comment,
    ),
}

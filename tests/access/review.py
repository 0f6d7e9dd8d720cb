"""Access table for the CDO office's review (namespace ``review``, mounted at /review/).

Every review URL: anonymous visitors sign in; borough people get 403 whether or not the
object exists; the CDO office and admins may read and act; only admins reopen.
Returning and approving use Hackney's submitted assessment; reopening Camden's approved one.
"""

from django.urls import reverse
from django.utils import timezone

from surveys.models import AssessmentFlag, ProvisionalResponse, ReviewQuery
from tests.access.base import Redirect, entry, signed_in_only
from tests.access.world import released_round

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


def _released(world) -> dict:
    return {"slug": released_round(world).slug}


def _back_to_release(world) -> str:
    return reverse("review:release", kwargs=_released(world))


def _respond_by(world) -> dict:
    day = timezone.localdate() + timezone.timedelta(days=20)
    return {"respond_by_0": day.day, "respond_by_1": day.month, "respond_by_2": day.year}


def _correction(world) -> dict:
    round_ = released_round(world)
    response = ProvisionalResponse.objects.create(
        round=round_,
        authority=world.authority_b,
        kind=ProvisionalResponse.Kind.CORRECTION,
        text="Our data score is wrong.",
        responded_at=timezone.now(),
        responded_by=world.users["lead_b"],
    )
    return {"slug": round_.slug, "response_id": response.pk}


def _resolution(world) -> dict:
    return {"resolution": "Reopened the assessment; approved again."}


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
    # The provisional release of a closed round (sent already: sending again changes the
    # date); publishing from it is the admins' (no correction open: no reason needed).
    "review:release": entry(
        REVIEWERS_ONLY,
        args=_released,
        post=signed_in_only(403, CDO_OFFICE=Redirect(_back_to_release)),
        data=_respond_by,
    ),
    "review:release-publish": entry(
        signed_in_only(403, CDO_OFFICE=405),
        args=_released,
        post=signed_in_only(
            403, admin=Redirect(lambda world: reverse("review:round", kwargs=_released(world)))
        ),
    ),
    "review:release-resolve": entry(
        REVIEWERS_ONLY,
        args=_correction,
        post=signed_in_only(403, CDO_OFFICE=Redirect(_back_to_release)),
        data=_resolution,
    ),
    "review:reopen": entry(
        signed_in_only(403, admin=200),
        args=lambda world: {"reference": world.approved_a.reference},
        post=signed_in_only(403, admin=Redirect(_back_to_published_round)),
        data=_comment,
    ),
}

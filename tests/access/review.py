"""Access table for the CDO office's review (namespace ``review``, mounted at /review/).

Every review URL: anonymous visitors sign in; borough people get 403 whether or not the
object exists; the CDO office and admins may read and act; only admins reopen.
Returning and approving use Hackney's submitted assessment; reopening Camden's approved one.
"""

from django.urls import reverse

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
    "review:reopen": entry(
        signed_in_only(403, admin=200),
        args=lambda world: {"reference": world.approved_a.reference},
        post=signed_in_only(403, admin=Redirect(_back_to_published_round)),
        data=_comment,
    ),
}

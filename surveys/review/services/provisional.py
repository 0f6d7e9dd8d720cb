"""The provisional release of a closed round: the CDO office sends it, each authority's
lead confirms its results or raises a correction, the CDO office resolves corrections;
publishing is refused while one is open (``rounds.round_publish``, unless overridden).

Each write locks the row whose state it checks (the round, or the response), checks what
it finds after locking, writes and records one audit event, in one transaction: a refusal
(``ProvisionalRefused``, ``ValidationError`` or ``PermissionDenied``) changes nothing.
Emails go only once the transaction commits (``surveys.review.notifications``).
The rules are in ``docs/moderation.md`` ("Provisional release").
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.dateformat import format as date_format

from accounts import access
from audit.services import audit_record
from boroughs.models import Authority
from surveys.models import Assessment, ProvisionalResponse, Round
from surveys.review import notifications
from surveys.review.services.text import required_text

# The latest respond-by date, counted from today.
RESPOND_DAYS_MAX = 60


class ProvisionalRefused(Exception):
    """The round or response is not in a state that allows this. Shown to people."""


def check_respond_by(respond_by: datetime.date, *, today: datetime.date) -> None:
    """Raise ``ValidationError`` unless ``respond_by`` is today or up to
    ``RESPOND_DAYS_MAX`` days later (a pure rule)."""
    if respond_by < today:
        raise ValidationError("The respond-by date must be today or in the future", code="past")
    if respond_by > today + datetime.timedelta(days=RESPOND_DAYS_MAX):
        raise ValidationError(
            f"The respond-by date must be within {RESPOND_DAYS_MAX} days of today", code="far"
        )


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _approved(round_: Round):
    return Assessment.objects.filter(round=round_, status=Assessment.Status.APPROVED)


def check_can_send(round_: Round) -> None:
    """Raise ``ProvisionalRefused`` unless ``round_`` (as stored) may be released: closed,
    no submitted assessment waiting for review."""
    if round_.status != Round.Status.CLOSED:
        why = {
            Round.Status.OPEN: "it is still open: close it first, so no result can change",
            Round.Status.UPCOMING: "it has not opened yet",
            Round.Status.PUBLISHED: "it is already published",
        }[Round.Status(round_.status)]
        raise ProvisionalRefused(f"You cannot send a provisional release of {round_.name}: {why}.")
    waiting = round_.assessments.filter(status=Assessment.Status.SUBMITTED).count()
    if waiting:
        raise ProvisionalRefused(
            f"You cannot send a provisional release of {round_.name} because {waiting} "
            f"submitted assessment{pluralize(waiting, ' is,s are')} still waiting for review. "
            "Approve or return them first."
        )


@transaction.atomic
def round_provisional_send(
    *, round: Round, respond_by: datetime.date, actor, request=None
) -> Round:
    """Send (or send again, with a new date) the provisional release of a closed round.

    Guarantees: the CDO office and admins only (``PermissionDenied``); ``ValidationError``
    for a respond-by date in the past or over ``RESPOND_DAYS_MAX`` days ahead;
    ``ProvisionalRefused`` unless the round is closed, has no submission waiting for
    review and has an approved assessment. Sets ``provisional_respond_by`` (and
    ``provisional_sent_at`` the first time); emails the leads of every authority with an
    approved assessment (after commit); one ``round.provisional_release`` audit event.
    Responses already given stay.
    """
    if not access.may_release_provisionally(actor):
        raise PermissionDenied("Only the CDO office can send a provisional release.")
    check_respond_by(respond_by, today=timezone.localdate())
    locked = _lock(round)
    check_can_send(locked)
    authorities = list(
        Authority.objects.filter(
            assessments__round=locked, assessments__status=Assessment.Status.APPROVED
        )
        .order_by("name")
        .values_list("pk", "name", "slug")
    )
    if not authorities:
        raise ProvisionalRefused(
            f"You cannot send a provisional release of {locked.name}: no assessment in it "
            "is approved yet."
        )
    previous = locked.provisional_respond_by
    resent = locked.provisional_sent_at is not None
    if not resent:
        locked.provisional_sent_at = timezone.now()
    locked.provisional_respond_by = respond_by
    locked.save(update_fields=["provisional_sent_at", "provisional_respond_by"])
    audit_record(
        action="round.provisional_release",
        actor=actor,
        target=locked.slug,
        request=request,
        detail={
            "round_id": locked.pk,
            "respond_by": respond_by.isoformat(),
            "previous_respond_by": previous.isoformat() if previous else None,
            "sent_again": resent,
            "authorities": len(authorities),
        },
    )
    for pk, name, _slug in authorities:
        notifications.notify_provisional_release(round=locked, authority_id=pk, authority_name=name)
    for field in ("provisional_sent_at", "provisional_respond_by"):
        setattr(round, field, getattr(locked, field))
    return locked


def check_can_respond(round_: Round, authority: Authority, *, today: datetime.date) -> None:
    """Raise ``ProvisionalRefused`` unless ``authority`` may respond to ``round_``'s
    provisional release today: sent, not published, not past its date, and the authority
    has an approved assessment in it."""
    if round_.provisional_sent_at is None or round_.provisional_respond_by is None:
        raise ProvisionalRefused(f"{round_.name} has no provisional release to respond to.")
    if round_.status == Round.Status.PUBLISHED:
        raise ProvisionalRefused(
            f"{round_.name} is published: its results can no longer be confirmed or corrected "
            "here. Contact the London CDO office."
        )
    if today > round_.provisional_respond_by:
        raise ProvisionalRefused(
            f"The date to respond to {round_.name}'s provisional release has passed "
            f"({date_format(round_.provisional_respond_by, 'j F Y')}). Contact the London CDO "
            "office."
        )
    if not _approved(round_).filter(authority=authority).exists():
        raise ProvisionalRefused(f"{authority.name} has no approved results in {round_.name}.")


@transaction.atomic
def provisional_respond(
    *, round: Round, authority: Authority, kind: str, text: str, actor, request=None
) -> ProvisionalResponse:
    """Confirm an authority's provisional results in ``round``, or raise a correction.

    Guarantees: the authority's leads only (``PermissionDenied``); ``ValidationError`` for
    an unknown kind, or a correction without text or over ``TEXT_MAX`` characters;
    ``ProvisionalRefused`` unless ``check_can_respond``. A later response replaces the
    earlier one (the same row, its resolution cleared; the audit log keeps both). One
    ``provisional.confirm`` or ``provisional.correction`` audit event; a correction emails
    the CDO office (after commit). A confirmation keeps no text.
    """
    if not access.may_respond_provisionally(actor, authority.pk):
        raise PermissionDenied("Only the authority's digital leads can respond.")
    if kind not in ProvisionalResponse.Kind.values:
        raise ValidationError("Choose whether you confirm your results", code="invalid_choice")
    is_correction = kind == ProvisionalResponse.Kind.CORRECTION
    text = required_text(text, "Enter what needs correcting") if is_correction else ""
    locked = _lock(round)
    check_can_respond(locked, authority, today=timezone.localdate())
    response = (
        ProvisionalResponse.objects.select_for_update()
        .filter(round=locked, authority=authority)
        .first()
    )
    replaced = response.kind if response is not None else None
    if response is None:
        response = ProvisionalResponse(round=locked, authority=authority)
    response.kind, response.text = kind, text
    response.responded_at, response.responded_by = timezone.now(), actor
    response.resolved_at, response.resolved_by, response.resolution = None, None, ""
    response.save()
    audit_record(
        action="provisional.confirm" if kind == "confirmed" else "provisional.correction",
        actor=actor,
        target=locked.slug,
        request=request,
        detail={
            "round_id": locked.pk,
            "authority": authority.slug,
            "response_id": response.pk,
            "replaced": replaced,
            **({"text": text} if is_correction else {}),
        },
    )
    if is_correction:
        notifications.notify_provisional_correction(response)
    return response


@transaction.atomic
def provisional_correction_resolve(
    *, response: ProvisionalResponse, resolution: str, actor, request=None
) -> ProvisionalResponse:
    """Resolve an open correction with a note of what was done (e.g. the assessment was
    reopened) or why nothing changes.

    Guarantees: the CDO office and admins only (``PermissionDenied``); ``ValidationError``
    for a blank or over-long note; ``ProvisionalRefused`` unless the response (as stored,
    after locking) is an open correction. One ``provisional.resolve`` audit event.
    """
    if not access.may_release_provisionally(actor):
        raise PermissionDenied("Only the CDO office can resolve corrections.")
    resolution = required_text(resolution, "Enter what you did about the correction")
    locked = (
        ProvisionalResponse.objects.select_for_update(of=("self",))
        .select_related("round", "authority")
        .get(pk=response.pk)
    )
    if not locked.is_open_correction:
        raise ProvisionalRefused(
            f"{locked.authority.name}'s response is not an open correction: it was "
            "resolved already, or replaced by a confirmation."
        )
    locked.resolved_at, locked.resolved_by, locked.resolution = timezone.now(), actor, resolution
    locked.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    audit_record(
        action="provisional.resolve",
        actor=actor,
        target=locked.round.slug,
        request=request,
        detail={
            "round_id": locked.round_id,
            "authority": locked.authority.slug,
            "response_id": locked.pk,
            "resolution": resolution,
        },
    )
    for field in ("resolved_at", "resolved_by", "resolution"):
        setattr(response, field, getattr(locked, field))
    return locked

"""Opening, closing and publishing rounds (admins only), each recorded in the audit log.

The life of a round: upcoming → open → closed → published. A closed round can be
opened again (to extend it); a published round is final, because its results are
public. Each service locks the round row, checks the status it finds *after*
locking, changes it and records one audit event, all in one transaction: an
invalid transition raises ``InvalidRoundTransition`` and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from boroughs.roles import Role
from boroughs.selectors import role_of
from surveys.models import Assessment, Questionnaire, Round
from surveys.services.audit import audit_record


class InvalidRoundTransition(Exception):
    """The round's status does not allow this action. The message is shown to people."""


# The statuses each action starts from.
ALLOWED_FROM = {
    "open": (Round.Status.UPCOMING, Round.Status.CLOSED),
    "close": (Round.Status.OPEN,),
    "publish": (Round.Status.CLOSED,),
}
RESULT = {
    "open": Round.Status.OPEN,
    "close": Round.Status.CLOSED,
    "publish": Round.Status.PUBLISHED,
}


def _require_admin(actor, action: str) -> None:
    if role_of(actor) != Role.ADMIN:
        raise PermissionDenied(f"Only admins can {action} rounds.")


def _lock(round_: Round) -> Round:
    return Round.objects.select_for_update().select_related("questionnaire").get(pk=round_.pk)


def check_round_transition(round_: Round, action: str) -> None:
    """Raise ``InvalidRoundTransition`` unless ``action`` (open, close, publish) is allowed."""
    allowed = ALLOWED_FROM[action]
    if round_.status not in allowed:
        names = " or ".join(Round.Status(status).label.lower() for status in allowed)
        raise InvalidRoundTransition(
            f"You cannot {action} {round_.name} because it is "
            f"{round_.get_status_display().lower()}. Only {names} rounds can be "
            f"{RESULT[action].label.lower()}."
        )
    if action == "open" and round_.questionnaire.status != Questionnaire.Status.PUBLISHED:
        raise InvalidRoundTransition(
            f"You cannot open {round_.name} because its questionnaire "
            f"({round_.questionnaire}) is not published."
        )
    if action == "publish":
        waiting = round_.assessments.filter(status=Assessment.Status.SUBMITTED).count()
        if waiting:
            raise InvalidRoundTransition(
                f"You cannot publish {round_.name} because {waiting} submitted "
                f"assessment{'s are' if waiting != 1 else ' is'} still waiting for review. "
                "Approve or return them first."
            )


def _transition(*, round: Round, action: str, actor, request) -> Round:
    _require_admin(actor, action)
    locked = _lock(round)
    check_round_transition(locked, action)
    previous = locked.status
    locked.status = RESULT[action]
    fields = ["status"]
    if action == "publish":
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    detail = {"round_id": locked.pk, "from": previous, "to": locked.status}
    if action == "publish":
        detail["approved_results"] = locked.assessments.filter(
            status=Assessment.Status.APPROVED
        ).count()
    audit_record(
        action=f"round.{action}", actor=actor, target=locked.slug, request=request, detail=detail
    )
    for name in fields:
        setattr(round, name, getattr(locked, name))
    return locked


@transaction.atomic
def round_open(*, round: Round, actor, request=None) -> Round:
    """Open an upcoming (or reopen a closed) round, so authorities can fill it in.

    Guarantees: admins only (else ``PermissionDenied``); the round's questionnaire
    must be published; any other status raises ``InvalidRoundTransition``.
    """
    return _transition(round=round, action="open", actor=actor, request=request)


@transaction.atomic
def round_close(*, round: Round, actor, request=None) -> Round:
    """Close an open round: no more submissions. Admins only; only open rounds."""
    return _transition(round=round, action="close", actor=actor, request=request)


@transaction.atomic
def round_publish(*, round: Round, actor, request=None) -> Round:
    """Publish a closed round: its approved results appear in the open data and API.

    Guarantees: admins only; only closed rounds with no submitted assessment still
    waiting for review (they would silently be left out); sets ``published_at``.
    The audit event records how many approved results were published.
    """
    return _transition(round=round, action="publish", actor=actor, request=request)

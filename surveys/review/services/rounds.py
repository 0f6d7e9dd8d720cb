"""Creating, changing, opening, closing and publishing rounds (admins only), each
recorded in the audit log.

The life of a round: upcoming → open → closed → published. A closed round can be
opened again (to extend it); a published round is final, because its results are
public. Each service locks the round row, checks the status it finds *after*
locking, changes it and records one audit event, all in one transaction: an
invalid transition raises ``InvalidRoundTransition`` and changes nothing.

``round_create`` and ``round_update`` are the only other writes: a round uses a
published questionnaire, keeps it once any assessment exists (the answers belong to
it), and a closed or published round changes only through its actions (open,
publish), since its results are being reviewed or are public. They raise
``RoundChangeRefused`` and write nothing otherwise.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.text import get_text_list

from accounts import access
from audit.services import audit_record
from surveys.exceptions import RoundChangeRefused
from surveys.models import Assessment, ProvisionalResponse, Questionnaire, Round


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
    if not access.may_manage_rounds(actor):
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
                f"assessment{pluralize(waiting, ' is,s are')} still waiting for review. "
                "Approve or return them first."
            )


def open_correction_names(round_: Round) -> list[tuple[str, str]]:
    """(slug, name) of the authorities whose correction to ``round_``'s provisional release
    is still open, by name: one query."""
    return list(
        ProvisionalResponse.objects.filter(
            round=round_, kind=ProvisionalResponse.Kind.CORRECTION, resolved_at__isnull=True
        )
        .order_by("authority__name")
        .values_list("authority__slug", "authority__name")
    )


def check_open_corrections(round_: Round, override_reason: str) -> list[tuple[str, str]]:
    """Raise ``InvalidRoundTransition`` if corrections to ``round_``'s provisional release
    are open and no reason to publish anyway is given; else the open ones (slug, name)."""
    open_ones = open_correction_names(round_)
    if open_ones and not override_reason.strip():
        names = get_text_list([name for _, name in open_ones], "and")
        count = len(open_ones)
        raise InvalidRoundTransition(
            f"You cannot publish {round_.name} because {count} correction"
            f"{pluralize(count, ' is,s are')} to its provisional release still open "
            f"({names}). Resolve {pluralize(count, 'it,them')} first, or give a reason to "
            "publish anyway."
        )
    return open_ones


def _transition(*, round: Round, action: str, actor, request, override_reason: str = "") -> Round:
    _require_admin(actor, action)
    locked = _lock(round)
    check_round_transition(locked, action)
    open_corrections = []
    if action == "publish":
        open_corrections = check_open_corrections(locked, override_reason)
    previous = locked.status
    locked.status = RESULT[action]
    fields = ["status"]
    if action == "publish":
        locked.published_at = timezone.now()
        fields.append("published_at")
        if open_corrections:
            locked.publish_override_reason = override_reason.strip()
            fields.append("publish_override_reason")
    locked.save(update_fields=fields)
    detail = {"round_id": locked.pk, "from": previous, "to": locked.status}
    if action == "publish":
        detail["approved_results"] = locked.assessments.filter(
            status=Assessment.Status.APPROVED
        ).count()
        if open_corrections:
            detail["override_reason"] = locked.publish_override_reason
            detail["open_corrections"] = [slug for slug, _ in open_corrections]
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
def round_publish(*, round: Round, actor, request=None, override_reason: str = "") -> Round:
    """Publish a closed round: its approved results appear in the open data and API.

    Guarantees: admins only; only closed rounds with no submitted assessment still
    waiting for review (they would silently be left out); sets ``published_at``.
    While a correction to its provisional release is open, ``InvalidRoundTransition``
    naming the authorities, unless ``override_reason`` is given (not blank): then it is
    kept in ``publish_override_reason`` and, with the open corrections, in the audit
    event. The audit event records how many approved results were published.
    """
    return _transition(
        round=round,
        action="publish",
        actor=actor,
        request=request,
        override_reason=override_reason,
    )


# --- Creating and changing a round -------------------------------------------------

# What the admin form may change; the status changes only through the actions above.
EDITABLE_FIELDS = (
    "name",
    "slug",
    "questionnaire",
    "opens_on",
    "closes_on",
    "share_named_results",
    "area_move_points",
)
# Statuses in which a round changes only through its actions (open, publish).
FROZEN_STATUSES = (Round.Status.CLOSED, Round.Status.PUBLISHED)


def check_round_questionnaire(questionnaire: Questionnaire) -> None:
    """Raise ``RoundChangeRefused`` unless the questionnaire is published (in the database)."""
    status = (
        Questionnaire.objects.filter(pk=questionnaire.pk).values_list("status", flat=True).first()
    )
    if status != Questionnaire.Status.PUBLISHED:
        raise RoundChangeRefused(
            f"Choose a published questionnaire: {questionnaire.code} version "
            f"{questionnaire.version} is {status or 'deleted'}, and a round can use only a "
            "published one."
        )


def check_round_change(round_: Round, changes: dict) -> None:
    """Raise ``RoundChangeRefused`` if ``round_`` (as stored) may not take ``changes``.

    Refused: any change to a closed or published round; a new questionnaire once any
    assessment exists for the round; a questionnaire that is not published.
    """
    if round_.status in FROZEN_STATUSES:
        raise RoundChangeRefused(
            f"You cannot change {round_.name} because it is "
            f"{round_.get_status_display().lower()}: a closed round changes only by opening "
            "it again, and a published round does not change."
        )
    questionnaire = changes.get("questionnaire")
    if questionnaire is None or questionnaire.pk == round_.questionnaire_id:
        return
    started = round_.assessments.count()
    if started:
        raise RoundChangeRefused(
            f"You cannot change the questionnaire of {round_.name} because {started} "
            f"authorit{pluralize(started, 'y has,ies have')} started an assessment on it: "
            "their answers belong to its questions."
        )
    check_round_questionnaire(questionnaire)


def _shown(value):
    """A value as the audit log's JSON keeps it."""
    if isinstance(value, Questionnaire):
        return f"{value.code} v{value.version}"
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


@transaction.atomic
def round_create(
    *,
    name: str,
    slug: str,
    questionnaire: Questionnaire,
    opens_on,
    closes_on,
    share_named_results: bool = False,
    area_move_points: int = 20,
    actor,
    request=None,
) -> Round:
    """Create an upcoming round on a published questionnaire.

    Guarantees: admins only (else ``PermissionDenied``); ``RoundChangeRefused`` if the
    questionnaire is not published (its row is locked while the round is made, so it
    cannot be retired meanwhile); Django's ``ValidationError`` for a name or slug in use
    or dates the wrong way round; one ``round.create`` audit event.
    """
    _require_admin(actor, "create")
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    check_round_questionnaire(questionnaire)
    round_ = Round(
        name=name,
        slug=slug,
        questionnaire=questionnaire,
        opens_on=opens_on,
        closes_on=closes_on,
        share_named_results=share_named_results,
        area_move_points=area_move_points,
        status=Round.Status.UPCOMING,
    )
    round_.full_clean()
    round_.save()
    audit_record(
        action="round.create",
        actor=actor,
        target=round_.slug,
        request=request,
        detail={"round_id": round_.pk, **{f: _shown(getattr(round_, f)) for f in EDITABLE_FIELDS}},
    )
    return round_


@transaction.atomic
def round_update(*, round: Round, actor, request=None, **changes) -> Round:
    """Change an upcoming or open round's name, slug, questionnaire, dates or sharing.

    Guarantees: admins only; the round row is locked and checked as found after
    locking (``check_round_change``): ``RoundChangeRefused`` for a closed or published
    round, for a new questionnaire once any assessment exists, or for one that is not
    published. On PostgreSQL the lock also holds back an assessment being started in
    the round (its foreign key locks the round's row for key share) until this commits.
    ``TypeError`` for a field outside ``EDITABLE_FIELDS``; Django's ``ValidationError``
    for a value the model refuses. One ``round.update`` audit event with each changed
    field's old and new value; nothing is written or recorded if nothing changed.
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise TypeError(f"round_update cannot change {', '.join(unknown)}")
    _require_admin(actor, "change")
    locked = _lock(round)
    if changes.get("questionnaire") is not None:  # not retired while the round takes it
        Questionnaire.objects.select_for_update().filter(pk=changes["questionnaire"].pk).first()
    check_round_change(locked, changes)
    before = {field: getattr(locked, field) for field in changes}
    changed = [field for field in changes if changes[field] != before[field]]
    if not changed:
        return locked
    for field in changed:
        setattr(locked, field, changes[field])
    locked.full_clean()
    locked.save(update_fields=changed)
    audit_record(
        action="round.update",
        actor=actor,
        target=locked.slug,
        request=request,
        detail={
            "round_id": locked.pk,
            **{f: [_shown(before[f]), _shown(changes[f])] for f in changed},
        },
    )
    for field in changed:
        setattr(round, field, getattr(locked, field))
    return locked

"""Changing an authority's improvement plan: targets, actions and sharing (docs/plans.md).

Every service runs in one transaction, lets only the authority's leads and contributors
change its plan (``accounts.access.may_edit_plan``; anyone else, the CDO office
included, gets :class:`PlanNotEditable`, a PermissionDenied), checks that the area or
question it names is one of the authority's round's questionnaire (else
:class:`UnknownSubject`, a ValueError: only a tampered request names another) and
records ``plan.*`` in the audit log. Targets and actions carry a version: a save read at
an older one raises :class:`PlanConflict` and writes nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import may_edit_plan
from audit.services import audit_record
from boroughs.models import Authority
from surveys.answers.kinds import LEVELLED_KINDS
from surveys.models import Area, Plan, PlanAction, Question, Round, ScaleLevel, Target
from surveys.plans.selectors import overview_round

YEARS_AHEAD = 5  # a target's year: this year up to five years on
TITLE_MAX = 300
OWNER_MAX = 200
NOTE_MAX = 5000


class PlanNotEditable(PermissionDenied):
    """The person may not change this authority's plan (views answer 403)."""


class UnknownSubject(ValueError):
    """The area or question is not one of the round's questionnaire (views answer 404)."""


class PlanConflict(Exception):  # noqa: N818 - reads better at the call site
    """Someone else changed the target or action since the form was read. Nothing was
    written. ``current`` is the row as it is now (None if it has gone)."""

    def __init__(self, *, current: Target | PlanAction | None):
        super().__init__("The plan was changed by someone else")
        self.current = current


def target_years(today: datetime.date | None = None) -> list[int]:
    """The years a target may name: this year to ``YEARS_AHEAD`` years on."""
    year = (today or timezone.localdate()).year
    return list(range(year, year + YEARS_AHEAD + 1))


def _authorise(actor, authority_id: int) -> None:
    if not may_edit_plan(actor, authority_id):
        raise PlanNotEditable("You cannot change this authority's plan")


def _round_of(authority: Authority, round: Round | None) -> Round:
    round_, _ = overview_round(authority=authority, round=round)
    if round_ is None:
        raise UnknownSubject("The authority has no assessment to plan from")
    return round_


def check_subject(*, round: Round, area_code: str, question_code: str) -> None:
    """Raise :class:`UnknownSubject` unless the area (and the maturity question, when
    ``question_code`` is given, in that area) is one of the round's questionnaire."""
    if question_code:
        known = Question.objects.filter(
            questionnaire_id=round.questionnaire_id,
            code=question_code,
            area__code=area_code,
            kind__in=LEVELLED_KINDS,
        ).exists()
    else:
        known = Area.objects.filter(
            questionnaire_id=round.questionnaire_id, code=area_code
        ).exists()
    if not known:
        raise UnknownSubject(f"No such area or question: {area_code} {question_code}".strip())


def _locked_plan(authority: Authority, actor, now) -> Plan:
    """The authority's plan, created on first use, locked until the transaction ends."""
    plan = Plan.objects.select_for_update().filter(authority=authority).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            return Plan.objects.create(authority=authority, changed_at=now, changed_by=actor)
    except IntegrityError:  # a colleague created it first
        return Plan.objects.select_for_update().get(authority=authority)


def _touch(plan: Plan, actor, now) -> None:
    Plan.objects.filter(pk=plan.pk).update(changed_at=now, changed_by=actor)


def _check_target(*, round: Round, level: int, by_year: int) -> None:
    top = ScaleLevel.objects.filter(questionnaire_id=round.questionnaire_id).count()
    if not 1 <= level <= top:
        raise ValidationError(f"The level must be between 1 and {top}")
    if by_year not in target_years():
        years = target_years()
        raise ValidationError(f"The year must be between {years[0]} and {years[-1]}")


@transaction.atomic
def target_set(
    *,
    authority: Authority,
    area_code: str,
    question_code: str,
    level: int,
    by_year: int,
    expected_version: int,
    actor,
    round: Round | None = None,
    request=None,
) -> Target:
    """Create or change the target on a question (or on an area: ``question_code`` "").

    ``expected_version`` is the target's version the form was read at (0: none yet).
    ``level`` must be on the scale of the round's questionnaire (``round``: the given
    one, else the authority's most recent with an assessment); ``by_year`` this year to
    five years on (ValidationError otherwise).
    """
    _authorise(actor, authority.pk)
    round_ = _round_of(authority, round)
    check_subject(round=round_, area_code=area_code, question_code=question_code)
    _check_target(round=round_, level=level, by_year=by_year)
    now = timezone.now()
    plan = _locked_plan(authority, actor, now)
    target = _locked_target(
        expected_version, plan=plan, area_code=area_code, question_code=question_code
    )
    if target is None:
        target = Target(plan=plan, area_code=area_code, question_code=question_code, version=0)
    elif (target.level, target.by_year) == (level, by_year):
        return target
    target.level, target.by_year, target.set_in = level, by_year, round_
    target.version += 1
    target.changed_at, target.changed_by = now, actor
    target.save()
    _touch(plan, actor, now)
    audit_record(
        action="plan.target_set",
        actor=actor,
        target=f"{authority.slug} {question_code or area_code}",
        request=request,
        detail={"level": level, "by_year": by_year, "version": target.version},
    )
    return target


def _locked_target(expected_version: int, **where) -> Target | None:
    """The target matching ``where``, locked for the transaction; PlanConflict unless it
    is still at ``expected_version`` (0: there was none)."""
    target = Target.objects.select_for_update().filter(**where).first()
    if expected_version != (target.version if target else 0):
        raise PlanConflict(current=target)
    return target


@transaction.atomic
def target_remove(
    *,
    authority: Authority,
    area_code: str,
    question_code: str,
    expected_version: int,
    actor,
    request=None,
) -> None:
    """Remove the target on a question (or an area), read at ``expected_version``. No
    target and version 0: nothing to do."""
    _authorise(actor, authority.pk)
    target = _locked_target(
        expected_version,
        plan__authority=authority,
        area_code=area_code,
        question_code=question_code,
    )
    if target is None:
        return
    target.delete()
    _touch(target.plan, actor, timezone.now())
    audit_record(
        action="plan.target_remove",
        actor=actor,
        target=f"{authority.slug} {question_code or area_code}",
        request=request,
        detail={"version": expected_version},
    )


def _action_fields(*, title: str, owner: str, due_on, status: str, note: str) -> dict:
    """The action's fields, cleaned; ValidationError for what a form would refuse."""
    title, owner, note = (title or "").strip(), (owner or "").strip(), (note or "").strip()
    if not title:
        raise ValidationError("Enter what you will do")
    if len(title) > TITLE_MAX or len(owner) > OWNER_MAX or len(note) > NOTE_MAX:
        raise ValidationError("Too long")
    if status not in PlanAction.Status.values:
        raise ValidationError(f"Unknown status {status!r}")
    return {"title": title, "owner": owner, "due_on": due_on, "status": status, "note": note}


@transaction.atomic
def action_add(
    *,
    authority: Authority,
    area_code: str,
    question_code: str,
    title: str,
    owner: str = "",
    due_on: datetime.date | None = None,
    status: str = PlanAction.Status.PLANNED,
    note: str = "",
    actor,
    round: Round | None = None,
    request=None,
) -> PlanAction:
    """Add an action on a question (or an area: ``question_code`` ""), planned in
    ``round`` (else the authority's most recent round with an assessment)."""
    _authorise(actor, authority.pk)
    round_ = _round_of(authority, round)
    check_subject(round=round_, area_code=area_code, question_code=question_code)
    fields = _action_fields(title=title, owner=owner, due_on=due_on, status=status, note=note)
    now = timezone.now()
    plan = _locked_plan(authority, actor, now)
    action = PlanAction.objects.create(
        plan=plan,
        area_code=area_code,
        question_code=question_code,
        planned_in=round_,
        created_at=now,
        changed_at=now,
        changed_by=actor,
        **fields,
    )
    _touch(plan, actor, now)
    audit_record(
        action="plan.action_add",
        actor=actor,
        target=f"{authority.slug} {question_code or area_code}",
        request=request,
        detail={"action": action.pk, "status": action.status},
    )
    return action


@transaction.atomic
def action_update(
    *,
    action: PlanAction,
    expected_version: int,
    title: str,
    owner: str = "",
    due_on: datetime.date | None = None,
    status: str = PlanAction.Status.PLANNED,
    note: str = "",
    actor,
    request=None,
) -> PlanAction:
    """Change an action read at ``expected_version`` (else :class:`PlanConflict`)."""
    current = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__authority")
        .filter(pk=action.pk)
        .first()
    )
    _authorise(actor, current.plan.authority_id if current else action.plan.authority_id)
    if current is None or current.version != expected_version:
        raise PlanConflict(current=current)
    fields = _action_fields(title=title, owner=owner, due_on=due_on, status=status, note=note)
    if all(getattr(current, name) == value for name, value in fields.items()):
        return current
    now = timezone.now()
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.changed_at, current.changed_by = now, actor
    current.save()
    _touch(current.plan, actor, now)
    audit_record(
        action="plan.action_update",
        actor=actor,
        target=f"{current.plan.authority.slug} {current.question_code or current.area_code}",
        request=request,
        detail={"action": current.pk, "status": current.status, "version": current.version},
    )
    return current


@transaction.atomic
def plan_share_set(*, authority: Authority, shared: bool, actor, request=None) -> Plan:
    """Share the plan with other London authorities' people, or stop sharing it."""
    _authorise(actor, authority.pk)
    now = timezone.now()
    plan = _locked_plan(authority, actor, now)
    if plan.shared == shared:
        return plan
    plan.shared, plan.changed_at, plan.changed_by = shared, now, actor
    plan.save(update_fields=["shared", "changed_at", "changed_by"])
    audit_record(
        action="plan.share_set",
        actor=actor,
        target=authority.slug,
        request=request,
        detail={"shared": shared},
    )
    return plan

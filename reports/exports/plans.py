"""The CDO office's export of every authority's improvement plan: one row per target and
per action (columns: ``reports.exports.dictionary.PLANS``). Exports are the CDO office's
and admins' (``accounts.access.may_export``), who may see every plan
(``accounts.access.may_see_plan``), so private plans are included, marked
``shared=false``. Plans are kept per authority, not per round: the round filter does
not apply. Text is made safe for spreadsheets by ``reports.exports.render``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q

from reports.exports import dictionary
from reports.exports.tables import CHUNK_SIZE, Scope, Table
from surveys.models.plans import PlanAction, Target


def plans_table(scope: Scope) -> Table:
    parts = ["plans"]
    if scope.area_code:
        parts.append(scope.area_code)
    if scope.peer_group is not None:
        parts.append(scope.peer_group.slug)
    columns = dictionary.names(dictionary.PLANS)
    return Table("-".join(parts), columns, _plan_rows(scope))


def _where(scope: Scope) -> Q:
    where = Q()
    if scope.area_code:
        where &= Q(area_code=scope.area_code)
    if scope.peer_group is not None:
        where &= Q(plan__authority__peer_groups=scope.peer_group)
    return where


def _plan_rows(scope: Scope) -> Iterator[list]:
    """Targets, then actions, each by authority name, area and question (two queries)."""
    where = _where(scope)
    authority = ("plan__authority__gss_code", "plan__authority__name", "plan__shared")
    targets = (
        Target.objects.filter(where)
        .order_by("plan__authority__name", "area_code", "question_code")
        .values_list(*authority, "area_code", "question_code", "level", "by_year", "set_in__slug")
    )
    for gss, name, shared, area, question, level, by_year, round_ in targets.iterator(CHUNK_SIZE):
        yield [
            *(gss, name, shared, "target", area, question, level, by_year),
            *("", "", None, "", round_ or ""),
        ]
    actions = (
        PlanAction.objects.filter(where)
        .order_by("plan__authority__name", "area_code", "question_code", "due_on", "pk")
        .values_list(
            *authority,
            "area_code",
            "question_code",
            "title",
            "owner",
            "due_on",
            "status",
            "planned_in__slug",
        )
    )
    for gss, name, shared, area, question, title, owner, due, status, round_ in actions.iterator(
        CHUNK_SIZE
    ):
        yield [
            *(gss, name, shared, "action", area, question, None, None),
            *(title, owner, due, status, round_ or ""),
        ]

"""Plans for the tests of the London-wide view: one authority's plan with its targets
and actions, made directly (the plan services are another part's)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from surveys.models.plans import Plan, PlanAction, Target
from tests import factories

CAMDEN, HACKNEY, ISLINGTON = "E09000007", "E09000012", "E09000019"


def make_plan(
    gss_code: str,
    *,
    shared: bool = False,
    targets: tuple[tuple[str, str, int], ...] = (),
    actions: tuple[tuple[str, str, str, str], ...] = (),
    planned_in=None,
) -> Plan:
    """``targets``: (area_code, question_code, level); ``actions``: (area_code,
    question_code, title, status). Targets are for the 2027 assessment."""
    now = timezone.now()
    plan = Plan.objects.create(
        authority=factories.authority(gss_code), shared=shared, changed_at=now
    )
    Target.objects.bulk_create(
        Target(
            plan=plan,
            area_code=area,
            question_code=question,
            level=level,
            by_year=2027,
            changed_at=now,
        )
        for area, question, level in targets
    )
    PlanAction.objects.bulk_create(
        PlanAction(
            plan=plan,
            area_code=area,
            question_code=question,
            title=title,
            owner="Digital team",
            due_on=datetime.date(2027, 3, 31),
            status=status,
            planned_in=planned_in,
            created_at=now,
            changed_at=now,
        )
        for area, question, title, status in actions
    )
    return plan

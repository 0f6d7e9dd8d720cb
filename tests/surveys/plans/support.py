"""Plans for the tests: a plan, targets and actions written directly (the services are
tested on their own)."""

from django.utils import timezone

from surveys.models import Plan, PlanAction, Target


def make_plan(authority, *, shared=False):
    return Plan.objects.create(authority=authority, shared=shared, changed_at=timezone.now())


def add_target(plan, area_code, question_code="", level=4, by_year=None):
    return Target.objects.create(
        plan=plan,
        area_code=area_code,
        question_code=question_code,
        level=level,
        by_year=by_year or timezone.localdate().year + 1,
        changed_at=timezone.now(),
    )


def add_action(plan, area_code, question_code="", title="Do it", **kwargs):
    now = timezone.now()
    return PlanAction.objects.create(
        plan=plan,
        area_code=area_code,
        question_code=question_code,
        title=title,
        created_at=now,
        changed_at=now,
        **kwargs,
    )

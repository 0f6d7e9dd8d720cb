"""A results round with Camden's improvement plan: targets and actions on its questions."""

import datetime

import pytest
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Assessment, Plan, PlanAction, Target
from tests.reports.conftest import make_results_round

ACTION_TITLES = ("Publish a data strategy", "Run a phishing exercise", "Open the API catalogue")


def make_plan(authority: Authority, round_, *, actions=ACTION_TITLES) -> Plan:
    """A plan with a target on a question and on an area, and ``actions`` spread over the
    questions (the last one on the whole second area)."""
    now = timezone.now()
    plan = Plan.objects.create(authority=authority, changed_at=now)
    Target.objects.create(
        plan=plan,
        area_code="area-1",
        question_code="a1-q1",
        level=4,
        by_year=2027,
        set_in=round_,
        changed_at=now,
    )
    Target.objects.create(
        plan=plan, area_code="area-2", question_code="", level=3, by_year=2028, changed_at=now
    )
    codes = [("area-1", "a1-q1"), ("area-1", "a1-q2"), ("area-2", "")]
    for index, title in enumerate(actions):
        area, question = codes[index % len(codes)]
        PlanAction.objects.create(
            plan=plan,
            area_code=area,
            question_code=question,
            title=title,
            owner=f"Team {index}",
            due_on=datetime.date(2027, 3, 1 + index % 28),
            status=PlanAction.Status.IN_PROGRESS if index % 2 else PlanAction.Status.PLANNED,
            planned_in=round_,
            created_at=now,
            changed_at=now,
        )
    return plan


@pytest.fixture
def report_round(db):
    """Eight authorities approved (Camden signed off), names not shared; Camden's plan."""
    round_ = make_results_round()
    Assessment.objects.filter(round=round_, authority__slug="camden").update(
        sign_off_name="Ada Lovelace", sign_off_role="Chief Executive"
    )
    make_plan(Authority.objects.get(slug="camden"), round_)
    return round_

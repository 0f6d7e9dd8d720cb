"""The demo data command: complete, deterministic, idempotent, development only."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings

from boroughs.models import Membership
from estate.models import Register, System
from surveys.models import (
    Answer,
    Assessment,
    AssessmentFlag,
    Plan,
    PlanAction,
    ProvisionalResponse,
    ResultSnapshot,
    Round,
    Target,
)

pytestmark = pytest.mark.django_db

QUESTIONNAIRES = [
    "fixtures/questionnaires/london-digital-maturity-v1.yaml",
    "fixtures/questionnaires/london-digital-maturity-v2.yaml",
]


@pytest.fixture
def questionnaires():
    for path in QUESTIONNAIRES:
        call_command("load_questionnaire", path, "--publish", stdout=StringIO())


def _counts():
    return (
        User.objects.count(),
        Round.objects.count(),
        Assessment.objects.count(),
        Answer.objects.count(),
        ResultSnapshot.objects.count(),
        Register.objects.count(),
        System.objects.count(),
    )


@override_settings(DEBUG=True)
def test_demo_creates_accounts_and_three_rounds_and_is_idempotent(questionnaires):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    assert User.objects.filter(username="lead-camden").exists()
    assert User.objects.filter(username="contributor-city-of-london").exists()
    assert User.objects.filter(username__in=["cdo", "admin"]).count() == 2
    assert Membership.objects.filter(role="lead").count() == 33

    rounds = list(Round.objects.order_by("opens_on"))
    assert len(rounds) == 3
    assert [r.status for r in rounds] == ["published", "published", "open"]
    for past in rounds[:2]:
        assert past.assessments.filter(status="approved").count() == 33
        assert ResultSnapshot.objects.filter(assessment__round=past).count() == 33
    statuses = set(rounds[2].assessments.values_list("status", flat=True))
    assert {"draft", "submitted"} <= statuses
    assert rounds[2].assessments.count() < 33  # some authorities have not started
    # Submitted assessments have their outlier flags; Croydon's security answers jump.
    sent = rounds[2].assessments.filter(status__in=["submitted", "returned"])
    assert not sent.filter(flags_checked_at=None).exists()
    rules = set(AssessmentFlag.objects.values_list("rule", flat=True))
    assert {"moved", "peers", "area_moved"} <= rules
    assert AssessmentFlag.objects.filter(
        assessment__authority__gss_code="E09000008", key="area_moved:security"
    ).exists()
    # Every submission names a senior sign-off; a returned one carries a sent query.
    assert not sent.filter(sign_off_name="").exists()
    returned = rounds[2].assessments.filter(status="returned")
    assert returned.exists()
    assert not returned.exclude(queries__sent_at__isnull=False).exists()
    # The newest published round went through a provisional release: every approved
    # authority responded, one with a correction the CDO office resolved.
    assert rounds[1].provisional_sent_at is not None
    responses = ProvisionalResponse.objects.filter(round=rounds[1])
    assert responses.count() == 33
    assert responses.filter(kind="correction", resolved_at__isnull=False).count() == 1
    # A dozen authorities have improvement plans, most shared; last round's actions are
    # carried over beside this round's.
    assert Plan.objects.count() == 12 and Plan.objects.filter(shared=True).count() == 8
    assert PlanAction.objects.filter(planned_in=rounds[1], status="done").exists()
    assert PlanAction.objects.filter(planned_in=rounds[2]).exists()
    assert Target.objects.filter(by_year=rounds[2].opens_on.year + 1).count() == 36
    # Every authority has a register in the newest published round and the open round,
    # the open one carried over from the other.
    for round_ in rounds[1:]:
        assert Register.objects.filter(round=round_).count() == 33
    assert not Register.objects.filter(round=rounds[0]).exists()
    assert Register.objects.filter(round=rounds[2], started_from__round=rounds[1]).count() == 33


@override_settings(DEBUG=True)
def test_demo_password_signs_in(questionnaires, settings):
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.get(username="lead-camden").check_password(settings.DEMO_PASSWORD)


@override_settings(DEBUG=False)
def test_demo_refused_when_debug_is_off(questionnaires):
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="cdo").exists()

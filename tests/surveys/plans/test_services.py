import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from surveys.models import Plan, PlanAction, Target
from surveys.plans import services
from surveys.plans.services import PlanConflict, PlanNotEditable, UnknownSubject
from tests import factories

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def camden(db):
    authority = factories.authority()
    factories.AssessmentFactory(authority=authority)
    return authority


def set_target(authority, actor, *, level=4, by_year=THIS_YEAR + 1, version=0, **kwargs):
    return services.target_set(
        authority=authority,
        area_code=kwargs.pop("area_code", "area-1"),
        question_code=kwargs.pop("question_code", "a1-q1"),
        level=level,
        by_year=by_year,
        expected_version=version,
        actor=actor,
        **kwargs,
    )


def add_action(authority, actor, **kwargs):
    values = {"area_code": "area-1", "question_code": "a1-q1", "title": "Write a strategy"}
    return services.action_add(authority=authority, actor=actor, **{**values, **kwargs})


def test_target_set_creates_the_plan_then_updates_with_the_version(camden, lead):
    target = set_target(camden, lead)
    assert target.version == 1
    assert Plan.objects.get().authority == camden
    again = set_target(camden, lead, level=5, version=1)
    assert (again.pk, again.level, again.version) == (target.pk, 5, 2)
    assert AuditEvent.objects.filter(action="plan.target_set").count() == 2


def test_a_target_that_does_not_change_writes_nothing(camden, lead):
    set_target(camden, lead)
    assert set_target(camden, lead, version=1).version == 1
    assert AuditEvent.objects.filter(action="plan.target_set").count() == 1


@pytest.mark.parametrize("version", [0, 2])
def test_a_stale_version_raises_a_conflict_and_changes_nothing(camden, lead, contributor, version):
    set_target(camden, lead, level=3)
    with pytest.raises(PlanConflict) as raised:
        set_target(camden, contributor, level=5, version=version)
    assert raised.value.current.level == 3
    assert Target.objects.get().level == 3


def test_contributors_may_edit_the_cdo_office_and_other_authorities_may_not(
    camden, contributor, cdo, other_lead, admin_user
):
    set_target(camden, contributor)
    for outsider in (cdo, other_lead, admin_user):
        with pytest.raises(PlanNotEditable):
            set_target(camden, outsider, version=1, level=5)
        with pytest.raises(PermissionDenied):
            add_action(camden, outsider)
        with pytest.raises(PermissionDenied):
            services.plan_share_set(authority=camden, shared=True, actor=outsider)
    assert Target.objects.get().level == 4
    assert not PlanAction.objects.exists()


@pytest.mark.parametrize("level", [0, 6])
def test_the_level_must_be_on_the_scale(camden, lead, level):
    with pytest.raises(ValidationError):
        set_target(camden, lead, level=level)
    assert not Target.objects.exists()


@pytest.mark.parametrize("offset", [-1, 6])
def test_the_year_must_be_this_year_to_five_years_on(camden, lead, offset):
    with pytest.raises(ValidationError):
        set_target(camden, lead, by_year=THIS_YEAR + offset)
    set_target(camden, lead, by_year=THIS_YEAR + 5)


@pytest.mark.parametrize(
    ("area_code", "question_code"),
    [("area-9", ""), ("area-1", "a9-q9"), ("area-2", "a1-q1")],
)
def test_an_unknown_area_or_question_is_refused(camden, lead, area_code, question_code):
    with pytest.raises(UnknownSubject):
        set_target(camden, lead, area_code=area_code, question_code=question_code)
    with pytest.raises(ValueError):
        add_action(camden, lead, area_code=area_code, question_code=question_code)
    assert not Target.objects.exists() and not PlanAction.objects.exists()


def test_a_question_that_is_not_on_the_maturity_scale_is_refused(lead):
    questionnaire = factories.make_questionnaire(kinds=("maturity", "text"))
    round_ = factories.RoundFactory(questionnaire=questionnaire)
    camden = factories.authority()
    factories.AssessmentFactory(authority=camden, round=round_)
    with pytest.raises(UnknownSubject):
        set_target(camden, lead, question_code="a1-q2")


def test_without_an_assessment_there_is_nothing_to_plan_from(lead):
    with pytest.raises(UnknownSubject):
        set_target(factories.authority(), lead)


def test_target_remove(camden, lead):
    set_target(camden, lead)
    with pytest.raises(PlanConflict):
        services.target_remove(
            authority=camden,
            area_code="area-1",
            question_code="a1-q1",
            expected_version=3,
            actor=lead,
        )
    services.target_remove(
        authority=camden, area_code="area-1", question_code="a1-q1", expected_version=1, actor=lead
    )
    assert not Target.objects.exists()
    assert AuditEvent.objects.filter(action="plan.target_remove").exists()


def test_an_area_target_and_action_have_no_question_code(camden, lead):
    set_target(camden, lead, question_code="", area_code="area-2", level=2)
    action = add_action(camden, lead, question_code="", area_code="area-2")
    assert Target.objects.get().question_code == ""
    assert action.question_code == ""


def test_action_add_records_the_round_and_cleans_the_text(camden, lead):
    due = datetime.date(THIS_YEAR + 1, 3, 31)
    action = add_action(
        camden, lead, title="  Write a strategy ", owner=" Data team", due_on=due, note=" soon "
    )
    assert action.planned_in == camden.assessments.get().round
    assert (action.title, action.owner, action.note) == ("Write a strategy", "Data team", "soon")
    assert action.status == PlanAction.Status.PLANNED
    event = AuditEvent.objects.get(action="plan.action_add")
    assert event.detail["action"] == action.pk


@pytest.mark.parametrize(
    "bad", [{"title": "  "}, {"status": "maybe"}, {"title": "x" * 301}, {"note": "x" * 5001}]
)
def test_action_add_refuses_bad_values(camden, lead, bad):
    with pytest.raises(ValidationError):
        add_action(camden, lead, **bad)
    assert not PlanAction.objects.exists()


def test_action_update_with_the_version(camden, lead, contributor, other_lead):
    action = add_action(camden, lead)
    values = {"title": "Done it", "owner": "", "due_on": None, "status": "done", "note": ""}
    updated = services.action_update(action=action, expected_version=1, actor=contributor, **values)
    assert (updated.title, updated.status, updated.version) == ("Done it", "done", 2)
    with pytest.raises(PlanConflict):
        services.action_update(action=action, expected_version=1, actor=lead, **values)
    with pytest.raises(PlanNotEditable):
        services.action_update(action=action, expected_version=2, actor=other_lead, **values)
    action.refresh_from_db()
    assert action.version == 2
    assert AuditEvent.objects.filter(action="plan.action_update").count() == 1


def test_plan_share_set(camden, lead):
    plan = services.plan_share_set(authority=camden, shared=True, actor=lead)
    assert plan.shared is True
    services.plan_share_set(authority=camden, shared=True, actor=lead)  # no change
    services.plan_share_set(authority=camden, shared=False, actor=lead)
    assert Plan.objects.get().shared is False
    details = [e.detail for e in AuditEvent.objects.filter(action="plan.share_set").order_by("pk")]
    assert details == [{"shared": True}, {"shared": False}]


def test_target_years():
    assert services.target_years(datetime.date(2026, 12, 1)) == [2026, 2027, 2028, 2029, 2030, 2031]

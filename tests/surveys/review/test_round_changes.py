"""Creating and changing rounds: round_create, round_update and the Round.save() guard.

A round uses a published questionnaire and keeps it once any assessment exists (the
answers belong to its questions); a closed or published round changes only through
its actions (open, close, publish).
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from surveys.exceptions import RoundChangeRefused
from surveys.models import Questionnaire, Round
from surveys.questionnaires.services import questionnaire_retire
from surveys.review.services.rounds import round_create, round_update
from tests import factories

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2026, 9, 1)
CLOSES = datetime.date(2026, 10, 31)


def _create(questionnaire, actor, **extra):
    return round_create(
        name="2026 assessment",
        slug="2026",
        questionnaire=questionnaire,
        opens_on=OPENS,
        closes_on=CLOSES,
        actor=actor,
        **extra,
    )


def _draft():
    return factories.make_questionnaire(status=Questionnaire.Status.DRAFT)


def _stored(round_) -> dict:
    return Round.objects.filter(pk=round_.pk).values().get()


def _round_events():
    return AuditEvent.objects.filter(action__startswith="round.")


# --- round_create ---------------------------------------------------------------------


def test_create_makes_an_upcoming_round_and_records_it(admin_user):
    questionnaire = factories.make_questionnaire()
    round_ = _create(questionnaire, admin_user, share_named_results=True)
    stored = Round.objects.get(pk=round_.pk)
    assert stored.status == Round.Status.UPCOMING
    assert stored.questionnaire == questionnaire and stored.share_named_results
    event = AuditEvent.objects.get(action="round.create")
    assert event.actor == admin_user and event.target == "2026"
    assert event.detail["questionnaire"] == f"test-questionnaire v{questionnaire.version}"
    assert event.detail["opens_on"] == "2026-09-01"


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_create_refuses_a_questionnaire_that_is_not_published(admin_user, status):
    questionnaire = factories.make_questionnaire()
    if status == "draft":
        questionnaire = _draft()
    else:
        questionnaire_retire(questionnaire=questionnaire, actor=admin_user)
    with pytest.raises(RoundChangeRefused, match=f"is {status}, and a round can use only"):
        _create(questionnaire, admin_user)
    assert not Round.objects.exists()
    assert not _round_events().exists()


def test_create_refuses_dates_the_wrong_way_round(admin_user):
    with pytest.raises(ValidationError):
        round_create(
            name="Backwards",
            slug="backwards",
            questionnaire=factories.make_questionnaire(),
            opens_on=CLOSES,
            closes_on=OPENS,
            actor=admin_user,
        )
    assert not Round.objects.exists()


def test_only_admins_create_or_change_rounds(cdo):
    with pytest.raises(PermissionDenied):
        _create(factories.make_questionnaire(), cdo)
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    with pytest.raises(PermissionDenied):
        round_update(round=round_, actor=cdo, name="Renamed")
    assert _stored(round_)["name"] == round_.name


# --- round_update ---------------------------------------------------------------------


def test_update_changes_an_open_round_and_records_old_and_new(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.OPEN)
    factories.AssessmentFactory(round=round_)
    old_close = round_.closes_on
    new_close = old_close + datetime.timedelta(days=14)
    round_update(round=round_, actor=admin_user, name="Extended", closes_on=new_close)
    stored = _stored(round_)
    assert stored["name"] == "Extended" and stored["closes_on"] == new_close
    event = AuditEvent.objects.get(action="round.update")
    assert event.detail["name"][1] == "Extended"
    assert event.detail["closes_on"] == [str(old_close), str(new_close)]


def test_update_changes_the_questionnaire_while_no_assessment_exists(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    other = factories.make_questionnaire()
    round_update(round=round_, actor=admin_user, questionnaire=other)
    assert _stored(round_)["questionnaire_id"] == other.pk
    assert AuditEvent.objects.get(action="round.update").detail["questionnaire"][1] == (
        f"test-questionnaire v{other.version}"
    )


def test_update_refuses_a_new_questionnaire_once_an_assessment_exists(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.OPEN)
    factories.AssessmentFactory(round=round_)
    before = _stored(round_)
    with pytest.raises(RoundChangeRefused, match="1 authority has started an assessment"):
        round_update(
            round=round_,
            actor=admin_user,
            questionnaire=factories.make_questionnaire(),
            name="Renamed",
        )
    assert _stored(round_) == before
    assert not _round_events().exists()


def test_update_refuses_a_draft_questionnaire(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    before = _stored(round_)
    with pytest.raises(RoundChangeRefused, match="is draft"):
        round_update(round=round_, actor=admin_user, questionnaire=_draft())
    assert _stored(round_) == before


@pytest.mark.parametrize("status", [Round.Status.CLOSED, Round.Status.PUBLISHED])
@pytest.mark.parametrize(
    "change",
    [
        {"name": "Renamed"},
        {"share_named_results": True},
        {"closes_on": datetime.date(2099, 1, 1)},
    ],
)
def test_a_closed_or_published_round_cannot_be_changed(admin_user, status, change):
    round_ = factories.RoundFactory(status=status)
    before = _stored(round_)
    with pytest.raises(RoundChangeRefused, match=f"because it is {status}"):
        round_update(round=round_, actor=admin_user, **change)
    assert _stored(round_) == before
    assert not _round_events().exists()


def test_update_refuses_fields_it_does_not_own(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    with pytest.raises(TypeError, match="status"):
        round_update(round=round_, actor=admin_user, status=Round.Status.PUBLISHED)
    assert _stored(round_)["status"] == Round.Status.UPCOMING


def test_an_update_that_changes_nothing_records_nothing(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    round_update(round=round_, actor=admin_user, name=round_.name)
    assert not _round_events().exists()


# --- The model guard --------------------------------------------------------------------


def test_the_model_refuses_a_new_round_on_a_draft_questionnaire():
    with pytest.raises(RoundChangeRefused, match="only a published questionnaire"):
        factories.RoundFactory(questionnaire=_draft())
    assert not Round.objects.exists()


def test_the_model_refuses_a_new_questionnaire_once_an_assessment_exists():
    round_ = factories.RoundFactory()
    factories.AssessmentFactory(round=round_)
    original = round_.questionnaire_id
    round_.questionnaire = factories.make_questionnaire()
    with pytest.raises(RoundChangeRefused, match="started their assessments"):
        round_.save()
    assert _stored(round_)["questionnaire_id"] == original
    round_.save(update_fields=["name"])  # other fields still save


def test_the_model_refuses_a_draft_questionnaire_for_an_existing_round():
    round_ = factories.RoundFactory()
    round_.questionnaire = _draft()
    with pytest.raises(RoundChangeRefused, match="is draft"):
        round_.save()


def test_the_model_lets_a_round_keep_a_questionnaire_retired_since(admin_user):
    round_ = factories.RoundFactory(status=Round.Status.PUBLISHED)
    questionnaire_retire(questionnaire=round_.questionnaire, actor=admin_user)
    round_.refresh_from_db()
    round_.save()  # unchanged questionnaire: no refusal

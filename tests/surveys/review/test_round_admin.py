"""The round admin: it goes through surveys.review.services.rounds, offers only published
questionnaires, keeps the questionnaire once assessments exist, shows closed and
published rounds read-only, and warns when a second round opens."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from audit.models import AuditEvent
from surveys.exceptions import RoundChangeRefused
from surveys.models import Questionnaire, Round
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "admin:surveys_round_add"


def _change_url(round_) -> str:
    return reverse("admin:surveys_round_change", args=[round_.pk])


def _form(questionnaire, **extra) -> dict:
    return {
        "name": "2026 assessment",
        "slug": "2026",
        "questionnaire": questionnaire.pk,
        "opens_on": "2026-09-01",
        "closes_on": "2026-10-31",
        "area_move_points": "20",
        **extra,
    }


def _form_of(round_, **extra) -> dict:
    data = {
        "name": round_.name,
        "slug": round_.slug,
        "questionnaire": round_.questionnaire_id,
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "area_move_points": str(round_.area_move_points),
        **extra,
    }
    if round_.share_named_results:
        data["share_named_results"] = "on"
    return data


def _stored(round_) -> dict:
    return Round.objects.filter(pk=round_.pk).values().get()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- Adding -------------------------------------------------------------------------


def test_the_add_form_offers_only_published_questionnaires(admin_client):
    published = factories.make_questionnaire()
    draft = factories.make_questionnaire(status=Questionnaire.Status.DRAFT)
    html = admin_client.get(reverse(ADD)).content.decode()
    assert f'<option value="{published.pk}">' in html
    assert f'<option value="{draft.pk}">' not in html


def test_adding_a_round_on_a_draft_is_refused(admin_client):
    draft = factories.make_questionnaire(status=Questionnaire.Status.DRAFT)
    response = admin_client.post(reverse(ADD), _form(draft))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Round.objects.exists()


def test_adding_a_round_goes_through_the_service(admin_client, admin_user):
    published = factories.make_questionnaire()
    response = admin_client.post(reverse(ADD), _form(published))
    assert response.status_code == 302
    round_ = Round.objects.get(slug="2026")
    assert round_.status == Round.Status.UPCOMING and round_.questionnaire == published
    event = AuditEvent.objects.get(action="round.create")
    assert event.actor == admin_user and event.target == "2026"


# --- Changing -----------------------------------------------------------------------


def test_the_questionnaire_is_read_only_once_an_assessment_exists(admin_client):
    round_ = factories.RoundFactory()
    html = admin_client.get(_change_url(round_)).content.decode()
    assert 'name="questionnaire"' in html  # no assessment yet
    factories.AssessmentFactory(round=round_)
    html = admin_client.get(_change_url(round_)).content.decode()
    assert 'name="questionnaire"' not in html
    assert str(round_.questionnaire) in html


def test_posting_a_new_questionnaire_once_assessments_exist_changes_nothing_of_it(
    admin_client,
):
    round_ = factories.RoundFactory()
    factories.AssessmentFactory(round=round_)
    other = factories.make_questionnaire()
    response = admin_client.post(
        _change_url(round_), _form_of(round_, questionnaire=other.pk, name="Renamed"), follow=True
    )
    assert response.status_code == 200
    stored = _stored(round_)
    assert stored["questionnaire_id"] == round_.questionnaire_id
    assert stored["name"] == "Renamed"  # the other fields still change
    assert "The questionnaire was not changed" in response.content.decode()


def test_changing_an_upcoming_round_goes_through_the_service(admin_client):
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    other = factories.make_questionnaire()
    response = admin_client.post(_change_url(round_), _form_of(round_, questionnaire=other.pk))
    assert response.status_code == 302
    assert _stored(round_)["questionnaire_id"] == other.pk
    event = AuditEvent.objects.get(action="round.update")
    assert list(event.detail) == ["round_id", "questionnaire"]


def test_a_refusal_by_the_service_is_shown_and_changes_nothing(admin_client, monkeypatch):
    # E.g. the round was closed between showing the form and saving it.
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    before = _stored(round_)

    def refuse(**kwargs):
        raise RoundChangeRefused("You cannot change it now.")

    monkeypatch.setattr("surveys.admin.round_update", refuse)
    response = admin_client.post(_change_url(round_), _form_of(round_, name="Renamed"), follow=True)
    html = response.content.decode()
    assert "You cannot change it now." in html
    assert "was changed successfully" not in html
    assert _stored(round_) == before
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("status", [Round.Status.CLOSED, Round.Status.PUBLISHED])
def test_closed_and_published_rounds_are_read_only(admin_client, status):
    round_ = factories.RoundFactory(status=status)
    before = _stored(round_)
    page = admin_client.get(_change_url(round_))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="name"' not in html and 'name="_save"' not in html
    response = admin_client.post(
        _change_url(round_), _form_of(round_, name="Renamed", closes_on="2099-01-01")
    )
    assert response.status_code == 403
    assert _stored(round_) == before
    assert not AuditEvent.objects.filter(action__startswith="round.").exists()


def test_closed_and_published_rounds_cannot_be_deleted(admin_client):
    round_ = factories.RoundFactory(status=Round.Status.PUBLISHED)
    response = admin_client.post(
        reverse("admin:surveys_round_delete", args=[round_.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Round.objects.filter(pk=round_.pk).exists()
    changelist = admin_client.get(reverse("admin:surveys_round_changelist")).content.decode()
    assert "delete_selected" not in changelist


# --- Opening a second round ----------------------------------------------------------


def _open(client, rounds):
    return client.post(
        reverse("admin:surveys_round_changelist"),
        {"action": "open_rounds", "_selected_action": [r.pk for r in rounds]},
        follow=True,
    )


def test_opening_a_round_while_another_is_open_warns(admin_client):
    london = factories.RoundFactory(name="London assessment 2026", status=Round.Status.OPEN)
    data = factories.RoundFactory(
        name="Data maturity 2026",
        status=Round.Status.UPCOMING,
        opens_on=london.opens_on + datetime.timedelta(days=1),
    )
    html = _open(admin_client, [data]).content.decode()
    assert "Data maturity 2026 is now open." in html
    assert (
        "London assessment 2026 is open too: every borough will see both on their start page."
        in html
    )
    assert Round.objects.get(pk=data.pk).status == Round.Status.OPEN


def test_opening_the_only_open_round_does_not_warn(admin_client):
    factories.RoundFactory(status=Round.Status.PUBLISHED)
    round_ = factories.RoundFactory(status=Round.Status.UPCOMING)
    html = _open(admin_client, [round_]).content.decode()
    assert f"{round_.name} is now open." in html
    assert "open too" not in html


def test_the_warning_names_every_other_open_round(admin_client):
    first = factories.RoundFactory(name="A round", status=Round.Status.OPEN)
    second = factories.RoundFactory(name="B round", status=Round.Status.OPEN)
    third = factories.RoundFactory(name="C round", status=Round.Status.UPCOMING)
    html = _open(admin_client, [third]).content.decode()
    assert f"{first.name} and {second.name} are open too: every borough will see all 3" in html

"""The provisional release's services: sending, responding, resolving, and publishing with
corrections open. Every refusal changes nothing (no row, no audit event, no email)."""

import contextlib
import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from audit.models import AuditEvent
from surveys.models import Assessment, ProvisionalResponse, Round
from surveys.review.services import provisional as provisional_services
from surveys.review.services.provisional import (
    RESPOND_DAYS_MAX,
    ProvisionalRefused,
    check_respond_by,
    provisional_correction_resolve,
    provisional_respond,
    round_provisional_send,
)
from surveys.review.services.rounds import InvalidRoundTransition, round_publish
from tests import factories
from tests.surveys.review.provisional_support import approved, closed_round, released
from tests.surveys.review.support import CAMDEN, HACKNEY, ISLINGTON, assessment

pytestmark = pytest.mark.django_db

CORRECTION = ProvisionalResponse.Kind.CORRECTION
CONFIRMED = ProvisionalResponse.Kind.CONFIRMED


def _today():
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


def _snapshot(round_: Round) -> tuple:
    """What a refusal must leave as it was."""
    stored = Round.objects.get(pk=round_.pk)
    return (
        stored.status,
        stored.provisional_sent_at,
        stored.provisional_respond_by,
        stored.publish_override_reason,
        list(ProvisionalResponse.objects.values_list("kind", "text", "resolved_at")),
        AuditEvent.objects.count(),
        len(mail.outbox),
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- The respond-by date (a pure rule) -----------------------------------------------------


@pytest.mark.parametrize("offset", [0, 1, RESPOND_DAYS_MAX])
def test_respond_by_today_to_sixty_days_ahead_is_accepted(offset):
    today = datetime.date(2026, 3, 1)
    check_respond_by(today + datetime.timedelta(days=offset), today=today)


@pytest.mark.parametrize(("offset", "code"), [(-1, "past"), (RESPOND_DAYS_MAX + 1, "far")])
def test_respond_by_in_the_past_or_too_far_is_refused(offset, code):
    today = datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError) as error:
        check_respond_by(today + datetime.timedelta(days=offset), today=today)
    assert error.value.code == code


# --- Sending -------------------------------------------------------------------------------


def test_send_sets_the_dates_emails_each_approved_authoritys_leads_and_audits(cdo, on_commit):
    lead_a = factories.make_member("lead", CAMDEN, username="lead-a")
    factories.make_member("contributor", CAMDEN, username="contributor-a")
    lead_b = factories.make_member("lead", HACKNEY, username="lead-b")
    factories.make_member("lead", ISLINGTON, username="lead-c")  # returned: not told
    round_ = closed_round()
    approved(round_, CAMDEN)
    approved(round_, HACKNEY)
    assessment(round_, ISLINGTON, status=Assessment.Status.RETURNED)
    with on_commit():
        round_provisional_send(round=round_, respond_by=_days(10), actor=cdo)
    stored = Round.objects.get(pk=round_.pk)
    assert stored.provisional_sent_at is not None
    assert stored.provisional_respond_by == _days(10)
    assert round_.provisional_respond_by == _days(10)  # the caller's object follows
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead_a.email, lead_b.email])
    message = mail.outbox[0]
    assert f"/assessments/rounds/{round_.slug}/provisional/" in message.body
    assert "Check your provisional" in message.subject
    event = AuditEvent.objects.get(action="round.provisional_release")
    assert event.actor == cdo and event.target == round_.slug
    assert event.detail["respond_by"] == _days(10).isoformat()
    assert event.detail["authorities"] == 2 and event.detail["sent_again"] is False


def test_sending_again_changes_the_date_keeps_responses_and_the_first_sending(cdo, lead):
    round_ = released()
    first_sent = Round.objects.get(pk=round_.pk).provisional_sent_at
    provisional_respond(
        round=round_, authority=lead.membership.authority, kind=CONFIRMED, text="", actor=lead
    )
    round_provisional_send(round=round_, respond_by=_days(30), actor=cdo)
    stored = Round.objects.get(pk=round_.pk)
    assert stored.provisional_respond_by == _days(30)
    assert stored.provisional_sent_at == first_sent
    assert ProvisionalResponse.objects.filter(round=round_).count() == 1
    event = AuditEvent.objects.get(action="round.provisional_release")
    assert event.detail["sent_again"] is True
    assert event.detail["previous_respond_by"] == _days(14).isoformat()


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Round.Status.OPEN, "still open"),
        (Round.Status.UPCOMING, "not opened"),
        (Round.Status.PUBLISHED, "already published"),
    ],
)
def test_only_a_closed_round_is_released(cdo, status, words):
    round_ = closed_round()
    approved(round_, CAMDEN)
    Round.objects.filter(pk=round_.pk).update(status=status)
    round_.refresh_from_db()
    before = _snapshot(round_)
    with pytest.raises(ProvisionalRefused, match=words):
        round_provisional_send(round=round_, respond_by=_days(5), actor=cdo)
    assert _snapshot(round_) == before


def test_submissions_waiting_for_review_block_the_release(cdo):
    round_ = closed_round()
    approved(round_, CAMDEN)
    assessment(round_, HACKNEY, status=Assessment.Status.SUBMITTED)
    before = _snapshot(round_)
    with pytest.raises(ProvisionalRefused, match="1 submitted assessment is still waiting"):
        round_provisional_send(round=round_, respond_by=_days(5), actor=cdo)
    assert _snapshot(round_) == before


def test_a_round_with_nothing_approved_is_not_released(cdo):
    round_ = closed_round()
    before = _snapshot(round_)
    with pytest.raises(ProvisionalRefused, match="no assessment in it is approved"):
        round_provisional_send(round=round_, respond_by=_days(5), actor=cdo)
    assert _snapshot(round_) == before


@pytest.mark.parametrize("offset", [-1, RESPOND_DAYS_MAX + 1])
def test_a_bad_date_is_refused_and_changes_nothing(cdo, offset):
    round_ = closed_round()
    approved(round_, CAMDEN)
    before = _snapshot(round_)
    with pytest.raises(ValidationError):
        round_provisional_send(round=round_, respond_by=_days(offset), actor=cdo)
    assert _snapshot(round_) == before


def test_only_the_cdo_office_sends(lead, admin_user):
    round_ = closed_round()
    approved(round_, CAMDEN)
    before = _snapshot(round_)
    with pytest.raises(PermissionDenied):
        round_provisional_send(round=round_, respond_by=_days(5), actor=lead)
    assert _snapshot(round_) == before
    round_provisional_send(round=round_, respond_by=_days(5), actor=admin_user)


# --- Responding ------------------------------------------------------------------------------


def test_a_lead_confirms_and_it_is_audited(lead):
    round_ = released()
    response = provisional_respond(
        round=round_,
        authority=lead.membership.authority,
        kind=CONFIRMED,
        text="ignored",
        actor=lead,
    )
    assert response.kind == CONFIRMED and response.text == ""
    assert response.responded_by == lead
    event = AuditEvent.objects.get(action="provisional.confirm")
    assert event.detail["authority"] == "camden" and event.detail["replaced"] is None


def test_a_correction_emails_the_cdo_office_and_a_later_confirmation_replaces_it(
    lead, cdo, on_commit
):
    round_ = released()
    authority = lead.membership.authority
    with on_commit():
        first = provisional_respond(
            round=round_, authority=authority, kind=CORRECTION, text=" Data is 62 ", actor=lead
        )
    assert first.text == "Data is 62"
    assert [m.to for m in mail.outbox] == [[cdo.email]]
    assert "Data is 62" in mail.outbox[0].body
    assert f"/review/rounds/{round_.slug}/release/" in mail.outbox[0].body
    provisional_correction_resolve(response=first, resolution="Reopened it", actor=cdo)
    second = provisional_respond(
        round=round_, authority=authority, kind=CONFIRMED, text="", actor=lead
    )
    assert second.pk == first.pk
    stored = ProvisionalResponse.objects.get()
    assert (stored.kind, stored.text, stored.resolved_at, stored.resolution) == (
        CONFIRMED,
        "",
        None,
        "",
    )
    assert AuditEvent.objects.get(action="provisional.confirm").detail["replaced"] == CORRECTION


def test_a_new_correction_reopens_a_resolved_one(lead, cdo):
    round_ = released()
    authority = lead.membership.authority
    response = provisional_respond(
        round=round_, authority=authority, kind=CORRECTION, text="One", actor=lead
    )
    provisional_correction_resolve(response=response, resolution="Done", actor=cdo)
    again = provisional_respond(
        round=round_, authority=authority, kind=CORRECTION, text="Two", actor=lead
    )
    assert again.is_open_correction and again.resolved_by is None


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (CORRECTION, "   ", "Enter what needs correcting"),
        (CORRECTION, "x" * 5001, "5,000 characters or fewer"),
        ("maybe", "", "Choose whether"),
    ],
)
def test_bad_responses_are_refused_and_change_nothing(lead, kind, text, message):
    round_ = released()
    before = _snapshot(round_)
    with pytest.raises(ValidationError, match=message):
        provisional_respond(
            round=round_, authority=lead.membership.authority, kind=kind, text=text, actor=lead
        )
    assert _snapshot(round_) == before


def test_only_the_authoritys_leads_respond(lead, contributor, other_lead, cdo):
    round_ = released()
    camden = lead.membership.authority
    before = _snapshot(round_)
    for actor in (contributor, other_lead, cdo):
        with pytest.raises(PermissionDenied):
            provisional_respond(
                round=round_, authority=camden, kind=CONFIRMED, text="", actor=actor
            )
    assert _snapshot(round_) == before


def _refused_response(round_, lead, words):
    before = _snapshot(round_)
    with pytest.raises(ProvisionalRefused, match=words):
        provisional_respond(
            round=round_,
            authority=lead.membership.authority,
            kind=CONFIRMED,
            text="",
            actor=lead,
        )
    assert _snapshot(round_) == before


def test_no_response_without_a_release(lead):
    round_ = closed_round()
    approved(round_, CAMDEN)
    _refused_response(round_, lead, "no provisional release")


def test_no_response_after_the_date(lead):
    round_ = released()
    Round.objects.filter(pk=round_.pk).update(provisional_respond_by=_days(-1))
    _refused_response(round_, lead, "has passed")


def test_a_response_on_the_last_day_is_accepted(lead):
    round_ = released(days=0)
    provisional_respond(
        round=round_, authority=lead.membership.authority, kind=CONFIRMED, text="", actor=lead
    )


def test_no_response_once_published(lead):
    round_ = released()
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.PUBLISHED)
    _refused_response(round_, lead, "is published")


def test_no_response_without_approved_results(lead):
    round_ = released(codes=(HACKNEY,))
    assessment(round_, CAMDEN, status=Assessment.Status.RETURNED)
    _refused_response(round_, lead, "no approved results")


# --- Resolving ---------------------------------------------------------------------------------


def _correction(round_, lead) -> ProvisionalResponse:
    return provisional_respond(
        round=round_,
        authority=lead.membership.authority,
        kind=CORRECTION,
        text="Wrong",
        actor=lead,
    )


def test_resolving_keeps_the_note_and_is_audited(lead, cdo):
    round_ = released()
    response = _correction(round_, lead)
    provisional_correction_resolve(response=response, resolution=" Reopened ", actor=cdo)
    stored = ProvisionalResponse.objects.get()
    assert stored.resolution == "Reopened" and stored.resolved_by == cdo
    assert not stored.is_open_correction and response.resolved_at is not None
    event = AuditEvent.objects.get(action="provisional.resolve")
    assert event.detail["resolution"] == "Reopened" and event.target == round_.slug


def test_resolving_needs_a_note_the_cdo_office_and_an_open_correction(lead, cdo):
    round_ = released()
    response = _correction(round_, lead)
    before = _snapshot(round_)
    with pytest.raises(ValidationError):
        provisional_correction_resolve(response=response, resolution="  ", actor=cdo)
    with pytest.raises(PermissionDenied):
        provisional_correction_resolve(response=response, resolution="Fine", actor=lead)
    assert _snapshot(round_) == before
    provisional_correction_resolve(response=response, resolution="Fine", actor=cdo)
    before = _snapshot(round_)
    with pytest.raises(ProvisionalRefused, match="not an open correction"):
        provisional_correction_resolve(response=response, resolution="Again", actor=cdo)
    assert _snapshot(round_) == before


# --- Publishing ----------------------------------------------------------------------------------


def test_publishing_is_refused_while_a_correction_is_open_naming_the_authority(lead, admin_user):
    round_ = released()
    _correction(round_, lead)
    before = _snapshot(round_)
    with pytest.raises(InvalidRoundTransition, match=r"1 correction .* still open \(Camden\)"):
        round_publish(round=round_, actor=admin_user)
    with pytest.raises(InvalidRoundTransition):
        round_publish(round=round_, actor=admin_user, override_reason="   ")
    assert _snapshot(round_) == before


def test_publishing_with_a_reason_overrides_and_keeps_it(lead, admin_user):
    round_ = released()
    _correction(round_, lead)
    round_publish(round=round_, actor=admin_user, override_reason=" Minister's deadline ")
    stored = Round.objects.get(pk=round_.pk)
    assert stored.status == Round.Status.PUBLISHED
    assert stored.publish_override_reason == "Minister's deadline"
    event = AuditEvent.objects.get(action="round.publish")
    assert event.detail["override_reason"] == "Minister's deadline"
    assert event.detail["open_corrections"] == ["camden"]


def test_publishing_once_corrections_are_resolved_needs_no_reason(lead, cdo, admin_user):
    round_ = released()
    provisional_correction_resolve(
        response=_correction(round_, lead), resolution="Stands", actor=cdo
    )
    round_publish(round=round_, actor=admin_user, override_reason="not needed")
    stored = Round.objects.get(pk=round_.pk)
    assert stored.status == Round.Status.PUBLISHED
    assert stored.publish_override_reason == ""
    assert "override_reason" not in AuditEvent.objects.get(action="round.publish").detail


def test_the_admin_action_shows_the_refusal(lead, admin_user, client):
    round_ = released()
    _correction(round_, lead)
    client.force_login(admin_user)
    response = client.post(
        "/admin/surveys/round/",
        {"action": "publish_rounds", "_selected_action": [round_.pk]},
        follow=True,
    )
    assert "still open (Camden)" in response.content.decode()
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL's row locks; SQLite serialises writers anyway",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_leads_responding_at_once_leave_one_response_on_postgresql(monkeypatch):
    """Both leads' first responses at once: without the round's row lock both would find
    no response and the second insert would break the one-per-authority constraint; with
    it the second waits, then replaces the first."""
    first = factories.make_member("lead", CAMDEN, username="lead-one")
    second = factories.make_member("lead", CAMDEN, username="lead-two")
    round_ = released()
    authority = first.membership.authority
    start, meet = threading.Barrier(2), threading.Barrier(2)
    real_check = provisional_services.check_can_respond

    def slow_check(*args, **kwargs):
        real_check(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait(timeout=1)  # the other is waiting for the lock: gives up after 1 s

    monkeypatch.setattr(provisional_services, "check_can_respond", slow_check)
    outcomes = []

    def respond(actor, kind, text):
        try:
            start.wait(timeout=10)
            provisional_respond(
                round=round_, authority=authority, kind=kind, text=text, actor=actor
            )
            outcomes.append("done")
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=respond, args=(first, CONFIRMED, "")),
        threading.Thread(target=respond, args=(second, CORRECTION, "Wrong")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == ["done", "done"]
    assert ProvisionalResponse.objects.filter(round=round_).count() == 1
    assert AuditEvent.objects.filter(action__startswith="provisional.").count() == 2

"""Emails: who gets them, what they say, that they wait for the commit; the reminder command."""

import datetime
import logging
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from accounts import emails
from audit.models import AuditEvent
from boroughs.models import Authority
from surveys.models import Assessment, Round
from surveys.review import notifications
from surveys.review.services.assessments import (
    assessment_approve,
    assessment_reopen,
    assessment_return,
)
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, ISLINGTON, assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status


@pytest.fixture
def execute_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks at the end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submitted_goes_to_each_cdo_office_member_separately(
    open_round, lead, cdo, admin_user, execute_on_commit
):
    second = factories.make_cdo(username="cdo-2")
    factories.make_cdo(username="cdo-no-email", email="")
    factories.make_cdo(username="cdo-left", is_active=False)
    submitted = assessment(open_round, CAMDEN, by=lead)
    with execute_on_commit():
        notifications.notify_submitted(submitted)
    assert [m.to for m in mail.outbox] == sorted([[cdo.email], [second.email]])
    message = mail.outbox[0]
    assert message.subject == f"Camden has submitted its assessment for {open_round.name}"
    assert f"{settings.SERVICE_BASE_URL}/review/assessments/{submitted.reference}/" in message.body


def test_submitted_waits_for_the_commit(open_round, lead, cdo, django_capture_on_commit_callbacks):
    submitted = assessment(open_round, CAMDEN, by=lead)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.notify_submitted(submitted)
    assert mail.outbox == []
    assert len(callbacks) == 1


@override_settings(SERVICE_BASE_URL="https://maturity.example.org/")
def test_links_use_the_service_address(open_round, lead, cdo, execute_on_commit):
    with execute_on_commit():
        notifications.notify_submitted(assessment(open_round, CAMDEN, by=lead))
    assert "https://maturity.example.org/review/assessments/" in mail.outbox[0].body


def test_returned_tells_the_leads_only_with_the_comment(
    open_round, lead, contributor, other_lead, cdo, execute_on_commit
):
    second_lead = factories.make_member("lead", CAMDEN, username="lead-a2")
    submitted = assessment(open_round, CAMDEN, by=lead)
    with execute_on_commit():
        assessment_return(
            assessment=submitted, actor=cdo, comment="Say more about your cloud <plans> & costs"
        )
    assert _recipients() == sorted([lead.email, second_lead.email])
    message = mail.outbox[0]
    assert message.subject == f"Your {open_round.name} assessment needs changes"
    # Plain text: the comment exactly as written, never HTML-escaped.
    assert "Say more about your cloud <plans> & costs" in message.body
    assert "/assessments/" in message.body


def test_approved_and_reopened_tell_the_leads(
    open_round, lead, contributor, cdo, admin_user, execute_on_commit
):
    submitted = assessment(open_round, CAMDEN, by=lead)
    with execute_on_commit():
        assessment_approve(assessment=submitted, actor=cdo)
    assert _recipients() == [lead.email]
    assert "has been approved" in mail.outbox[0].subject
    with execute_on_commit():
        assessment_reopen(assessment=submitted, actor=admin_user, reason="Data was wrong")
    assert len(mail.outbox) == 2
    assert "reopened" in mail.outbox[1].subject
    assert "Data was wrong" in mail.outbox[1].body


def test_no_email_for_an_invalid_transition(open_round, lead, cdo, execute_on_commit):
    draft = assessment(open_round, CAMDEN, status=Status.DRAFT, by=lead)
    with execute_on_commit(), pytest.raises(Exception, match="Only submitted"):
        assessment_approve(assessment=draft, actor=cdo)
    assert mail.outbox == []


def test_a_mail_server_failure_is_logged_not_raised(open_round, lead, cdo, monkeypatch, caplog):
    class Broken:
        def send_messages(self, messages):
            raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(emails, "get_connection", lambda: Broken())
    with caplog.at_level(logging.ERROR, logger="accounts.emails"):
        sent = emails.send_each("Subject", "Body", ["someone@example.gov.uk"])
    assert sent == 0
    assert "could not send" in caplog.text


# --- send_reminders ---------------------------------------------------------------


@pytest.fixture
def closing_round(open_round):
    Round.objects.filter(pk=open_round.pk).update(
        closes_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    open_round.refresh_from_db()
    return open_round


def _run(*args) -> str:
    """The command's output, its queued reminders sent as the worker would (in the test
    process: ImmediateBackend runs a task when the command's transaction commits)."""
    out = StringIO()
    # Settings first: the callbacks run as the second context exits, on ImmediateBackend.
    with (
        override_settings(TASKS=settings.IMMEDIATE_TASKS),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_recipients_and_sends_nothing(closing_round, lead, contributor, other_lead):
    assessment(closing_round, HACKNEY, status=Status.SUBMITTED)
    output = _run("--days", "7", "--dry-run")
    assert f"Camden, not started: {lead.get_full_name()} <{lead.email}>" in output
    assert contributor.email not in output
    assert other_lead.email not in output  # Hackney has submitted
    assert "Islington, not started: no digital lead with an email" in output
    assert "Dry run: 1 reminder(s) would be sent" in output
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="reminders.send").exists()


def test_real_run_sends_to_the_leads_that_have_not_submitted(closing_round, lead, other_lead):
    assessment(closing_round, ISLINGTON, status=Status.RETURNED)
    islington = factories.make_member("lead", ISLINGTON, username="lead-c")
    output = _run("--days", "7")
    assert _recipients() == sorted([lead.email, other_lead.email, islington.email])
    assert "Queued 3 reminder(s) to the leads of 3 authorities; the worker sends them." in output
    body = next(m.body for m in mail.outbox if m.to == [islington.email])
    assert "status: returned" in body
    assert closing_round.name in mail.outbox[0].subject
    audit = AuditEvent.objects.get(action="reminders.send")
    assert audit.detail == {"days": 7, "recipients": 3, "queued": 3}


def test_rounds_closing_later_are_left_alone(closing_round, lead):
    output = _run("--days", "2")
    assert "No open round closing within 2 day(s)" in output
    assert mail.outbox == []


def test_only_the_named_round(closing_round, lead):
    other = factories.RoundFactory(closes_on=closing_round.closes_on)
    assert "Camden" in _run("--days", "7", "--dry-run", "--round", closing_round.slug)
    output = _run("--days", "7", "--round", other.slug)
    assert other.name in mail.outbox[0].subject
    assert all(closing_round.name not in m.subject for m in mail.outbox)
    assert "Queued 1 reminder(s) to the leads of 1 authority" in output


def test_bad_arguments(closing_round):
    with pytest.raises(CommandError, match="no round with the slug"):
        _run("--days", "7", "--round", "nope")
    with pytest.raises(CommandError, match="0 or more"):
        _run("--days", "-1")


# --- reminders through the task queue ----------------------------------------------------


def test_reminders_are_queued_not_sent_until_the_commit(
    closing_round, lead, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []
    queue = SimpleNamespace(enqueue=lambda **kwargs: enqueued.append(kwargs))
    monkeypatch.setattr(notifications, "reminder_send", queue)
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("send_reminders", "--days", "7", stdout=StringIO())
    assert enqueued == []
    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    camden = Authority.objects.get(gss_code=CAMDEN)
    assert {"round_id": closing_round.pk, "authority_id": camden.pk} in [
        {key: job[key] for key in ("round_id", "authority_id")} for job in enqueued
    ]
    camden_job = next(job for job in enqueued if job["authority_id"] == camden.pk)
    assert camden_job["addresses"] == [lead.email]
    assert camden_job["status_label"] == "Not started"


def test_the_reminder_task_sends_the_reminder(closing_round, lead):
    camden = Authority.objects.get(gss_code=CAMDEN)
    sent = notifications.reminder_send.call(
        round_id=closing_round.pk,
        authority_id=camden.pk,
        status_label="In progress",
        addresses=[lead.email, "second@camden.gov.uk"],
    )
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, "second@camden.gov.uk"])
    message = mail.outbox[0]
    assert closing_round.name in message.subject
    assert "status: in progress" in message.body


def test_the_reminder_task_of_a_deleted_round_sends_nothing(closing_round, lead):
    camden = Authority.objects.get(gss_code=CAMDEN)
    kwargs = {"authority_id": camden.pk, "status_label": "x", "addresses": [lead.email]}
    assert notifications.reminder_send.call(round_id=closing_round.pk + 999, **kwargs) == 0
    assert mail.outbox == []

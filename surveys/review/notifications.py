"""Emails about assessments: submitted (to the CDO office), returned, approved or
reopened (to the authority's digital leads), and reminders before a round closes.

Reminders go through the task queue (decision 25): ``reminder_queue`` enqueues
``reminder_send`` once the transaction commits, and the worker (``manage.py db_worker``)
sends them, so a command or page that asks for hundreds of emails answers at once.

Every ``notify_*`` function sends only once the surrounding transaction commits
(``transaction.on_commit``; straight away outside one), so a rolled-back change never
sends mail. One message per recipient, so nobody sees anyone else's address. A mail
server failure is logged and never undoes or breaks the action that caused it.

Links are absolute, built from ``settings.SERVICE_BASE_URL`` (default
``http://127.0.0.1:8000``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django_tasks import task

from accounts.emails import absolute_url, send_each
from accounts.roles import GROUP_CDO_OFFICE
from boroughs.models import Authority, Membership
from surveys.models import Round

logger = logging.getLogger(__name__)


def lead_addresses(authority_id: int) -> list[str]:
    """Email addresses of the authority's active digital leads (contributors are not told)."""
    return list(
        User.objects.filter(
            membership__authority_id=authority_id,
            membership__role=Membership.Role.LEAD,
            is_active=True,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
    )


def cdo_office_addresses() -> list[str]:
    """Email addresses of the CDO office group's active members."""
    return list(
        User.objects.filter(groups__name=GROUP_CDO_OFFICE, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _context(assessment) -> dict:
    return {
        "service_name": settings.SERVICE_NAME,
        "authority": assessment.authority.name,
        "round": assessment.round.name,
        "closes_on": assessment.round.closes_on,
        "reference": assessment.reference,
    }


def _later(send) -> None:
    transaction.on_commit(send, robust=True)


def notify_submitted(assessment) -> None:
    """Tell the CDO office an assessment has been submitted for review (after commit).

    For ``assessment_submit`` (journey) to call inside its transaction.
    """
    context = _context(assessment) | {
        "url": absolute_url(reverse("review:assessment", args=[assessment.reference])),
    }
    subject = f"{context['authority']} has submitted its assessment for {context['round']}"
    body = render_to_string("emails/assessment_submitted.txt", context)
    _later(lambda: send_each(subject, body, cdo_office_addresses()))


def _notify_leads(assessment, template: str, subject: str, **extra) -> None:
    context = _context(assessment) | {"url": absolute_url(reverse("surveys:start"))} | extra
    body = render_to_string(template, context)
    authority_id = assessment.authority_id
    _later(lambda: send_each(subject, body, lead_addresses(authority_id)))


def notify_returned(assessment, *, comment: str, queries: int = 0, first_query=None) -> None:
    """Tell the authority's leads their assessment was returned: the comment, how many
    answers the CDO office queried, and a link to the first queried question."""
    first_query_url = (
        absolute_url(reverse("surveys:question", args=[assessment.reference, first_query.code]))
        if first_query is not None
        else ""
    )
    _notify_leads(
        assessment,
        "emails/assessment_returned.txt",
        f"Your {assessment.round.name} assessment needs changes",
        comment=comment,
        queries=queries,
        first_query_url=first_query_url,
    )


def notify_approved(assessment) -> None:
    """Tell the authority's leads their assessment was approved."""
    _notify_leads(
        assessment,
        "emails/assessment_approved.txt",
        f"Your {assessment.round.name} assessment has been approved",
    )


def notify_reopened(assessment, *, reason: str) -> None:
    """Tell the authority's leads their approved assessment was reopened, with the reason."""
    _notify_leads(
        assessment,
        "emails/assessment_reopened.txt",
        f"Your {assessment.round.name} assessment has been reopened",
        reason=reason,
    )


def send_reminder(*, round, authority, status_label: str, addresses: list[str]) -> int:
    """Remind an authority's leads that the round closes soon; the number of emails sent."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "authority": authority.name,
        "round": round.name,
        "closes_on": round.closes_on,
        "status": status_label,
        "url": absolute_url(reverse("surveys:start")),
    }
    subject = f"Reminder: {round.name} closes on {date_format(round.closes_on, 'j F Y')}"
    return send_each(subject, render_to_string("emails/reminder.txt", context), addresses)


@task()
def reminder_send(
    *, round_id: int, authority_id: int, status_label: str, addresses: list[str]
) -> int:
    """The queue's task: ``send_reminder`` for one authority, the round and authority read
    afresh (a deleted one sends nothing); the number of emails sent."""
    round_ = Round.objects.filter(pk=round_id).first()
    authority = Authority.objects.filter(pk=authority_id).first()
    if round_ is None or authority is None:
        return 0
    return send_reminder(
        round=round_, authority=authority, status_label=status_label, addresses=addresses
    )


def reminder_queue(*, round, authority, status_label: str, addresses: list[str]) -> None:
    """Queue ``reminder_send`` for when the current transaction commits (at once outside
    one); a failure to queue is raised to the caller, never swallowed."""
    transaction.on_commit(
        lambda: reminder_send.enqueue(
            round_id=round.pk,
            authority_id=authority.pk,
            status_label=status_label,
            addresses=list(addresses),
        )
    )


# --- The provisional release (surveys.review.services.provisional) ------------------------


def notify_provisional_release(*, round, authority_id: int, authority_name: str) -> None:
    """Tell an authority's leads their provisional results in ``round`` are ready to check,
    with the date to respond by and a link to their page (after commit)."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "authority": authority_name,
        "round": round.name,
        "respond_by": round.provisional_respond_by,
        "url": absolute_url(reverse("surveys:provisional", args=[round.slug])),
    }
    subject = (
        f"Check your provisional {round.name} results by "
        f"{date_format(round.provisional_respond_by, 'j F Y')}"
    )
    body = render_to_string("emails/provisional_release.txt", context)
    _later(lambda: send_each(subject, body, lead_addresses(authority_id)))


def notify_provisional_correction(response) -> None:
    """Tell the CDO office an authority raised a correction to its provisional results,
    with the text and a link to the round's release page (after commit)."""
    context = {
        "service_name": settings.SERVICE_NAME,
        "authority": response.authority.name,
        "round": response.round.name,
        "text": response.text,
        "url": absolute_url(reverse("review:release", args=[response.round.slug])),
    }
    subject = f"{context['authority']} raised a correction to its {context['round']} results"
    body = render_to_string("emails/provisional_correction.txt", context)
    _later(lambda: send_each(subject, body, cdo_office_addresses()))

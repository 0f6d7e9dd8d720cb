"""Email the digital leads of authorities that have not submitted, when a round closes soon.

The emails are queued (one task per authority, ``surveys.review.notifications.reminder_send``)
and sent by the worker (``manage.py db_worker``).
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.services import audit_record
from surveys.models import Round
from surveys.review.notifications import reminder_queue
from surveys.review.progress import reminders_due


class Command(BaseCommand):
    help = (
        "Remind the digital leads of every authority that has not submitted (not started, "
        "in progress or returned) in an open round closing within --days days. "
        "--dry-run lists the recipients without sending anything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, required=True, help="Rounds closing within this many days."
        )
        parser.add_argument("--round", dest="round_slug", help="Only this round (its slug).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the recipients; send nothing."
        )

    def handle(self, *args, days, round_slug=None, dry_run=False, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        round_ = None
        if round_slug:
            round_ = Round.objects.filter(slug=round_slug).first()
            if round_ is None:
                raise CommandError(f"There is no round with the slug {round_slug!r}.")
        reminders = reminders_due(days=days, round=round_)
        if not reminders:
            self.stdout.write(f"No open round closing within {days} day(s) has anyone to remind.")
            return
        with transaction.atomic():  # the audit record and the queued tasks, or neither
            recipients, queued = self._remind(reminders, days=days, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Dry run: {recipients} reminder(s) would be sent. Nothing was sent.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Queued {recipients} reminder(s) to the leads of {queued} authorit"
                f"{'y' if queued == 1 else 'ies'}; the worker sends them."
            )
        )

    def _remind(self, reminders, *, days: int, dry_run: bool) -> tuple[int, int]:
        queued = 0
        recipients = 0
        for reminder in reminders:
            heading = (
                f"{reminder.round.name} (closes {reminder.round.closes_on:%Y-%m-%d}): "
                f"{reminder.authority.name}, {reminder.status.label.lower()}"
            )
            if not reminder.recipients:
                self.stdout.write(self.style.WARNING(f"{heading}: no digital lead with an email"))
                continue
            for name, email in reminder.recipients:
                self.stdout.write(f"{heading}: {name} <{email}>")
            recipients += len(reminder.recipients)
            if not dry_run:
                reminder_queue(
                    round=reminder.round,
                    authority=reminder.authority,
                    status_label=reminder.status.label,
                    addresses=[email for _, email in reminder.recipients],
                )
                queued += 1
        if not dry_run:
            audit_record(
                action="reminders.send",
                target=", ".join(sorted({r.round.slug for r in reminders}))[:300],
                detail={"days": days, "recipients": recipients, "queued": queued},
            )
        return recipients, queued

"""Email the digital leads of authorities that have not submitted, when a round closes soon."""

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_record
from surveys.models import Round
from surveys.review.notifications import send_reminder
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
        sent = 0
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
                sent += send_reminder(
                    round=reminder.round,
                    authority=reminder.authority,
                    status_label=reminder.status.label,
                    addresses=[email for _, email in reminder.recipients],
                )
        if dry_run:
            self.stdout.write(f"Dry run: {recipients} reminder(s) would be sent. Nothing was sent.")
            return
        audit_record(
            action="reminders.send",
            target=", ".join(sorted({r.round.slug for r in reminders}))[:300],
            detail={"days": days, "recipients": recipients, "sent": sent},
        )
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} of {recipients} reminder(s)."))

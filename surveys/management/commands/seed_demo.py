from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from surveys.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Create demo accounts (lead-<slug>, contributor-<slug>, cdo, admin) and plausible "
        "assessments for all 33 authorities in three rounds. Development only; idempotent."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only: refusing to run with DEBUG off.")
        created = seed_demo(password=settings.DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created['rounds']} rounds and "
                f"{created['assessments']} assessments created."
            )
        )

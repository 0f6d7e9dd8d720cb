"""Delete the files of export jobs past their expiry (settings.EXPORT_FILE_LIFETIME)."""

from django.core.management.base import BaseCommand

from reports.exports.jobs import export_job_purge_expired


class Command(BaseCommand):
    help = (
        "Delete the files of export jobs that have expired (EXPORT_FILE_LIFETIME seconds "
        "after they were ready) and fail jobs left queued that long. Run it hourly."
    )

    def handle(self, *args, **options):
        purged = export_job_purge_expired()
        self.stdout.write(f"Deleted {purged} expired export file(s).")

"""The reports app's one table: export jobs (large exports built by a background worker)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportJob(models.Model):
    """One export asked for by one person, built by a worker (``reports.exports.jobs``).

    The finished file is kept in the database (``content``), so every web server can serve
    it and nothing lives on one server's disk; it is deleted when it expires. Only the
    person who asked may see the job or download the file
    (``reports.exports.job_selectors``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(max_length=40)  # a name in reports.exports.registry.KINDS
    file_format = models.CharField(max_length=4, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True)  # the exports page's form, cleaned
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_written = models.PositiveIntegerField(default=0)
    rows_expected = models.PositiveIntegerField(null=True, blank=True)  # an estimate
    content = models.BinaryField(null=True, blank=True, editable=False)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result's id
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="exportjob_user_recent"),
            models.Index(fields=["expires_at"], name="exportjob_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.file_format}) for {self.user_id}, {self.status}"

    def expired(self) -> bool:
        """Past its expiry, whether or not its file has been purged yet."""
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED, self.Status.EXPIRED)

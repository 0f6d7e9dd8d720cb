"""Reads of export jobs, always of one person's own: a job is seen only by whoever asked for
it (another person, CDO office or admin alike, gets nothing, so the view answers 404)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import BinaryField, F, Func, QuerySet, Value

from reports.models import ExportJob

RECENT = 10  # jobs listed on the exports page
CHUNK = 1024 * 1024  # bytes of a file read from the database at a time


def export_jobs_of(user) -> QuerySet[ExportJob]:
    """The user's jobs, newest first, without their files' content (it may be megabytes)."""
    return ExportJob.objects.filter(user=user).defer("content").order_by("-created_at", "-pk")


def export_jobs_recent(user) -> list[ExportJob]:
    """The user's ``RECENT`` newest jobs, for the exports page."""
    return list(export_jobs_of(user)[:RECENT])


def export_job_of(user, job_id: int) -> ExportJob | None:
    """The user's job ``job_id`` without its content, or None (none, or someone else's)."""
    return export_jobs_of(user).filter(pk=job_id).first()


def export_job_chunks(job: ExportJob) -> Iterator[bytes]:
    """The job's file, ``CHUNK`` bytes at a time (SUBSTR in the database), so a download
    of a large file never holds all of it in the server's memory."""
    for start in range(0, job.size, CHUNK):
        part = Func(
            F("content"),
            Value(start + 1),
            Value(CHUNK),
            function="SUBSTR",
            output_field=BinaryField(),
        )
        chunk = ExportJob.objects.filter(pk=job.pk).values_list(part, flat=True).first()
        if not chunk:  # purged while it was being sent
            return
        yield bytes(chunk)

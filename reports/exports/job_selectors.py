"""Reads of export jobs, always of one person's own: a job is seen only by whoever asked for
it (another person, CDO office or admin alike, gets nothing, so the view answers 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from reports.models import ExportJob

RECENT = 10  # jobs listed on the exports page


def export_jobs_of(user) -> QuerySet[ExportJob]:
    """The user's jobs, newest first, without their files' content (it may be megabytes)."""
    return ExportJob.objects.filter(user=user).defer("content").order_by("-created_at", "-pk")


def export_jobs_recent(user) -> list[ExportJob]:
    """The user's ``RECENT`` newest jobs, for the exports page."""
    return list(export_jobs_of(user)[:RECENT])


def export_job_of(user, job_id: int) -> ExportJob | None:
    """The user's job ``job_id`` without its content, or None (none, or someone else's)."""
    return export_jobs_of(user).filter(pk=job_id).first()


def export_job_file(user, job_id: int) -> ExportJob | None:
    """The user's job ``job_id`` with its file's content, or None (none, or someone else's)."""
    return ExportJob.objects.filter(user=user, pk=job_id).first()

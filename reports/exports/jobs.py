"""Exports built by a background worker (decision 25): requested by the page, built by
``export_job_build`` on the task queue, kept in the database until they expire.

When an export is a job (``export_is_job``): an Excel file of answers always (a workbook
must be complete before its first byte can be sent: 9-13 s for a national round), and an
answers CSV of more than ``DIRECT_ROWS`` rows (about three national rounds). Everything
else is small and streams straight from the request (``reports.exports.views``).

Files are kept for ``settings.EXPORT_FILE_LIFETIME`` seconds (default 24 hours) after they
are ready (the file's URL answers 410 from then), then ``export_job_purge_expired``
deletes their content: after each job the worker builds, and by ``manage.py
purge_exports`` (hourly, by cron or a systemd timer beside the worker).
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from audit.services import audit_record
from reports.exports.forms import ExportForm
from reports.exports.registry import export_kind
from reports.exports.render import csv_chunks, write_xlsx
from reports.exports.tables import Scope, Table
from reports.models import ExportJob
from surveys.models import Answer

logger = logging.getLogger(__name__)

DIRECT_ROWS = 100_000  # an answers CSV of more rows than this is a job
PROGRESS_EVERY = 1_000  # rows between two progress updates of a job
UNEXPECTED = "Something went wrong while making the file."


def estimated_rows(kind: str, scope: Scope) -> int | None:
    """How many rows the export will have (answers only: a count of the stored answers in
    scope; None for the other kinds, which are at most a few thousand rows)."""
    if kind != "answers":
        return None
    answers = Answer.objects.filter(
        assessment__round__in=scope.rounds(), assessment__authority__in=scope.authorities()
    )
    if scope.area_code:
        answers = answers.filter(question__area__code=scope.area_code)
    return answers.count()


def export_is_job(kind: str, file_format: str, rows: int | None) -> bool:
    """Whether an export is built by the worker rather than in the request (module doc)."""
    if kind != "answers":
        return False
    return file_format == "xlsx" or (rows or 0) > DIRECT_ROWS


@transaction.atomic
def export_job_request(
    *,
    user,
    kind: str,
    scope_filters: dict,
    file_format: str,
    rows_expected: int | None = None,
    request=None,
) -> ExportJob:
    """Record the job, queue ``export_job_build`` for when this transaction commits, and
    audit ``export.<kind>`` as a direct download is (the file itself is audited as
    ``export.file`` each time it is downloaded). The same export asked for again while the
    person's earlier one is still queued or being built is that job (not queued twice).

    ``scope_filters`` is the exports form's cleaned data (JSON: slugs, codes, a flag); the
    worker binds the form to it again, so a round deleted meanwhile fails the job cleanly.
    """
    export = export_kind(kind)
    filters = {name: value for name, value in scope_filters.items() if value}
    waiting = ExportJob.objects.filter(
        user=user,
        kind=export.name,
        file_format=file_format,
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
    ).defer("content")
    for same in waiting:
        if same.filters == filters:
            return same  # a second click, or a reloaded link: the same job, nothing new queued
    job = ExportJob.objects.create(
        user=user,
        kind=export.name,
        file_format=file_format,
        filters=filters,
        rows_expected=rows_expected,
    )
    transaction.on_commit(lambda: _enqueue(job.pk), robust=False)
    audit_record(
        action=f"export.{export.name}",
        actor=user,
        target=f"export job {job.pk}",
        request=request,
        detail={"format": file_format, "job": job.pk, **filters},
    )
    return job


def _enqueue(job_id: int) -> None:
    result = export_job_build.enqueue(job_id=job_id)
    # An immediate backend has already run the job; only record the queue's id.
    ExportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


class _Progress:
    """The rows, passed through and counted, the job's progress written every
    PROGRESS_EVERY rows (one UPDATE, committed at once outside a transaction)."""

    def __init__(self, rows: Iterable[Sequence], job_id: int) -> None:
        self.rows = rows
        self.job_id = job_id
        self.count = 0
        self.started = False

    def __iter__(self) -> Iterator[Sequence]:
        self.started = True
        for row in self.rows:
            yield row
            self.count += 1
            if self.count % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job_id).update(rows_written=self.count)


def _scope(filters: dict) -> Scope:
    form = ExportForm(filters)
    if not form.is_valid():
        raise ValueError(
            "The filters are no longer valid: "
            + "; ".join(str(error) for errors in form.errors.values() for error in errors)
        )
    return form.scope()


def _write(table: Table, progress: _Progress, file_format: str, bom: bool, spool) -> None:
    """The file, its rows counted as they go; a CSV the database writes itself (the
    answers by COPY on PostgreSQL, ``render.csv_chunks``) is not counted row by row."""
    counted = replace(table, rows=progress)  # the same kind of table, so COPY stays open
    if file_format == ExportJob.Format.XLSX:
        write_xlsx(counted, spool)
        return
    for chunk in csv_chunks(counted, bom=bom):
        spool.write(chunk)


def export_job_run(job_id: int) -> str:
    """Build a queued job's file with the kind's table builder and store it; its status
    becomes ready (with an expiry) or failed (with a message, and the error raised for the
    queue's record). A job that is not queued (already run, or gone) is left alone."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, started_at=now
    ):
        return "not queued"
    job = ExportJob.objects.defer("content").get(pk=job_id)
    try:
        table = export_kind(job.kind).build(_scope(job.filters))
        if table is None:
            raise ValueError("There is nothing to export")
        progress = _Progress(table.rows, job_id)
        # Written to a temporary file (an Excel file must be finished before it is read),
        # then stored in one UPDATE: the file is in memory once, at the end.
        with tempfile.TemporaryFile() as spool:
            _write(table, progress, job.file_format, bool(job.filters.get("bom")), spool)
            size = spool.tell()
            spool.seek(0)
            content = spool.read()
    except Exception as error:
        # Our own reasons (stale filters, nothing to export) are shown to the person; any
        # other error only in the log and the queue's record, never on the page.
        message = str(error) if isinstance(error, ValueError) else UNEXPECTED
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED,
            error=message[:300],
            finished_at=timezone.now(),
            expires_at=timezone.now() + _lifetime(),
        )
        raise
    finished = timezone.now()
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.READY,
        content=content,
        size=size,
        # Rows the database wrote (COPY) were not counted: the estimate is their count.
        rows_written=progress.count if progress.started else (job.rows_expected or 0),
        file_name=f"{table.name}.{job.file_format}",
        finished_at=finished,
        expires_at=finished + _lifetime(),
    )
    # Each job also clears away expired files, so they go even where no cron runs the
    # command (one indexed UPDATE).
    export_job_purge_expired(now=finished)
    return "ready"


def _lifetime() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EXPORT_FILE_LIFETIME)


@task()
def export_job_build(job_id: int) -> str:
    """The queue's task: ``export_job_run``."""
    return export_job_run(job_id)


def export_job_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of jobs past their expiry (status expired; the row is kept for the
    person's list and the audit trail), and mark as failed any job queued or running for
    longer than a file's lifetime (its worker died). The number of files deleted."""
    now = now or timezone.now()
    purged = ExportJob.objects.filter(
        status__in=[ExportJob.Status.READY, ExportJob.Status.FAILED], expires_at__lte=now
    ).update(status=ExportJob.Status.EXPIRED, content=None, size=0)
    ExportJob.objects.filter(
        Q(status=ExportJob.Status.QUEUED) | Q(status=ExportJob.Status.RUNNING),
        created_at__lte=now - _lifetime(),
    ).update(
        status=ExportJob.Status.FAILED, error="Not built in time", finished_at=now, expires_at=now
    )
    return purged

"""An export job's pages (``reports.exports.jobs``): its status, the same as JSON for the
page's script, and its file. Each answers 404 for a job that is not the signed-in
person's own, and 403 to anyone who may no longer export (``exports_access``)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from audit.services import audit_record
from reports.exports.job_selectors import export_job_chunks, export_job_of
from reports.exports.registry import FILTER_LABELS, KINDS
from reports.exports.render import CSV_TYPE, XLSX_TYPE
from reports.exports.views import exports_access, see_other
from reports.models import ExportJob


def _context(job: ExportJob) -> dict:
    return {
        "job": job,
        "kind": KINDS.get(job.kind),
        "lifetime_hours": settings.EXPORT_FILE_LIFETIME // 3600,
        "expired": job.status == ExportJob.Status.EXPIRED or job.expired(),
        "filters": [
            (FILTER_LABELS.get(name, "byte-order mark").capitalize(), _shown(value))
            for name, value in job.filters.items()
        ],
    }


def _shown(value) -> str:
    return "Yes" if value is True else str(value)


def _own(request, job_id: int) -> ExportJob:
    job = export_job_of(request.user, job_id)
    if job is None:
        raise Http404("No such export")
    return job


@exports_access
def job(request, job_id: int):
    """What was asked for, its status and progress, and the file's link once it is ready."""
    job = _own(request, job_id)
    return render(request, "reports/exports/job.html", _context(job))


@exports_access
def job_status(request, job_id: int):
    """The job's status as JSON, for static/js/export-job.js to show progress."""
    job = _own(request, job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "rows_written": job.rows_written,
            "rows_expected": job.rows_expected,
            "finished": job.finished,
        },
        headers={"Cache-Control": "no-store"},
    )


@exports_access
def job_file(request, job_id: int):
    """The finished file, to the person who asked only; 410 once it has expired; the job's
    page while it is being built. Each download is audited (``export.file``)."""
    job = export_job_of(request.user, job_id)
    if job is None:
        raise Http404("No such export")
    if job.status == ExportJob.Status.EXPIRED or job.expired():
        return render(request, "reports/exports/job.html", _context(job), status=410)
    if job.status != ExportJob.Status.READY:
        return see_other(reverse("exports:job", args=[job.pk]))
    content_type = XLSX_TYPE if job.file_format == ExportJob.Format.XLSX else CSV_TYPE
    response = StreamingHttpResponse(export_job_chunks(job), content_type=content_type)
    response["Content-Length"] = str(job.size)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    response["Cache-Control"] = "no-store"
    audit_record(
        action="export.file",
        actor=request.user,
        target=job.file_name,
        request=request,
        detail={"job": job.pk, "kind": job.kind, "format": job.file_format},
    )
    return response

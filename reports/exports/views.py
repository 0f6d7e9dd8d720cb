"""CSV and Excel exports for the CDO office and admins.

Views only authorise, bind the filter form, look the kind of export up in
``reports.exports.registry`` and respond: its table builder gives the rows, which
``reports.exports.render`` streams. A large export (``reports.exports.jobs.export_is_job``:
an Excel file of answers, a very long answers CSV) is queued for the worker instead, and
the request answers at once with a redirect (303) to the job's page
(``reports.exports.job_views``).
Each download is recorded in the audit log (answers carry evidence and names).
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access import may_export
from audit.services import audit_record
from reports.exports.forms import ExportForm
from reports.exports.job_selectors import export_jobs_recent
from reports.exports.jobs import estimated_rows, export_is_job, export_job_request
from reports.exports.registry import KINDS, export_kind
from reports.exports.render import FORMATS, table_response


def exports_access(view):
    """Signed in (else to sign in), GET only, CDO office or admin (else 403)."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_export(request.user):
            raise PermissionDenied("Only the CDO office and admins can export data")
        return view(request, *args, **kwargs)

    return wrapped


def see_other(url: str) -> HttpResponseRedirect:
    """A 303 redirect: the browser GETs ``url`` (the job's page) whatever it sent."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _page(request, form, *, status=200, problem=""):
    return render(
        request,
        "reports/exports/index.html",
        {
            "form": form,
            "kinds": KINDS.values(),
            "problem": problem,
            "jobs": export_jobs_recent(request.user),
            "lifetime_hours": settings.EXPORT_FILE_LIFETIME // 3600,
        },
        status=status,
    )


@exports_access
def index(request):
    """The exports page: the filters and a button for each kind of download."""
    form = ExportForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # show any error in a linked, stale or tampered query string
    return _page(request, form)


@exports_access
def download(request, kind: str):
    """One kind of export (the URL names it) as CSV or Excel, with the page's filters."""
    export = export_kind(kind)
    form = ExportForm(request.GET)
    file_format = request.GET.get("format", "csv")
    if not form.is_valid():
        return _page(request, form, status=400)
    if file_format not in FORMATS:
        return _page(request, form, status=400, problem="Choose CSV or Excel")
    scope = form.scope()
    rows = estimated_rows(export.name, scope)
    if export_is_job(export.name, file_format, rows):
        job = export_job_request(
            user=request.user,
            kind=export.name,
            scope_filters=form.cleaned_data,
            file_format=file_format,
            rows_expected=rows,
            request=request,
        )
        return see_other(reverse("exports:job", args=[job.pk]))
    table = export.build(scope)
    if table is None:
        return _page(request, form, status=404, problem="There is no questionnaire to export")
    # Built first (all of an Excel file; a CSV streams as it is sent), so a download
    # that fails to build is never recorded as made.
    response = table_response(table, file_format=file_format, bom=form.cleaned_data["bom"])
    audit_record(
        action=f"export.{export.name}",
        actor=request.user,
        target=table.name,
        request=request,
        detail={"format": file_format, **{k: v for k, v in form.cleaned_data.items() if v}},
    )
    return response

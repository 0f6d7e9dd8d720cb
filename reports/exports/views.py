"""CSV and Excel exports for the CDO office and admins.

Views only authorise, bind the filter form, look the kind of export up in
``reports.exports.registry`` and respond: its table builder gives the rows, which
``reports.exports.render`` streams.
Each download is recorded in the audit log (answers carry evidence and names).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import may_export
from audit.services import audit_record
from reports.exports.forms import ExportForm
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


def _page(request, form, *, status=200, problem=""):
    return render(
        request,
        "reports/exports/index.html",
        {"form": form, "kinds": KINDS.values(), "problem": problem},
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
    table = export.build(form.scope())
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

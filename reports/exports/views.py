"""CSV and Excel exports for the CDO office and admins.

Views only authorise, bind the filter form, pick the builder and respond: the rows
come from ``reports.exports.tables*`` and are streamed by ``reports.exports.render``.
Each download is recorded in the audit log (answers carry evidence and names).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import sees_all_authorities
from audit.services import audit_record
from reports.exports.answers import answers_table, questionnaire_table
from reports.exports.forms import ExportForm
from reports.exports.render import FORMATS, table_response
from reports.exports.tables import progress_table, summary_table

DOWNLOADS = {
    "summary": "Summary",
    "answers": "Answers",
    "questionnaire": "Questionnaire",
    "progress": "Round progress",
}


def exports_access(view):
    """Signed in (else to sign in), GET only, CDO office or admin (else 403)."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not sees_all_authorities(request.user):
            raise PermissionDenied("Only the CDO office and admins can export data")
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, form, *, status=200, problem=""):
    return render(
        request,
        "reports/exports/index.html",
        {"form": form, "downloads": DOWNLOADS, "problem": problem},
        status=status,
    )


@exports_access
def index(request):
    """The exports page: the filters and a button for each download."""
    form = ExportForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # show any error in a linked, stale or tampered query string
    return _page(request, form)


def _build(kind: str, form: ExportForm):
    scope = form.scope()
    if kind == "summary":
        return summary_table(scope)
    if kind == "answers":
        return answers_table(scope)
    if kind == "progress":
        return progress_table(scope)
    if scope.questionnaire is None:
        return None
    return questionnaire_table(scope.questionnaire, scope.area_code)


def _download(kind: str):
    @exports_access
    def view(request):
        form = ExportForm(request.GET)
        file_format = request.GET.get("format", "csv")
        if not form.is_valid():
            return _page(request, form, status=400)
        if file_format not in FORMATS:
            return _page(request, form, status=400, problem="Choose CSV or Excel")
        table = _build(kind, form)
        if table is None:
            return _page(request, form, status=404, problem="There is no questionnaire to export")
        # Built first (all of an Excel file; a CSV streams as it is sent), so a download
        # that fails to build is never recorded as made.
        response = table_response(table, file_format=file_format, bom=form.cleaned_data["bom"])
        audit_record(
            action=f"export.{kind}",
            actor=request.user,
            target=table.name,
            request=request,
            detail={"format": file_format, **{k: v for k, v in form.cleaned_data.items() if v}},
        )
        return response

    view.__name__ = f"download_{kind}"
    view.__qualname__ = view.__name__
    return view


download_summary = _download("summary")
download_answers = _download("answers")
download_questionnaire = _download("questionnaire")
download_progress = _download("progress")

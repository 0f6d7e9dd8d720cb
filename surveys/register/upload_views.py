"""Uploading and downloading an authority's register (docs/estate.md, "Uploading and
downloading"). The upload page is the signed-in lead's or contributor's own authority's
(no URL names an authority) in an open round; the download names the authority and the
round, for its own people and the CDO office. Rules: ``accounts.access``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import (
    may_edit_register,
    may_see_contract_details,
    may_see_register,
    membership_of,
    viewer_for,
)
from audit.services import audit_record
from boroughs.models import Authority
from estate import download
from estate.models import System
from estate.selectors import lines_of_business, register_of, systems_of
from estate.upload import MAX_ROWS
from estate.upload_services import RegisterChanged, register_replace, register_replace_preview
from surveys.models import Round
from surveys.register.upload_forms import RegisterConfirmForm, RegisterUploadForm, changed_token

UPLOAD_TEMPLATE = "surveys/register/upload.html"


def _render(request, authority, round_, register, form, status=200):
    context = {"authority": authority, "round": round_, "register": register, "form": form}
    context["max_rows_text"] = f"{MAX_ROWS:,}"
    context["lines_of_business"] = lines_of_business()
    context["choices"] = [
        ("hosting", System.Hosting.choices, True),
        ("annual_cost_band", System.CostBand.choices, False),
        ("procurement_route", System.Route.choices, False),
    ]
    return render(request, UPLOAD_TEMPLATE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def register_upload(request, round_slug):
    """GET: the upload page. POST of a file: check every row; problems are listed (400),
    else the confirmation page says what the file would change. POST of the confirmation
    (``rows``): replace the register (303 back here, saying what changed)."""
    round_ = get_object_or_404(Round, slug=round_slug)
    membership = membership_of(request.user)
    if membership is None or not may_edit_register(request.user, membership.authority_id, round_):
        raise PermissionDenied
    authority = membership.authority
    register = register_of(authority_id=authority.pk, round_id=round_.pk)
    if request.method == "GET":
        form = RegisterUploadForm(initial={"changed_at": changed_token(register)})
        return _render(request, authority, round_, register, form)
    if "rows" in request.POST:
        return _confirmed(request, authority, round_)
    form = RegisterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        if form.has_error("changed_at"):
            raise BadRequest("Invalid register version")
        return _render(request, authority, round_, register, form, status=400)
    assert form.parsed is not None
    rows = download.checked_rows(form.parsed.rows)
    text = download.register_csv(rows).decode("utf-8").removeprefix("\ufeff")
    confirm = RegisterConfirmForm(
        initial={"rows": text, "changed_at": request.POST.get("changed_at", "")}
    )
    context = {
        "authority": authority,
        "round": round_,
        "register": register,
        "form": confirm,
        "preview": register_replace_preview(register=register, rows=form.parsed.rows),
        "systems": len(rows),
    }
    return render(request, "surveys/register/upload_confirm.html", context)


def _confirmed(request, authority, round_):
    form = RegisterConfirmForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Invalid confirmation")
    assert form.parsed is not None
    try:
        result = register_replace(
            authority=authority,
            round=round_,
            rows=form.parsed.rows,
            expected_changed_at=form.cleaned_data["changed_at"],
            actor=request.user,
            request=request,
        )
    except RegisterChanged as conflict:
        context = {"authority": authority, "round": round_, "register": conflict.register}
        return render(request, "surveys/register/upload_conflict.html", context, status=409)
    messages.success(
        request,
        f"Your register now has {result.systems} systems: {result.added} added, "
        f"{result.changed} changed, {result.removed} removed, {result.unchanged} unchanged.",
    )
    return redirect("surveys:register-upload", round_slug=round_.slug)


@login_required
@require_GET
def register_download(request, authority_slug, round_slug, file_format):
    """The register as CSV or Excel: the authority's own people and the CDO office (its
    cost bands and notes are theirs); anyone else 404."""
    authority = get_object_or_404(Authority, slug=authority_slug)
    round_ = get_object_or_404(Round, slug=round_slug)
    viewer = viewer_for(request.user)
    if not (
        may_see_register(viewer, authority.pk, round_)
        and may_see_contract_details(viewer, authority.pk)
    ):
        raise Http404("No such register")
    register = register_of(authority_id=authority.pk, round_id=round_.pk)
    if register is None:
        raise Http404("No such register")
    rows = download.register_rows(systems_of(register))
    if file_format == "xlsx":
        response = HttpResponse(download.register_xlsx(rows), content_type=download.XLSX_TYPE)
    else:
        response = HttpResponse(download.register_csv(rows), content_type=download.CSV_TYPE)
    name = download.filename(register, file_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit_record(  # contract details leave the service: recorded, as exports are
        action="register.download",
        actor=request.user,
        target=f"{authority.slug} {round_.slug}",
        request=request,
        detail={"format": file_format, "systems": len(rows)},
    )
    return response

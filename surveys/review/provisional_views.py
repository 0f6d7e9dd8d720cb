"""The CDO office's provisional release of a round: send it (or send it again with a new
date), see who confirmed and who raised a correction, resolve corrections, and (admins)
publish the round, with a reason while corrections are open.

The CDO office and admins only (403 for anyone else, anonymous visitors sign in). A
refused action re-renders the page with the reason (400) and changes nothing; a
correction that is not the round's is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from surveys.models import ProvisionalResponse, Round
from surveys.review.provisional_forms import PublishForm, ReleaseSendForm, ResolveForm
from surveys.review.provisional_selectors import release_table
from surveys.review.services.provisional import (
    RESPOND_DAYS_MAX,
    ProvisionalRefused,
    provisional_correction_resolve,
    round_provisional_send,
)
from surveys.review.services.rounds import InvalidRoundTransition, round_publish

release_required = access.require(access.may_release_provisionally)


def _round_or_404(slug: str) -> Round:
    return get_object_or_404(Round.objects.select_related("questionnaire"), slug=slug)


def _render(request, round_, *, send_form=None, publish_form=None, error="", status=200):
    table = release_table(round_)
    sent = round_.provisional_sent_at is not None
    return render(
        request,
        "surveys/review/release.html",
        {
            "round": round_,
            "table": table,
            "send_form": send_form or ReleaseSendForm(sent=sent),
            "publish_form": publish_form or PublishForm(corrections_open=table.corrections_open),
            "may_publish": access.may_manage_rounds(request.user),
            "days_max": RESPOND_DAYS_MAX,
            "error": error,
        },
        status=status,
    )


@release_required
@require_http_methods(["GET", "POST"])
def release(request, slug):
    """The round's provisional release; a POST sends it (or sends it again)."""
    round_ = _round_or_404(slug)
    if request.method == "GET":
        return _render(request, round_)
    form = ReleaseSendForm(request.POST, sent=round_.provisional_sent_at is not None)
    if not form.is_valid():
        return _render(request, round_, send_form=form, status=400)
    try:
        round_provisional_send(
            round=round_,
            respond_by=form.cleaned_data["respond_by"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        form.add_error("respond_by", error)
        return _render(request, round_, send_form=form, status=400)
    except ProvisionalRefused as error:
        return _render(request, round_, error=str(error), status=400)
    respond_by = date_format(form.cleaned_data["respond_by"], "j F Y")
    messages.success(
        request, f"Provisional release sent: authorities can respond until {respond_by}"
    )
    return redirect("review:release", slug=round_.slug)


@release_required
@require_POST
def publish(request, slug):
    """Publish the round (admins), with a reason while corrections are open."""
    if not access.may_manage_rounds(request.user):
        raise PermissionDenied
    round_ = _round_or_404(slug)
    table = release_table(round_)
    form = PublishForm(request.POST, corrections_open=table.corrections_open)
    if not form.is_valid():
        return _render(request, round_, publish_form=form, status=400)
    try:
        round_publish(
            round=round_,
            actor=request.user,
            request=request,
            override_reason=form.cleaned_data["override_reason"],
        )
    except InvalidRoundTransition as error:
        return _render(request, round_, error=str(error), status=400)
    messages.success(request, f"{round_.name} is published")
    return redirect("review:round", slug=round_.slug)


@release_required
@require_http_methods(["GET", "POST"])
def resolve(request, slug, response_id):
    """Resolve one open correction with a note of what was done."""
    round_ = _round_or_404(slug)
    response = get_object_or_404(
        ProvisionalResponse.objects.select_related("authority", "responded_by"),
        pk=response_id,
        round=round_,
        kind=ProvisionalResponse.Kind.CORRECTION,
    )
    form = ResolveForm(request.POST if request.method == "POST" else None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            provisional_correction_resolve(
                response=response,
                resolution=form.cleaned_data["resolution"],
                actor=request.user,
                request=request,
            )
        except ProvisionalRefused as refused:
            error, status = str(refused), 400
        else:
            messages.success(request, f"{response.authority.name}'s correction is resolved")
            return redirect("review:release", slug=round_.slug)
    elif request.method == "POST":
        status = 400
    context = {"round": round_, "response": response, "form": form, "error": error}
    return render(request, "surveys/review/release_resolve.html", context, status=status)

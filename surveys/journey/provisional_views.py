"""A borough's provisional results in a round: its own frozen results beside London's and
its groups' medians (aggregates only), and its leads' confirmation or correction.

The authority is always the user's own (from their membership): no URL names another. A
round without a provisional release, or in which the authority has no approved
assessment, is 404; the CDO office and people without an authority get 403 (they have the
release page). Contributors read the page; only leads respond (403 on a POST).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import access
from surveys.models import Assessment, ProvisionalResponse, Round
from surveys.review.provisional_forms import ResponseForm
from surveys.review.provisional_selectors import provisional_standing
from surveys.review.services.provisional import (
    ProvisionalRefused,
    check_can_respond,
    provisional_respond,
)


def _approved_assessment(membership, round_slug: str) -> Assessment:
    round_ = get_object_or_404(Round, slug=round_slug, provisional_sent_at__isnull=False)
    assessment = (
        Assessment.objects.select_related("authority", "round")
        .filter(round=round_, authority_id=membership.authority_id)
        .filter(status=Assessment.Status.APPROVED)
        .first()
    )
    if assessment is None:
        raise Http404("No approved results in this round")
    return assessment


@login_required
@require_http_methods(["GET", "POST"])
def provisional(request, round_slug):
    """The authority's provisional results in the round and its response."""
    membership = access.membership_of(request.user)
    if membership is None or not access.is_borough_user(request.user):
        raise PermissionDenied
    assessment = _approved_assessment(membership, round_slug)
    round_, authority = assessment.round, assessment.authority
    may_respond = access.may_respond_provisionally(request.user, authority.pk)
    if request.method == "POST" and not may_respond:
        raise PermissionDenied
    form = ResponseForm(request.POST if request.method == "POST" else None)
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            provisional_respond(
                round=round_,
                authority=authority,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                actor=request.user,
                request=request,
            )
        except ValidationError as invalid:
            form.add_error("text", invalid)
            status = 400
        except ProvisionalRefused as refused:
            error, status = str(refused), 400
        else:
            messages.success(request, "Your response has been sent to the London CDO office")
            return redirect("surveys:provisional", round_slug=round_.slug)
    elif request.method == "POST":
        status = 400
    return _render(request, assessment, form, may_respond=may_respond, error=error, status=status)


def _open_to_responses(round_: Round, authority) -> bool:
    try:
        check_can_respond(round_, authority, today=timezone.localdate())
    except ProvisionalRefused:
        return False
    return True


def _render(request, assessment, form, *, may_respond: bool, error: str, status: int):
    round_, authority = assessment.round, assessment.authority
    response = ProvisionalResponse.objects.filter(round=round_, authority=authority).first()
    context = {
        "assessment": assessment,
        "round": round_,
        "authority": authority,
        "standing": provisional_standing(assessment=assessment),
        "response": response,
        "form": form,
        "may_respond": may_respond,
        "open": _open_to_responses(round_, authority),
        "error": error,
        "minimum": access.MIN_AUTHORITIES,
    }
    return render(request, "surveys/journey/provisional.html", context, status=status)

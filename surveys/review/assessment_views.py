"""Reviewing one assessment: read it, return it with a comment, approve it, or (admins) reopen it.

A transition the assessment's status does not allow (approving a draft, returning an
approved assessment, a second reviewer acting on a stale page) re-renders the
assessment with a GOV.UK error summary and answers 400; it never changes anything.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from surveys.models import Assessment
from surveys.review.forms import ReopenForm, ReturnForm
from surveys.review.query_selectors import assessment_moderation
from surveys.review.selectors import assessment_review, assessments_for_review
from surveys.review.services.assessments import (
    InvalidTransition,
    assessment_approve,
    assessment_reopen,
    assessment_return,
    check_transition,
)
from surveys.review.services.queries import QUERYABLE
from surveys.review.views import reviewer_required

admin_required = access.require(access.may_reopen)


def assessment_or_404(reference: str) -> Assessment:
    # PostgreSQL refuses NUL in a query parameter: answer 404 rather than let it raise.
    if "\x00" in reference:
        raise Http404
    return get_object_or_404(assessments_for_review(), reference=reference)


def render_assessment(request, assessment: Assessment, *, error: str = "", status: int = 200):
    status_ = assessment.status
    moderation = assessment_moderation(assessment=assessment)
    return render(
        request,
        "surveys/review/assessment.html",
        {
            "review": assessment_review(assessment=assessment, moderation=moderation),
            "moderation": moderation,
            "assessment": assessment,
            "can_query": status_ in QUERYABLE,
            "transition_error": error,
            "can_review": status_ == Assessment.Status.SUBMITTED,
            "can_reopen": status_ == Assessment.Status.APPROVED and access.may_reopen(request.user),
        },
        status=status,
    )


@reviewer_required
@require_GET
def assessment_detail(request, reference):
    """The assessment, read-only: answers, evidence, scores, timeline and the actions allowed."""
    return render_assessment(request, assessment_or_404(reference))


@reviewer_required
@require_http_methods(["GET", "POST"])
def approve(request, reference):
    """GET: what approving does (scores frozen, the authority told, counted in the results)
    and the button to confirm, changing nothing; POST: approve. Never one click, since
    approval freezes the scores."""
    assessment = assessment_or_404(reference)
    try:
        check_transition(assessment, "approve")
        if request.method == "GET":
            context = {
                "assessment": assessment,
                "review": assessment_review(assessment=assessment),
                "moderation": assessment_moderation(assessment=assessment),
            }
            return render(request, "surveys/review/approve.html", context)
        assessment_approve(assessment=assessment, actor=request.user, request=request)
    except InvalidTransition as error:
        assessment.refresh_from_db()  # changed by someone else since the page was loaded
        return render_assessment(request, assessment, error=str(error), status=400)
    messages.success(request, f"{assessment.authority.name}'s assessment has been approved")
    return redirect("review:round", slug=assessment.round.slug)


def _comment_view(
    request, assessment: Assessment, *, form_class, action, act, template, done, context=None
):
    """GET shows the comment form; POST validates it and calls ``act(comment)``.

    An assessment whose status does not allow ``action`` is shown with the error (400).
    """
    try:
        check_transition(assessment, action)
    except InvalidTransition as error:
        return render_assessment(request, assessment, error=str(error), status=400)
    form = form_class(request.POST or None)  # a class, or a function making the form
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["comment"])
        except InvalidTransition as error:
            assessment.refresh_from_db()  # changed by someone else since the page was loaded
            return render_assessment(request, assessment, error=str(error), status=400)
        except ValidationError as error:
            form.add_error("comment", error)
        else:
            messages.success(request, done)
            return redirect("review:round", slug=assessment.round.slug)
    return render(request, template, {"assessment": assessment, "form": form, **(context or {})})


@reviewer_required
@require_http_methods(["GET", "POST"])
def return_assessment(request, reference):
    """Return a submitted assessment to its authority with a required comment."""
    assessment = assessment_or_404(reference)
    moderation = assessment_moderation(assessment=assessment)
    return _comment_view(
        request,
        assessment,
        form_class=lambda data: ReturnForm(data, queries=len(moderation.open_queries)),
        context={"moderation": moderation},
        action="return",
        act=lambda comment: assessment_return(
            assessment=assessment, actor=request.user, comment=comment, request=request
        ),
        template="surveys/review/return.html",
        done=f"{assessment.authority.name}'s assessment has been returned",
    )


@admin_required
@require_http_methods(["GET", "POST"])
def reopen(request, reference):
    """Reopen an approved assessment (admins only), with a required reason."""
    assessment = assessment_or_404(reference)
    return _comment_view(
        request,
        assessment,
        form_class=ReopenForm,
        action="reopen",
        act=lambda reason: assessment_reopen(
            assessment=assessment, actor=request.user, reason=reason, request=request
        ),
        template="surveys/review/reopen.html",
        done=f"{assessment.authority.name}'s assessment has been reopened",
    )

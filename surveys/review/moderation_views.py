"""Moderating one submitted assessment: check its outlier flags again, accept a flag, query
an answer (from a flag or on its own), resolve a query. The CDO office and admins only.

A flag or query that does not belong to the assessment in the URL is a 404 (a tampered
request); an action the assessment's status does not allow re-renders the assessment
with the error (400) and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from surveys.models import AssessmentFlag, ReviewQuery
from surveys.review.assessment_views import assessment_or_404, render_assessment
from surveys.review.forms import QueryForm
from surveys.review.selectors import question_review
from surveys.review.services.assessments import InvalidTransition, check_transition
from surveys.review.services.flags import assessment_flags_refresh, flag_decide
from surveys.review.services.queries import (
    QueryRefused,
    review_query_create,
    review_query_resolve,
)
from surveys.review.views import reviewer_required


def _back(assessment, anchor: str):
    return redirect(f"{reverse('review:assessment', args=[assessment.reference])}#{anchor}")


@reviewer_required
@require_POST
def flags_check(request, reference):
    """Work the outlier flags out again from what is stored now (a submitted assessment)."""
    assessment = assessment_or_404(reference)
    try:
        check_transition(assessment, "approve")
    except InvalidTransition as error:
        return render_assessment(request, assessment, error=str(error), status=400)
    flags = assessment_flags_refresh(assessment=assessment, actor=request.user, request=request)
    messages.success(request, f"Flags checked again: {len(flags)} raised")
    return _back(assessment, "flags")


@reviewer_required
@require_POST
def flag_accept(request, reference, flag_id):
    """Accept a flag: the answer stands as it is."""
    assessment = assessment_or_404(reference)
    flag = get_object_or_404(AssessmentFlag, pk=flag_id, assessment=assessment)
    flag_decide(
        flag=flag, decision=AssessmentFlag.Decision.ACCEPTED, actor=request.user, request=request
    )
    messages.success(request, "Flag accepted")
    return _back(assessment, "flags")


@reviewer_required
@require_http_methods(["GET", "POST"])
def query_flag(request, reference, flag_id):
    """Query the answer a flag is about, the flag's reason offered as the question."""
    assessment = assessment_or_404(reference)
    flag = get_object_or_404(
        AssessmentFlag.objects.select_related("question__area"),
        pk=flag_id,
        assessment=assessment,
        question__isnull=False,
    )
    return _query_page(request, assessment, flag.question, flag=flag)


@reviewer_required
@require_http_methods(["GET", "POST"])
def query_question(request, reference, code):
    """Query one answer of the assessment."""
    assessment = assessment_or_404(reference)
    question = get_object_or_404(
        assessment.round.questionnaire.questions.select_related("area"), code=code
    )
    return _query_page(request, assessment, question, flag=None)


def _query_page(request, assessment, question, *, flag):
    initial = {"comment": f"{flag.reason} Please check this answer."} if flag else None
    form = QueryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review_query_create(
                assessment=assessment,
                question=question,
                text=form.cleaned_data["comment"],
                actor=request.user,
                flag=flag,
                request=request,
            )
        except QueryRefused as error:
            return render_assessment(request, assessment, error=str(error), status=400)
        except ValidationError as error:
            form.add_error("comment", error)
        else:
            messages.success(request, f"Query saved on ‘{question.label}’")
            return _back(assessment, "queries")
    context = {"assessment": assessment, "item": question_review(assessment, question)}
    return render(request, "surveys/review/query.html", context | {"form": form, "flag": flag})


@reviewer_required
@require_POST
def query_resolve(request, reference, query_id):
    """Resolve a query: the reviewer is satisfied with the answer or the reply."""
    assessment = assessment_or_404(reference)
    query = get_object_or_404(ReviewQuery, pk=query_id, assessment=assessment)
    try:
        review_query_resolve(query=query, actor=request.user, request=request)
    except QueryRefused as error:
        return render_assessment(request, assessment, error=str(error), status=400)
    messages.success(request, "Query resolved")
    return _back(assessment, "queries")

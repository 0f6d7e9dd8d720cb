"""Check your answers, submit, the confirmation, and each answer's history.

Check-answers and history pages are read-only, so the CDO office and admins may open
any authority's; submitting is for the authority's digital lead alone.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import can_edit, can_submit, is_member_of
from surveys.answers.values import describe_value
from surveys.journey.forms import SubmitForm
from surveys.journey.selectors import (
    answer_history,
    answer_of,
    area_in_assessment,
    assessment_for_user,
    assessment_progress,
    level_names,
    question_in_assessment,
)
from surveys.journey.services.assessments import AssessmentIncomplete, assessment_submit
from surveys.models import Assessment
from surveys.review.query_selectors import open_sent_queries_by_question


def _rows(assessment: Assessment, progress, area_progress, queries: dict) -> list[dict]:
    """Check answers' rows: each question's state, its answer in words, and the open
    queries the CDO office sent about it (``queries``: by question id)."""
    questionnaire = assessment.round.questionnaire
    return [
        {
            "state": state,
            "queries": queries.get(state.question.pk, ()),
            "described": describe_value(
                question=state.question,
                value=state.value,
                level_names=progress.level_names,
                na_label=questionnaire.not_applicable_label,
            ),
        }
        for state in area_progress.questions
    ]


def _common(request, assessment: Assessment) -> dict:
    return {
        "assessment": assessment,
        "editable": can_edit(user=request.user, assessment=assessment),
        "can_submit": can_submit(user=request.user, assessment=assessment),
        "is_member": is_member_of(request.user, assessment),
    }


@login_required
@require_GET
def check_area(request, reference, area_code):
    """One area's answers with a Change link for each question (while editable)."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    area = area_in_assessment(assessment=assessment, code=area_code)
    progress = assessment_progress(assessment=assessment)
    area_progress = progress.area(area.code)
    return render(
        request,
        "surveys/journey/check_area.html",
        {
            **_common(request, assessment),
            "area": area_progress,
            "rows": _rows(
                assessment,
                progress,
                area_progress,
                open_sent_queries_by_question(assessment=assessment),
            ),
        },
    )


@login_required
@require_GET
def check(request, reference):
    """Every area's answers, with the unanswered required questions listed first."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    progress = assessment_progress(assessment=assessment)
    queries = open_sent_queries_by_question(assessment=assessment)
    return render(
        request,
        "surveys/journey/check.html",
        {
            **_common(request, assessment),
            "progress": progress,
            "queries": [q for rows in queries.values() for q in rows],
            "areas": [
                (area, _rows(assessment, progress, area, queries)) for area in progress.areas
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, reference):
    """The lead's declaration and submission; refused until every required answer is in."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    if not can_submit(user=request.user, assessment=assessment):
        raise PermissionDenied
    progress = assessment_progress(assessment=assessment)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial=SubmitForm.initial_for(assessment),
    )
    status = 200
    if request.method == "POST":
        if progress.missing or not form.is_valid():
            status = 400
        else:
            try:
                assessment_submit(
                    assessment=assessment,
                    actor=request.user,
                    request=request,
                    **form.submit_values(),
                )
            except AssessmentIncomplete:
                # Someone changed an answer since the page was read: show what is missing.
                progress = assessment_progress(assessment=assessment)
                status = 400
            else:
                return redirect("surveys:submitted", reference=assessment.reference)
    return render(
        request,
        "surveys/journey/submit.html",
        {**_common(request, assessment), "progress": progress, "form": form},
        status=status,
    )


@login_required
@require_GET
def submitted(request, reference):
    """The confirmation panel with the assessment's reference."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    if assessment.status not in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED):
        if can_edit(user=request.user, assessment=assessment):
            return redirect("surveys:start")
        raise Http404("This assessment has not been submitted")
    return render(request, "surveys/journey/submitted.html", _common(request, assessment))


@login_required
@require_GET
def history(request, reference, code):
    """Every change to one answer: who, when, before and after, and whether evidence changed."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    question = question_in_assessment(assessment=assessment, code=code)
    answer = answer_of(assessment=assessment, question=question)
    questionnaire = assessment.round.questionnaire
    names = level_names(questionnaire_id=questionnaire.pk)

    def described(value):
        return describe_value(
            question=question,
            value=value,
            level_names=names,
            na_label=questionnaire.not_applicable_label,
        )

    changes = [
        {
            "change": change,
            "before": described(change.old_value),
            "after": described(change.new_value),
            "evidence_changed": change.old_evidence != change.new_evidence,
        }
        for change in (answer_history(answer=answer) if answer is not None else [])
    ]
    return render(
        request,
        "surveys/journey/history.html",
        {
            **_common(request, assessment),
            "question": question,
            "answer": answer,
            "changes": changes,
        },
    )

"""The self-assessment journey: the task list, one question per page, saving with conflicts.

Views only authorise, select, bind a form, call a service and respond. Every view finds
its assessment through ``assessment_for_user``, so another authority's records are 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import can_edit, can_submit, membership_of
from surveys.answers.kinds import kind_of
from surveys.answers.values import describe_value, value_of
from surveys.journey.forms import AnswerForm
from surveys.journey.register_feed import register_feed
from surveys.journey.rounds import OpenRound, open_round_by_slug, open_rounds_for
from surveys.journey.selectors import (
    answer_of,
    area_questions,
    assessment_for_user,
    descriptors_for,
    earlier_assessments,
    level_names,
    previous_assessments_with_answers,
    question_in_assessment,
    scale_levels,
)
from surveys.journey.services.answers import AnswerConflict, answer_save
from surveys.journey.services.assessments import assessment_prefill_from_previous, assessment_start
from surveys.journey.services.register_answers import RegisterFigureChanged, answer_from_register
from surveys.models import Answer, Assessment, Question
from surveys.plans.question_selectors import carried_over
from surveys.review.provisional_selectors import provisional_waiting_for
from surveys.review.query_selectors import open_sent_queries_for, sent_queries

SAVED_MESSAGE = "Your answer has been saved. You can come back and carry on at any time."


def question_url(assessment: Assessment, question: Question) -> str:
    return reverse("surveys:question", args=[assessment.reference, question.code])


def area_check_url(assessment: Assessment, area_code: str) -> str:
    return reverse("surveys:check-area", args=[assessment.reference, area_code])


def task_url(assessment: Assessment, area_progress, editable: bool) -> str:
    """Where an area's task link goes: its next unanswered question, else its answers."""
    first = area_progress.first_unanswered
    if editable and first is not None:
        return question_url(assessment, first)
    return area_check_url(assessment, area_progress.area.code)


@dataclass
class RoundSection:
    """What the start page shows of one open round: its status, task list and offers."""

    entry: OpenRound
    editable: bool = False
    can_submit: bool = False
    tasks: list = field(default_factory=list)
    prefill_from: Assessment | None = None
    queries: list = field(default_factory=list)  # open queries the CDO office sent

    @property
    def unanswered_tasks(self) -> list:
        """The tasks (area, link) of the areas with a question not answered, optional or not."""
        return [(area, url) for area, url in self.tasks if area.answered < area.total]


def _round_sections(request, entries: list[OpenRound]) -> list[RoundSection]:
    sections = [RoundSection(entry) for entry in entries]
    empty: list[tuple[RoundSection, Assessment]] = []
    for section in sections:
        # A started round has both its assessment and its progress (open_rounds_for).
        assessment, progress = section.entry.assessment, section.entry.progress
        if assessment is None or progress is None:
            continue
        section.editable = can_edit(user=request.user, assessment=assessment)
        section.can_submit = can_submit(user=request.user, assessment=assessment)
        section.tasks = [
            (area, task_url(assessment, area, section.editable)) for area in progress.areas
        ]
        if section.editable and not progress.has_stored_answers:
            empty.append((section, assessment))
    queries = open_sent_queries_for(
        assessment_ids=[s.entry.assessment.pk for s in sections if s.entry.assessment]
    )
    for section in sections:
        if section.entry.assessment is not None:
            section.queries = queries.get(section.entry.assessment.pk, [])
    # Last round's answers are offered to an assessment nobody has answered yet.
    sources = previous_assessments_with_answers(assessments=[a for _, a in empty])
    for section, assessment in empty:
        section.prefill_from = sources[assessment.pk]
    return sections


@login_required
@require_GET
def start(request):
    """A borough user's start page: every open round with its status and task list.

    Never writes: a round nobody has started shows a "Start this assessment" button.
    """
    if access.may_review(request.user):
        return render(request, "surveys/journey/start_office.html")
    membership = membership_of(request.user)
    if membership is None:
        return render(request, "no_role.html", status=403)
    authority = membership.authority
    entries = open_rounds_for(authority_id=authority.pk)
    sections = _round_sections(request, entries)
    return render(
        request,
        "surveys/journey/start.html",
        {
            "authority": authority,
            "sections": sections,
            "several": len(sections) > 1,
            "returned": [s for s in sections if s.entry.returned],
            "is_lead": access.is_lead(request.user),
            "provisional_waiting": provisional_waiting_for(request.user),
            "earlier": earlier_assessments(
                authority_id=authority.pk, exclude_rounds=[e.round for e in entries]
            ),
        },
    )


def round_task_list_url(round_) -> str:
    """Where a round's task list is: its section of the start page."""
    return f"{reverse('surveys:start')}#round-{round_.slug}"


@login_required
@require_POST
def start_round(request, round_slug):
    """Start the authority's assessment in an open round, then show its task list.

    For the authority's leads and contributors (403 for anyone else); an unknown or
    closed round is 404. Pressing it twice, or after a colleague, just shows the list.
    """
    membership = membership_of(request.user)
    if membership is None or not access.may_start(request.user, membership.authority_id):
        raise PermissionDenied
    round_ = open_round_by_slug(slug=round_slug)
    try:
        assessment_start(
            authority=membership.authority, round=round_, actor=request.user, request=request
        )
    except ValidationError:  # the round closed between the two reads
        messages.error(request, "This round has closed, so the assessment was not started.")
        return redirect("surveys:start")
    return redirect(round_task_list_url(round_))


@login_required
@require_POST
def prefill(request, reference):
    """Copy last round's answers into this (empty) assessment, then back to the task list."""
    assessment = assessment_for_user(user=request.user, reference=reference)
    if not can_edit(user=request.user, assessment=assessment):
        raise PermissionDenied
    try:
        copied = assessment_prefill_from_previous(
            assessment=assessment, actor=request.user, request=request
        )
    except ValidationError:
        messages.error(request, "Your assessment already has answers, so nothing was copied.")
        return redirect("surveys:start")
    if copied:
        messages.success(
            request,
            f"{copied} answer{pluralize(copied)} copied from last round. "
            "Check each one is still right before you submit.",
        )
    else:
        messages.info(request, "Last round had no answers that fit this round's questions.")
    return redirect("surveys:start")


@dataclass
class QuestionPage:
    """Where one question sits: its area, position, and the pages before and after it."""

    assessment: Assessment
    question: Question
    position: int
    count: int
    back_url: str
    next_url: str


def _question_page(assessment: Assessment, question: Question) -> QuestionPage:
    siblings = area_questions(area=question.area)
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    back_url = (
        question_url(assessment, siblings[index - 1]) if index > 0 else reverse("surveys:start")
    )
    next_url = (
        question_url(assessment, siblings[index + 1])
        if index + 1 < len(siblings)
        else area_check_url(assessment, question.area.code)
    )
    return QuestionPage(assessment, question, index + 1, len(siblings), back_url, next_url)


def _answer_form(assessment, question, *, data=None, initial=None, allow_blank=False):
    questionnaire = assessment.round.questionnaire
    form = AnswerForm(
        data,
        initial=initial,
        question=question,
        levels=scale_levels(questionnaire_id=questionnaire.pk),
        descriptors=descriptors_for(question=question) if kind_of(question).has_levels else {},
        not_applicable_label=questionnaire.not_applicable_label,
        allow_blank=allow_blank,
    )
    return form


def _describe(assessment: Assessment, question: Question, value: dict | None) -> str:
    questionnaire = assessment.round.questionnaire
    return describe_value(
        question=question,
        value=value,
        level_names=level_names(questionnaire_id=questionnaire.pk),
        na_label=questionnaire.not_applicable_label,
    )


def _render_question(request, page: QuestionPage, form, status=200, register_changed=False):
    return render(
        request,
        "surveys/journey/question.html",
        {
            "page": page,
            "assessment": page.assessment,
            "question": page.question,
            "form": form,
            "queries": sent_queries(assessment=page.assessment, question=page.question),
            "carried": carried_over(assessment=page.assessment, question_code=page.question.code),
            "register": register_feed(
                user=request.user, assessment=page.assessment, question=page.question
            ),
            "register_changed": register_changed,
        },
        status=status,
    )


def _render_readonly(request, page: QuestionPage, answer: Answer | None):
    value = value_of(kind=page.question.kind, answer=answer)
    return render(
        request,
        "surveys/journey/question_readonly.html",
        {
            "page": page,
            "assessment": page.assessment,
            "question": page.question,
            "answer": answer,
            "described": _describe(page.assessment, page.question, value),
            "queries": sent_queries(assessment=page.assessment, question=page.question),
            "carried": carried_over(assessment=page.assessment, question_code=page.question.code),
            "register": register_feed(
                user=request.user, assessment=page.assessment, question=page.question
            ),
        },
    )


def _render_conflict(request, page: QuestionPage, form, conflict: AnswerConflict, action: str):
    theirs = conflict.current
    return render(
        request,
        "surveys/journey/conflict.html",
        {
            "page": page,
            "assessment": page.assessment,
            "question": page.question,
            "theirs": theirs,
            "their_value": _describe(
                page.assessment, page.question, value_of(kind=page.question.kind, answer=theirs)
            ),
            "your_value": _describe(page.assessment, page.question, conflict.attempted),
            "your_evidence": conflict.attempted_evidence,
            "resubmit": [
                (name, request.POST.get(name, "")) for name in form.fields if name != "version"
            ],
            "current_version": theirs.version if theirs is not None else 0,
            "action": action,
            "go_on_url": reverse("surveys:start") if action == "later" else page.next_url,
        },
        status=409,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question(request, reference, code):
    """One question: answer it (members, while editable) or read it (everyone else who may see).

    POST saves at once; a colleague's newer save shows the conflict page (409) instead.
    """
    assessment = assessment_for_user(user=request.user, reference=reference)
    question = question_in_assessment(assessment=assessment, code=code)
    page = _question_page(assessment, question)
    editable = can_edit(user=request.user, assessment=assessment)
    if request.method == "GET":
        answer = answer_of(assessment=assessment, question=question)
        if not editable:
            return _render_readonly(request, page, answer)
        initial = AnswerForm.initial_for(question, answer)
        return _render_question(request, page, _answer_form(assessment, question, initial=initial))
    if not editable:
        raise PermissionDenied
    if request.POST.get("action") == "use-register":
        return _use_register(request, page)
    return _save_answer(request, page)


def _use_register(request, page: QuestionPage):
    """Save the register's figure as the answer ("Use N as the answer"); a colleague's
    newer answer, or a register changed since the page was read, shows the page again
    (409) with what is there now."""
    try:
        shown, version = int(request.POST["figure"]), int(request.POST["version"])
    except (KeyError, ValueError) as error:
        raise BadRequest("Missing or invalid figure or version") from error
    assessment, question = page.assessment, page.question
    try:
        answer_from_register(
            assessment=assessment,
            question=question,
            actor=request.user,
            shown_figure=shown,
            expected_version=version,
            request=request,
        )
    except (AnswerConflict, RegisterFigureChanged):
        answer = answer_of(assessment=assessment, question=question)
        initial = AnswerForm.initial_for(question, answer)
        form = _answer_form(assessment, question, initial=initial)
        return _render_question(request, page, form, status=409, register_changed=True)
    except ValidationError as error:
        raise BadRequest("Invalid answer") from error
    messages.success(request, f"Your answer is now the figure from your register: {shown}.")
    return redirect(question_url(assessment, question))


def _save_answer(request, page: QuestionPage):
    """Save the posted answer at once; "later" goes back to the task list, else on."""
    assessment, question = page.assessment, page.question
    action = "later" if request.POST.get("action") == "later" else "continue"
    form = _answer_form(assessment, question, data=request.POST, allow_blank=action == "later")
    if not form.is_valid():
        if form.has_error("version"):
            raise BadRequest("Missing or invalid version")  # only a tampered form
        return _render_question(request, page, form, status=400)
    try:
        answer_save(
            assessment=assessment,
            question=question,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            request=request,
            **form.answer_values(),
        )
    except AnswerConflict as conflict:
        return _render_conflict(request, page, form, conflict, action)
    except ValidationError as error:
        raise BadRequest("Invalid answer") from error
    if action == "later":
        messages.success(request, SAVED_MESSAGE)
        return redirect("surveys:start")
    return redirect(page.next_url)

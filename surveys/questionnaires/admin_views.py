"""Admin actions and pages that go through the services: rounds, reopening, questionnaires.

The admin never changes a round's status, reopens an assessment, or loads or
publishes a questionnaire by saving a model form: each of these calls the service
that checks the transition, writes everything or nothing, and records the audit event.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts.access import role_of
from accounts.roles import Role
from surveys.exceptions import QuestionnaireError, QuestionnaireInvalid
from surveys.models import Assessment, Questionnaire, Round
from surveys.questionnaires.format import MAX_FILE_BYTES
from surveys.questionnaires.io import export_questionnaire
from surveys.questionnaires.services import (
    questionnaire_load,
    questionnaire_publish,
    questionnaire_publish_problems,
)
from surveys.review.services.assessments import InvalidTransition, assessment_reopen
from surveys.review.services.rounds import (
    InvalidRoundTransition,
    round_close,
    round_open,
    round_publish,
)


def _require_admin(request) -> None:
    if role_of(request.user) != Role.ADMIN:
        raise PermissionDenied("Only admins can do this.")


# --- Rounds -------------------------------------------------------------------------


def _names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def other_open_rounds_warning(round_: Round) -> str | None:
    """When ``round_`` is open beside other open rounds, a warning naming them.

    Several rounds may be open at once (e.g. the London assessment and a data maturity
    assessment on another questionnaire); every borough then sees all of them.
    """
    others = list(
        Round.objects.filter(status=Round.Status.OPEN)
        .exclude(pk=round_.pk)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if not others:
        return None
    all_of_them = "both" if len(others) == 1 else f"all {len(others) + 1}"
    return (
        f"{_names(others)} {'is' if len(others) == 1 else 'are'} open too: every borough "
        f"will see {all_of_them} on their start page."
    )


def _round_action(service, verb: str, name: str):
    def action(modeladmin, request, queryset):
        _require_admin(request)
        for round_ in queryset.order_by("opens_on", "name"):
            try:
                service(round=round_, actor=request.user, request=request)
            except InvalidRoundTransition as exc:
                modeladmin.message_user(request, str(exc), messages.ERROR)
                continue
            modeladmin.message_user(request, f"{round_.name} is now {verb}.", messages.SUCCESS)
            warning = other_open_rounds_warning(round_) if service is round_open else None
            if warning:
                modeladmin.message_user(request, warning, messages.WARNING)

    # The admin names an action after its function: each needs its own name.
    action.__name__ = name
    return action


open_rounds = admin.action(description="Open selected rounds")(
    _round_action(round_open, "open", "open_rounds")
)
close_rounds = admin.action(description="Close selected rounds")(
    _round_action(round_close, "closed", "close_rounds")
)
publish_rounds = admin.action(description="Publish selected rounds' results as open data")(
    _round_action(round_publish, "published", "publish_rounds")
)


# --- Reopening an approved assessment -----------------------------------------------------


class ReopenReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you reopening this assessment?",
        help_text="The authority's digital leads see this reason on their task list and by email.",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        max_length=5000,
        error_messages={"required": "Enter why you are reopening this assessment"},
    )


def assessment_reopen_view(modeladmin, request, object_id):
    """Ask for a reason, then reopen the approved assessment with the review service."""
    _require_admin(request)
    assessment = get_object_or_404(
        Assessment.objects.select_related("authority", "round"), pk=object_id
    )
    change_url = reverse("admin:surveys_assessment_change", args=[assessment.pk])
    form = ReopenReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_reopen(
                assessment=assessment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except InvalidTransition as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(change_url)
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            modeladmin.message_user(
                request, f"{assessment.reference} is reopened: it is returned to the authority."
            )
            return HttpResponseRedirect(change_url)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": f"Reopen {assessment.reference}",
        "assessment": assessment,
        "form": form,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/surveys/assessment/reopen.html", context)


# --- Questionnaire files --------------------------------------------------------------


class QuestionnaireUploadForm(forms.Form):
    # The file's size, encoding and content are checked by questionnaire_load, as for
    # the load_questionnaire command: one set of limits, every problem with its place.
    file = forms.FileField(
        label="Questionnaire file (YAML)",
        help_text=(
            "In the format of docs/questionnaire-format.md, saved as UTF-8, "
            f"up to {MAX_FILE_BYTES // 1024 // 1024} MB."
        ),
        error_messages={"required": "Choose a questionnaire file to upload"},
    )
    publish = forms.BooleanField(
        label="Publish it straight away",
        required=False,
        help_text="Otherwise it is loaded as a draft you can check first.",
    )


def questionnaire_import_view(modeladmin, request):
    """Upload a questionnaire file: check all of it, report every problem, or load it."""
    _require_admin(request)
    form = QuestionnaireUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = questionnaire_load(
                source=form.cleaned_data["file"],
                actor=request.user,
                publish=form.cleaned_data["publish"],
                request=request,
            )
        except QuestionnaireInvalid as exc:
            problems = exc.messages
        except QuestionnaireError as exc:
            problems = [str(exc)]
        else:
            modeladmin.message_user(request, f"Loaded {questionnaire}.", messages.SUCCESS)
            return HttpResponseRedirect(
                reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])
            )
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Import a questionnaire",
        "form": form,
        "problems": problems,
    }
    return TemplateResponse(request, "admin/surveys/questionnaire/import.html", context)


def questionnaire_publish_view(modeladmin, request, object_id):
    """Say what publishing means and list any problem, then publish the draft (a POST)
    with the questionnaire service, which checks it again and records the audit event."""
    _require_admin(request)
    questionnaire = get_object_or_404(Questionnaire, pk=object_id)
    change_url = reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])
    if questionnaire.status != Questionnaire.Status.DRAFT:
        modeladmin.message_user(
            request,
            f"{questionnaire} cannot be published: only a draft can be.",
            messages.ERROR,
        )
        return HttpResponseRedirect(change_url)
    if request.method == "POST":
        try:
            questionnaire_publish(questionnaire=questionnaire, actor=request.user, request=request)
        except QuestionnaireInvalid as exc:
            problems = exc.messages
        except QuestionnaireError as exc:  # published by someone else meanwhile
            modeladmin.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(change_url)
        else:
            modeladmin.message_user(
                request,
                f"Published {questionnaire.name} version {questionnaire.version}: it can no "
                "longer change, and rounds can now use it.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
    else:
        problems = questionnaire_publish_problems(questionnaire)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": f"Publish {questionnaire.name} version {questionnaire.version}",
        "questionnaire": questionnaire,
        "problems": problems,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/surveys/questionnaire/publish.html", context)


def questionnaire_export_view(modeladmin, request, object_id):
    """Download a questionnaire in the file format (loading it again gives the same one)."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    questionnaire = get_object_or_404(Questionnaire, pk=object_id)
    response = HttpResponse(
        export_questionnaire(questionnaire), content_type="application/yaml; charset=utf-8"
    )
    filename = f"{questionnaire.code}-v{questionnaire.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

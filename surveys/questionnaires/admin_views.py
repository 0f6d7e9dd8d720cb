"""Admin pages for questionnaire files: import (upload), publish a draft, export.

The admin never loads or publishes a questionnaire by saving a model form: each page
calls ``surveys.questionnaires.services``, which checks everything, writes everything or
nothing, and records the audit event. (Round actions and reopening are in
``surveys.review.admin_views``.)
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts import access
from surveys.exceptions import QuestionnaireError, QuestionnaireInvalid
from surveys.models import Questionnaire
from surveys.questionnaires.format import MAX_FILE_BYTES
from surveys.questionnaires.io import export_questionnaire
from surveys.questionnaires.services import (
    questionnaire_load,
    questionnaire_publish,
    questionnaire_publish_problems,
)


def _require_admin(request) -> None:
    if not access.may_manage_questionnaires(request.user):
        raise PermissionDenied("Only admins can do this.")


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

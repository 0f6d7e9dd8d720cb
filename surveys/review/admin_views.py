"""Admin actions and pages of the round's life and the review: open, close and publish
rounds, and reopen an approved assessment, each through its service (checked transition,
all or nothing, audited), never by saving a model form."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import get_text_list

from accounts import access
from surveys.models import Assessment, Round
from surveys.review.services.assessments import InvalidTransition, assessment_reopen
from surveys.review.services.rounds import (
    InvalidRoundTransition,
    round_close,
    round_open,
    round_publish,
)


def _require(rule, request) -> None:
    if not rule(request.user):
        raise PermissionDenied("Only admins can do this.")


# --- Rounds -------------------------------------------------------------------------


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
    names = get_text_list(others, "and")
    return (
        f"{names} {pluralize(len(others), 'is,are')} open too: every borough "
        f"will see {all_of_them} on their start page."
    )


def _round_action(service, verb: str, name: str):
    def action(modeladmin, request, queryset):
        _require(access.may_manage_rounds, request)
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
    _require(access.may_reopen, request)
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

"""The lead's improvement plan pages, mounted at /assessments/plan/ (names ``surveys:plan``,
``surveys:plan-question``...). Each page shows the signed-in borough user's own
authority's plan: no URL names an authority, and an action of another authority's plan
is 404. The CDO office gets 403 here (it reads plans in the reports).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import membership_of
from surveys.plans import pages, services
from surveys.plans.forms import ActionForm, ShareForm, TargetForm
from surveys.plans.selectors import action_of, plan_overview
from surveys.plans.services import PlanConflict, UnknownSubject

borough_only = access.require(access.is_borough_user)


def _authority(request):
    membership = membership_of(request.user)
    assert membership is not None  # borough_only: a lead or contributor
    return membership.authority


def _target_form(overview, subject, data=None):
    return TargetForm(
        data,
        initial=TargetForm.initial_for(subject.target),
        levels=overview.levels,
        years=services.target_years(),
        has_target=subject.target is not None,
    )


def _render_subject(request, overview, subject, *, target_form=None, action_form=None, status=200):
    context = pages.subject_context(
        user=request.user,
        overview=overview,
        subject=subject,
        target_form=target_form or _target_form(overview, subject),
        action_form=action_form or ActionForm(),
    )
    return render(request, "surveys/plans/subject.html", context, status=status)


def _render_conflict(request, subject, conflict: PlanConflict, back_url: str):
    return render(
        request,
        "surveys/plans/conflict.html",
        {"subject": subject, "current": conflict.current, "back_url": back_url},
        status=409,
    )


@borough_only
@require_GET
def plan(request):
    """The authority's plan: each area's questions with current level, target and gap."""
    authority = _authority(request)
    overview = plan_overview(authority=authority)
    return render(
        request,
        "surveys/plans/plan.html",
        {
            "authority": authority,
            "overview": overview,
            "share_form": ShareForm(initial={"shared": overview.shared}),
        },
    )


@borough_only
@require_POST
def plan_share(request):
    """Share the plan with other London authorities, or stop sharing it."""
    form = ShareForm(request.POST)
    if not form.is_valid():  # a checkbox cannot be invalid: only a tampered form
        raise BadRequest("Invalid sharing form")
    shared = form.cleaned_data["shared"]
    services.plan_share_set(
        authority=_authority(request), shared=shared, actor=request.user, request=request
    )
    messages.success(
        request,
        "Your plan is shared with other London authorities."
        if shared
        else "Your plan is now private to your authority and the CDO office.",
    )
    return redirect("surveys:plan")


def _subject_target(request, subject_of):
    """GET shows a question's or an area's page; POST sets or removes its target."""
    overview = plan_overview(authority=_authority(request))
    subject = subject_of(overview)
    if request.method == "GET":
        return _render_subject(request, overview, subject)
    form = _target_form(overview, subject, data=request.POST)
    if "remove_target" in request.POST:
        return _remove_target(request, subject, form)
    if not form.is_valid():
        if form.has_error("version"):
            raise BadRequest("Missing or invalid version")
        return _render_subject(request, overview, subject, target_form=form, status=400)
    try:
        services.target_set(
            authority=_authority(request),
            area_code=subject.area_code,
            question_code=subject.question_code,
            level=form.cleaned_data["level"],
            by_year=form.cleaned_data["by_year"],
            expected_version=form.cleaned_data["version"],
            actor=request.user,
            request=request,
        )
    except PlanConflict as conflict:
        return _render_conflict(request, subject, conflict, subject.url)
    except ValidationError as error:
        raise BadRequest("Invalid target") from error
    messages.success(request, "Your target has been saved.")
    return redirect(subject.url)


def _remove_target(request, subject, form):
    try:
        version = int(request.POST.get("version", ""))
    except ValueError as error:
        raise BadRequest("Missing or invalid version") from error
    try:
        services.target_remove(
            authority=_authority(request),
            area_code=subject.area_code,
            question_code=subject.question_code,
            expected_version=version,
            actor=request.user,
            request=request,
        )
    except PlanConflict as conflict:
        return _render_conflict(request, subject, conflict, subject.url)
    messages.success(request, "Your target has been removed.")
    return redirect(subject.url)


def _subject_action_add(request, subject_of):
    """Add an action on a question or an area; errors show its page again (400)."""
    authority = _authority(request)
    overview = plan_overview(authority=authority)
    subject = subject_of(overview)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _render_subject(request, overview, subject, action_form=form, status=400)
    try:
        services.action_add(
            authority=authority,
            area_code=subject.area_code,
            question_code=subject.question_code,
            actor=request.user,
            request=request,
            **form.action_values(),
        )
    except (ValidationError, UnknownSubject) as error:
        raise BadRequest("Invalid action") from error
    messages.success(request, "Your action has been added to the plan.")
    return redirect(subject.url)


@borough_only
@require_http_methods(["GET", "POST"])
def plan_question(request, code):
    """One question of the plan: the answer, the target, the actions, suggestions and
    who to learn from. POST sets or removes the target."""
    return _subject_target(request, lambda overview: pages.question_subject(overview, code))


@borough_only
@require_POST
def plan_question_action(request, code):
    return _subject_action_add(request, lambda overview: pages.question_subject(overview, code))


@borough_only
@require_http_methods(["GET", "POST"])
def plan_area(request, code):
    """One area of the plan: its own target and actions. POST sets or removes the target."""
    return _subject_target(request, lambda overview: pages.area_subject(overview, code))


@borough_only
@require_POST
def plan_area_action(request, code):
    return _subject_action_add(request, lambda overview: pages.area_subject(overview, code))


@borough_only
@require_http_methods(["GET", "POST"])
def plan_action(request, action_id):
    """Change one action of the authority's plan (another authority's: 404); a
    colleague's newer change shows the conflict page (409)."""
    authority = _authority(request)
    action = action_of(authority=authority, action_id=action_id)
    overview = plan_overview(authority=authority)
    subject = pages.subject_of_action(overview, action.area_code, action.question_code)
    back_url = subject.url if subject else reverse("surveys:plan")
    if request.method == "GET":
        form = ActionForm(initial=ActionForm.initial_for(action), versioned=True, button="Save")
    else:
        form = ActionForm(request.POST, versioned=True, button="Save")
        if form.is_valid():
            return _update_action(request, action, form, subject, back_url)
        if form.has_error("version"):
            raise BadRequest("Missing or invalid version")
    context = {"action": action, "form": form, "subject": subject, "back_url": back_url}
    status = 400 if form.is_bound else 200
    return render(request, "surveys/plans/action.html", context, status=status)


def _update_action(request, action, form, subject, back_url):
    try:
        services.action_update(
            action=action,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
            request=request,
            **form.action_values(),
        )
    except PlanConflict as conflict:
        return _render_conflict(request, subject, conflict, back_url)
    except ValidationError as error:
        raise BadRequest("Invalid action") from error
    messages.success(request, "Your action has been saved.")
    return redirect(back_url)

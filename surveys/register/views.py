"""The borough lead's and contributor's register pages, mounted at /assessments/register/
(names ``surveys:register``, ``surveys:register-add``...). Each page shows the signed-in
borough user's own authority's register in the round ``pages.register_round`` picks: no
URL names an authority, and a system of another authority's register (or another
round's) is 404. The CDO office gets 403 here, as on the plan pages (it reads registers
in the reports). Opening the register page starts the round's register (carrying over
last round's) only for those who may change it; in a closed round the pages read only
and every change is 403.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import membership_of
from estate import services
from estate.models import Register
from estate.selectors import lines_of_business, products_for_choice, system_history
from estate.services import RegisterNotEditable, SystemConflict
from surveys.register import pages
from surveys.register.forms import RemoveForm, SystemForm

borough_only = access.require(access.is_borough_user)


def _place(request, *, start: bool = False) -> pages.RegisterPlace:
    membership = membership_of(request.user)
    assert membership is not None  # borough_only: a lead or contributor
    starter = partial(services.register_start, request=request) if start else None
    return pages.register_place(request.user, membership.authority, start=starter)


def _editable(place: pages.RegisterPlace) -> Register:
    """The register the user is about to change (403 if they may not)."""
    if not place.editable or place.register is None:
        raise RegisterNotEditable("You cannot change this register")
    return place.register


def _system_form(data=None, **kwargs) -> SystemForm:
    return SystemForm(data, products=products_for_choice(), lines=lines_of_business(), **kwargs)


def _conflict(request, current):
    return render(request, "surveys/register/conflict.html", {"current": current}, status=409)


def _system_for_write(request, place, system_id):
    """The system to change or remove (404 if it was never this register's); None if a
    colleague removed it since the form was read (a POST then shows the conflict)."""
    if request.method == "POST" and pages.was_in_register(place, system_id):
        return pages.system_in_register(place, system_id)
    return pages.system_or_404(place, system_id)


@borough_only
@require_GET
def register(request):
    """The authority's register in the current round: its numbers and systems."""
    place = _place(request, start=True)
    return render(request, "surveys/register/register.html", pages.register_context(place))


@borough_only
@require_http_methods(["GET", "POST"])
def system_add(request):
    """Add a system; after saving, back to the register to add another."""
    place = _place(request, start=True)
    register = _editable(place)
    form = _system_form(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        with transaction.atomic():  # a typed supplier or product is made with the system
            system = services.system_add(
                register=register,
                data=form.system_data(),
                actor=request.user,
                request=request,
            )
        messages.success(request, f"{system.product.name} has been added to your register.")
        return redirect("surveys:register")
    context = {"place": place, "form": form, "system": None}
    status = 400 if form.is_bound else 200
    return render(request, "surveys/register/system_form.html", context, status=status)


@borough_only
@require_http_methods(["GET", "POST"])
def system_change(request, system_id):
    """Change one system (read at the form's version; a colleague's newer change shows
    the conflict page, 409)."""
    place = _place(request)
    system = _system_for_write(request, place, system_id)
    _editable(place)
    if request.method == "GET":
        initial = SystemForm.initial_for(system, lines_of_business())
        form = _system_form(initial=initial, versioned=True, button="Save changes")
    else:
        form = _system_form(request.POST, versioned=True, button="Save changes")
        if form.is_valid():
            return _update(request, _editable(place), system_id, form)
        if form.has_error("version"):
            raise BadRequest("Missing or invalid version")
        if system is None:  # removed by a colleague: say so before any form error
            return _conflict(request, None)
    context = {"place": place, "form": form, "system": system}
    status = 400 if form.is_bound else 200
    return render(request, "surveys/register/system_form.html", context, status=status)


def _update(request, register, system_id, form):
    try:
        with transaction.atomic():
            system = services.system_update(
                register=register,
                system_id=system_id,
                data=form.system_data(),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            )
    except SystemConflict as conflict:
        return _conflict(request, conflict.current)
    messages.success(request, f"Your changes to {system.product.name} have been saved.")
    return redirect("surveys:register")


@borough_only
@require_http_methods(["GET", "POST"])
def system_remove(request, system_id):
    """Ask before removing a system; POST removes it (its history stays)."""
    place = _place(request)
    system = _system_for_write(request, place, system_id)
    register = _editable(place)
    if request.method == "GET":
        form = RemoveForm(initial={"version": system.version})
        context = {"place": place, "system": system, "form": form}
        return render(request, "surveys/register/remove.html", context)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        raise BadRequest("Missing or invalid version")
    try:
        services.system_remove(
            register=register,
            system_id=system_id,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
            request=request,
        )
    except SystemConflict as conflict:
        return _conflict(request, conflict.current)
    messages.success(request, f"{system.product.name} has been removed from your register.")
    return redirect("surveys:register")


@borough_only
@require_GET
def system_history_page(request, system_id):
    """Who changed a system of the register, when, and what changed (before and after)."""
    place = _place(request)
    changes = system_history(place.register, system_id) if place.register else []
    if not changes:
        raise Http404("No such system in your register")
    lines = {line.code: line.name for line in lines_of_business()}
    entries = pages.history_entries(changes, contract_details=place.contract_details, lines=lines)
    context = {
        "place": place,
        "entries": entries,
        "title": pages.history_title(changes),
        "current": pages.system_in_register(place, system_id),
    }
    return render(request, "surveys/register/history.html", context)

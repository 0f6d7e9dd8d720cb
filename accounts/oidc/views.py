"""Signing in through an organisation's OpenID Connect provider, and deciding requests for access.

The protocol is ``accounts.oidc.protocol``'s, what a sign-in leads to
``accounts.oidc.services``', and the session ``accounts.oidc.session``'s: these views
bind forms, call them, and answer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.oidc import protocol, providers, selectors, services, session
from accounts.oidc.claims import SignInRefused, person_from_claims
from accounts.oidc.forms import OrganisationEmailForm, RequestDecisionForm
from accounts.redirects import safe_next
from accounts.views import sign_in_page


def _refused(request, provider_id: str, refusal: SignInRefused):
    services.sign_in_refused_record(provider_id=provider_id, refusal=refusal, request=request)
    context = {"message": refusal.message, "provider_id": provider_id}
    return render(request, "accounts/oidc/refused.html", context, status=refusal.status)


@require_POST
def organisation_sign_in(request):
    """The sign-in page's "work email address": on to that organisation's provider."""
    form = OrganisationEmailForm(request.POST)
    if not form.is_valid() or form.provider is None:
        return sign_in_page(request, organisation_form=form, status=400)
    next_path = safe_next(request, request.POST.get("next"))
    url = reverse("oidc_start", kwargs={"provider_id": form.provider.id})
    query = {"login_hint": form.cleaned_data["email"]} | ({"next": next_path} if next_path else {})
    return redirect(url + "?" + urlencode(query))


@require_GET
def start(request, provider_id: str):
    """Send the person to their provider, with a new state, nonce and PKCE challenge."""
    provider = providers.by_id_or_404(provider_id)
    request.session[session.NEXT] = safe_next(request, request.GET.get("next"))
    callback = request.build_absolute_uri(reverse("oidc_callback", args=[provider.id]))
    hint = request.GET.get("login_hint", "")[:254]
    try:
        return protocol.redirect_to_provider(
            request, provider, callback_url=callback, login_hint=hint
        )
    except SignInRefused as refusal:
        return _refused(request, provider.id, refusal)


@require_GET
def callback(request, provider_id: str):
    """The provider's answer: validate it, then sign in, or record the request for access."""
    provider = providers.by_id_or_404(provider_id)
    try:
        claims, id_token = protocol.validated_claims(request, provider)
        person = person_from_claims(claims, provider)
        outcome = services.identity_sign_in(provider=provider, person=person, request=request)
    except SignInRefused as refusal:
        return _refused(request, provider.id, refusal)
    if outcome.pending is not None:
        context = {"pending": outcome.pending, "new_request": outcome.new_request}
        return render(request, "accounts/oidc/pending.html", context)
    next_path = safe_next(request, request.session.pop(session.NEXT, ""))
    session.sign_in(request, outcome.user, provider=provider, person=person, id_token=id_token)
    return redirect(next_path or reverse("home"))


@access.require(access.may_decide_account_requests)
@require_GET
def account_requests(request):
    """Requests for access waiting for this admin or lead, and the latest decided."""
    waiting, decided = selectors.waiting_and_recent(request.user)
    forms = [
        RequestDecisionForm(
            roles=access.grantable_roles(request.user, pending.authority_id), request_id=pending.pk
        )
        for pending in waiting
    ]
    return render(
        request,
        "accounts/oidc/requests.html",
        {"waiting": list(zip(waiting, forms, strict=True)), "decided": decided},
    )


@access.require(access.may_decide_account_requests)
@require_POST
def account_request_decide(request, pk: int):
    """Approve with a role, or decline; a request outside the person's scope is a 404."""
    pending = selectors.account_requests_for(request.user).filter(pk=pk).first()
    if pending is None:
        raise Http404("No such request.")
    roles = access.grantable_roles(request.user, pending.authority_id)
    form = RequestDecisionForm(request.POST, roles=roles, request_id=pk)
    if not form.is_valid():
        context = {"waiting": [(pending, form)], "decided": [], "only": True}
        return render(request, "accounts/oidc/requests.html", context, status=400)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.pending_account_approve(
                pending_id=pk, role=form.cleaned_data["role"], actor=request.user, request=request
            )
            messages.success(request, f"{pending.full_name} can now sign in.")
        else:
            services.pending_account_refuse(pending_id=pk, actor=request.user, request=request)
            messages.success(request, f"You declined the request from {pending.full_name}.")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("oidc_requests")

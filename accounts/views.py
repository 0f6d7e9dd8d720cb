"""The sign-in and sign-out pages: Django's views, with organisation sign-in beside passwords.

When an organisation's provider is configured, the sign-in page offers "Sign in with your
organisation's account" first (a work address, which says which provider), then the
username and password. Signing out of a session that a provider started also ends the
provider's session, where the provider offers that (RP-initiated logout).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from accounts.forms import SignInForm
from accounts.oidc import protocol, providers, session
from accounts.oidc.forms import OrganisationEmailForm


def _organisation_context(request, organisation_form=None) -> dict:
    if not providers.configured():
        return {}
    return {"organisation_form": organisation_form or OrganisationEmailForm()}


def sign_in_page(request, *, organisation_form, status: int):
    """The sign-in page with the organisation form as given (e.g. with its errors)."""
    context = {
        "form": SignInForm(request),
        "next": request.POST.get("next", ""),
        **_organisation_context(request, organisation_form),
    }
    return render(request, "registration/login.html", context, status=status)


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_organisation_context(self.request)}


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only), then show the sign-in page with a confirmation banner, by way
    of the provider's own sign-out if the session was started through one that has it."""

    def post(self, request, *args, **kwargs):
        provider = providers.by_id(request.session.get(session.PROVIDER, ""))
        id_token = request.session.get(session.ID_TOKEN, "")
        response = super().post(request, *args, **kwargs)
        # Stored in the messages cookie, which survives the session being flushed.
        messages.success(request, "You have signed out.")
        if provider is not None:
            login_page = request.build_absolute_uri(response["Location"])
            url = protocol.logout_url(provider, id_token=id_token, return_url=login_page)
            if url:
                return redirect(url)
        return response

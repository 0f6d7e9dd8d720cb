"""A session started through an organisation's provider: signing in, the periodic re-check
with the provider, and what sign-out needs to end the provider's session too.

A provider is the authority on whether its people may still sign in: a leaver disabled
there must not keep using this service on an old session. So a session started through a
provider lasts ``OIDC_SESSION_LIFETIME`` seconds (besides the idle and absolute limits of
``accounts.session_timeout``); after that the person is signed out and sent back through
the provider, which signs them straight in again if they are still allowed to, and
refuses them if not.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect
from django.urls import reverse

from accounts.oidc import providers
from accounts.oidc.claims import Person
from accounts.two_factor.middleware import set_state
from accounts.two_factor.services import two_factor_state_of

PROVIDER = "ldm_oidc_provider"
ID_TOKEN = "ldm_oidc_id_token"  # noqa: S105 (a session key name, not a secret)
CHECKED_AT = "ldm_oidc_checked_at"
NEXT = "ldm_oidc_next"


def sign_in(request, user, *, provider: providers.IdentityProvider, person: Person, id_token: str):
    """Sign ``user`` in through ``provider``: Django's session, the sign-in audited with the
    provider and whether it asserted multi-factor authentication, the two-factor state
    (nothing more to ask if it did), and what the re-check and sign-out need."""
    request.ldm_sign_in_detail = {"method": "oidc", "provider": provider.id, "mfa": person.mfa}
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[PROVIDER] = provider.id
    request.session[ID_TOKEN] = id_token
    request.session[CHECKED_AT] = int(time.time())
    set_state(request, two_factor_state_of(user, mfa_by_provider=person.mfa))


def start_url(provider_id: str, next_path: str = "") -> str:
    url = reverse("oidc_start", kwargs={"provider_id": provider_id})
    return url + ("?" + urlencode({"next": next_path}) if next_path else "")


class ProviderSessionMiddleware:
    """Sends a session started through a provider back through it once it is older than
    ``OIDC_SESSION_LIFETIME``, or to the sign-in page if the provider has been removed.
    Install after ``AuthenticationMiddleware`` and ``SessionTimeoutMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        provider_id = request.session.get(PROVIDER) if hasattr(request, "session") else None
        if provider_id and request.user.is_authenticated:
            age = int(time.time()) - request.session.get(CHECKED_AT, 0)
            provider = providers.by_id(provider_id)
            if provider is None or age > settings.OIDC_SESSION_LIFETIME:
                logout(request)
                messages.info(
                    request,
                    "Your organisation's sign-in needs to be checked again. Your saved work is "
                    "safe.",
                )
                if request.method not in ("GET", "HEAD"):
                    # Answered as signed out (a form goes to the sign-in page, the
                    # keep-alive gets its 401), never a redirect a script cannot follow.
                    return self.get_response(request)
                if provider is None:
                    return redirect(settings.LOGIN_URL_PATH)
                return redirect(start_url(provider.id, request.get_full_path()))
        return self.get_response(request)

"""The OpenID Connect exchanges with a provider, through Authlib, and what their failures mean.

``redirect_to_provider`` starts the authorisation code flow: Authlib makes a fresh
``state``, ``nonce`` and PKCE verifier (S256) for each sign-in and keeps them in the
session. ``validated_claims`` finishes it: the state must match one this session started
(and is used up, so a replayed callback is refused), the code is exchanged with the
verifier, and the ID token must be signed by a key in the provider's published set, be
issued by the configured issuer to this service's client id, be unexpired and carry the
session's nonce. Every failure becomes a ``SignInRefused`` with its reason.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from django.http import HttpResponseRedirect
from joserfc import errors as jose_errors

from accounts.oidc.claims import Reason, SignInRefused
from accounts.oidc.providers import IdentityProvider, client_for

logger = logging.getLogger(__name__)

# Seconds of clock difference allowed between the provider and this service.
CLOCK_LEEWAY = 60
CLAIM_REASONS = {
    "aud": Reason.AUDIENCE,
    "azp": Reason.AUDIENCE,
    "iss": Reason.ISSUER,
    "nonce": Reason.NONCE,
    "exp": Reason.EXPIRED,
}


def _metadata(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document, which must name the configured issuer
    (OpenID Connect Discovery 1.0, section 4.3)."""
    try:
        metadata = client_for(provider).load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("provider %s: discovery failed: %s", provider.id, exc)
        raise SignInRefused(Reason.UNREACHABLE) from exc
    if metadata.get("issuer") != provider.issuer:
        raise SignInRefused(Reason.ISSUER)
    return metadata


def redirect_to_provider(
    request, provider: IdentityProvider, *, callback_url: str, login_hint: str = ""
) -> HttpResponseRedirect:
    """Send the person to the provider's sign-in, with a new state, nonce and PKCE challenge."""
    _metadata(provider)
    extra = {"login_hint": login_hint} if login_hint else {}
    return client_for(provider).authorize_redirect(request, callback_url, **extra)


def _refusal_for(exc: Exception) -> SignInRefused:
    if isinstance(exc, MismatchingStateError):
        return SignInRefused(Reason.STATE)
    if isinstance(exc, jose_errors.ExpiredTokenError):
        return SignInRefused(Reason.EXPIRED)
    if isinstance(exc, jose_errors.ClaimError):
        return SignInRefused(CLAIM_REASONS.get(exc.claim, Reason.TOKEN), detail=exc.claim)
    if isinstance(exc, jose_errors.BadSignatureError | jose_errors.InvalidKeyIdError):
        return SignInRefused(Reason.SIGNATURE)
    if isinstance(exc, jose_errors.JoseError):
        return SignInRefused(Reason.TOKEN, detail="its ID token could not be read")
    if isinstance(exc, requests.RequestException):
        return SignInRefused(Reason.UNREACHABLE)
    # OAuthError: an error the provider returned, to the browser or to the token request.
    assert isinstance(exc, OAuthError)
    return SignInRefused(Reason.PROVIDER_ERROR, detail=exc.description or exc.error)


def validated_claims(request, provider: IdentityProvider) -> tuple[dict[str, Any], str]:
    """The claims of the provider's ID token for this callback, after every check, and the
    token itself (the hint for ending the provider's session at sign-out)."""
    _metadata(provider)
    try:
        token = client_for(provider).authorize_access_token(
            request,
            claims_options={
                "iss": {"essential": True, "values": [provider.issuer]},
                "aud": {"essential": True, "values": [provider.client_id]},
            },
            leeway=CLOCK_LEEWAY,
        )
    except (OAuthError, jose_errors.JoseError, requests.RequestException) as exc:
        raise _refusal_for(exc) from exc
    claims = token.get("userinfo")
    if not claims:
        raise SignInRefused(Reason.TOKEN, detail="it sent no ID token")
    return dict(claims), token.get("id_token", "")


def logout_url(provider: IdentityProvider, *, id_token: str, return_url: str) -> str | None:
    """Where to send the person so the provider ends its session too (RP-initiated logout),
    or None if it offers no end-session endpoint or cannot be reached."""
    try:
        metadata = _metadata(provider)
    except SignInRefused:
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = client_for(provider).create_logout_url(
        post_logout_redirect_uri=return_url,
        id_token_hint=id_token or None,
        client_id=provider.client_id,
    )
    return result["url"]

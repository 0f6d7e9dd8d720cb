"""The organisations' OpenID Connect providers, as configured (``settings.OIDC_PROVIDERS``).

Read from the settings on every call (a dict per provider, checked at start-up by
``maturity.settings.identity_providers``), so a test's ``override_settings`` takes effect.
The Authlib client of each provider is kept for the life of the process, so its discovery
document and keys are fetched once, not on every sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.http import Http404

# Seconds to wait for a provider (discovery, token, keys) before telling the person it
# could not be reached.
PROVIDER_TIMEOUT = 10


@dataclass(frozen=True)
class IdentityProvider:
    id: str
    name: str
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    scopes: str
    # email domain -> GSS code of its authority, or "" for the CDO office
    domains: tuple[tuple[str, str], ...]
    email_claim: str
    trust_email: bool
    mfa_amr: tuple[str, ...]
    mfa_acr: tuple[str, ...]
    role_claim: str
    role_values: tuple[tuple[str, str], ...]

    @classmethod
    def from_setting(cls, value: dict[str, Any]) -> IdentityProvider:
        return cls(
            id=value["id"],
            name=value["name"],
            issuer=value["issuer"],
            client_id=value["client_id"],
            client_secret=value["client_secret"],
            scopes=value["scopes"],
            domains=tuple(sorted(value["domains"].items())),
            email_claim=value["email_claim"],
            trust_email=value["trust_email"],
            mfa_amr=tuple(value["mfa_amr"]),
            mfa_acr=tuple(value["mfa_acr"]),
            role_claim=value["role_claim"],
            role_values=tuple(sorted(value["role_values"].items())),
        )

    @property
    def domain_authorities(self) -> dict[str, str]:
        """Email domain -> GSS code of the authority it signs people in for ("" = CDO office)."""
        return dict(self.domains)

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"


def configured() -> list[IdentityProvider]:
    """Every configured provider, in the order of ``OIDC_PROVIDERS``."""
    return [IdentityProvider.from_setting(value) for value in settings.OIDC_PROVIDERS]


def by_id(provider_id: str) -> IdentityProvider | None:
    return next((p for p in configured() if p.id == provider_id), None)


def by_id_or_404(provider_id: str) -> IdentityProvider:
    provider = by_id(provider_id)
    if provider is None:
        raise Http404("No such sign-in provider.")
    return provider


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def for_email(email: str) -> IdentityProvider | None:
    """The provider that signs in people with this address's domain, if any."""
    domain = domain_of(email)
    return next((p for p in configured() if domain in p.domain_authorities), None)


_clients: dict[IdentityProvider, DjangoOAuth2App] = {}


def client_for(provider: IdentityProvider) -> DjangoOAuth2App:
    """Authlib's client for the provider: authorisation code flow, PKCE with S256 (Authlib
    then makes a verifier per sign-in), and a nonce, which Authlib adds for the openid scope."""
    client = _clients.get(provider)
    if client is None:
        client = OAuth().register(
            name=provider.id,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "default_timeout": PROVIDER_TIMEOUT,
            },
        )
        _clients[provider] = client
    return client

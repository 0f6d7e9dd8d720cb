"""Shared set-up for the organisation sign-in tests: one real OpenID provider (node
oidc-provider, tests/identity_provider.py) with the people it knows, and the service's
settings pointing at it."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse

from tests.identity_provider import sign_in_at_provider

PROVIDER_ID = "test-org"
CLIENT_ID = "ldm-test"
CLIENT_SECRET = "test-client-secret"  # noqa: S105 (the test provider's own client)
PASSWORD = "provider-password"  # noqa: S105


def person(login: str, **claims) -> dict:
    given, _, family = login.partition("@")[0].partition(".")
    return {
        "login": login,
        "password": PASSWORD,
        "email": login,
        "email_verified": True,
        "name": f"{given.title()} {family.title()}".strip(),
        "given_name": given.title(),
        "family_name": family.title(),
        "amr": ["pwd"],
        **claims,
    }


PEOPLE = [
    person("amina.khan@camden.gov.uk", amr=["pwd", "mfa"]),
    person("ben.lee@camden.gov.uk"),
    person("cara.jones@camden.gov.uk", email_verified=False),
    person("dev.patel@example.org"),
    person("erin.shaw@london.gov.uk", acr="urn:test:loa:2"),
    person("finn.obi@hackney.gov.uk"),
    person("gia.rossi@camden.gov.uk", roles=["LDM.Lead"]),
    person("hana.mori@camden.gov.uk", amr=["pwd", "mfa"]),  # leaves: disabled by a test
]


def client_config(base_urls: list[str]) -> dict:
    return {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{base}/accounts/oidc/{PROVIDER_ID}/callback/" for base in base_urls],
        "post_logout_redirect_uris": [f"{base}/accounts/login/" for base in base_urls],
    }


def provider_setting(issuer: str, **changes) -> dict:
    """The service's setting for the test provider, as maturity.settings reads it."""
    return {
        "id": PROVIDER_ID,
        "name": "Test Borough Council",
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid email profile",
        # Hackney's domain maps to Hackney: the provider may sign in for two authorities.
        "domains": {
            "camden.gov.uk": "E09000007",
            "hackney.gov.uk": "E09000012",
            "london.gov.uk": "",
        },
        "email_claim": "email",
        "trust_email": False,
        "mfa_amr": ["mfa"],
        "mfa_acr": ["urn:test:loa:2"],
        "role_claim": "",
        "role_values": {},
        **changes,
    }


def start(client: Client, next_path: str = ""):
    url = reverse("oidc_start", args=[PROVIDER_ID])
    return client.get(url, {"next": next_path} if next_path else {})


def sign_in(client: Client, login: str, *, password: str = PASSWORD, next_path: str = ""):
    """Start at the service, sign in at the provider, and bring its answer back (the
    service's response to the callback). Returns (response, callback path)."""
    started = start(client, next_path)
    assert started.status_code == 302, started.content[:500]
    callback = sign_in_at_provider(started["Location"], login=login, password=password)
    parts = urlsplit(callback)
    path = parts.path + "?" + parts.query
    return client.get(path), path


def environment_for(issuer: str) -> dict[str, str]:
    """The environment variables that configure the service for the test provider, as an
    operator would set them (scripts/screenshots.py and scripts/run-with-test-provider use
    them; tests/accounts/oidc/test_provider_settings.py checks they read back as
    ``provider_setting``)."""
    prefix = "OIDC_" + PROVIDER_ID.upper().replace("-", "_") + "_"
    return {
        "OIDC_PROVIDERS": PROVIDER_ID,
        prefix + "NAME": "Test Borough Council",
        prefix + "ISSUER": issuer,
        prefix + "CLIENT_ID": CLIENT_ID,
        prefix + "CLIENT_SECRET": CLIENT_SECRET,
        prefix + "DOMAINS": "camden.gov.uk=E09000007,hackney.gov.uk=E09000012,london.gov.uk",
        prefix + "MFA_ACR": "urn:test:loa:2",
    }

"""Reading the organisations' OpenID Connect providers from the environment.

Called once from ``maturity.settings.base`` (the one place the environment is read), with
its ``env``. Each provider is described by variables named after its id; the result is a
list of plain dicts (``OIDC_PROVIDERS``) that ``accounts.oidc.providers`` turns into
objects. A mistake in the variables stops the service at start-up with a message naming
the variable, rather than failing at someone's sign-in.

    OIDC_PROVIDERS=camden,richmond-wandsworth        ids, lower case: a-z, 0-9 and "-"
    OIDC_CAMDEN_NAME=Camden Council                  shown on the sign-in pages
    OIDC_CAMDEN_ISSUER=https://login.microsoftonline.com/<tenant id>/v2.0
    OIDC_CAMDEN_CLIENT_ID=...   OIDC_CAMDEN_CLIENT_SECRET=...
    OIDC_CAMDEN_DOMAINS=camden.gov.uk=E09000007      email domains it may sign in, each
                                                     with the GSS code of its authority,
                                                     or alone for the CDO office
    OIDC_CAMDEN_EMAIL_CLAIM=email                    (default email)
    OIDC_CAMDEN_TRUST_EMAIL=false                    true: an address on a listed domain
                                                     counts as verified without an
                                                     email_verified claim (Entra ID)
    OIDC_CAMDEN_MFA_AMR=mfa                          amr values that mean multi-factor
    OIDC_CAMDEN_MFA_ACR=                             acr values that mean multi-factor
    OIDC_CAMDEN_ROLE_CLAIM=roles                     optional: a claim that grants a
    OIDC_CAMDEN_ROLE_VALUES=LDM.Lead=lead,LDM.Contributor=contributor   borough role

In the variable names the id is upper case with "-" as "_".
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ImproperlyConfigured

PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
GSS_CODE = re.compile(r"^E0[69]\d{6}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")
BOROUGH_ROLES = ("lead", "contributor")
DEFAULT_SCOPES = "openid email profile"


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _pairs(name: str, value: str) -> dict[str, str]:
    """``a=b,c=d`` as a dict; an item without ``=`` maps to ""."""
    pairs = {}
    for item in _items(value):
        key, _, mapped = item.partition("=")
        if not key.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} has nothing before '='.")
        pairs[key.strip()] = mapped.strip()
    return pairs


def _domains(name: str, value: str) -> dict[str, str]:
    domains = {domain.lower(): code.upper() for domain, code in _pairs(name, value).items()}
    if not domains:
        raise ImproperlyConfigured(f"{name} must list at least one email domain.")
    for domain, code in domains.items():
        if not DOMAIN.match(domain):
            raise ImproperlyConfigured(f"{name}: {domain!r} is not an email domain.")
        if code and not GSS_CODE.match(code):
            raise ImproperlyConfigured(
                f"{name}: {code!r} (for {domain}) is not a GSS code like E09000007."
            )
    return domains


def _role_values(name: str, value: str) -> dict[str, str]:
    values = _pairs(name, value)
    for claim_value, role in values.items():
        if role not in BOROUGH_ROLES:
            raise ImproperlyConfigured(
                f"{name}: {claim_value!r} maps to {role!r}; only lead or contributor can be "
                "granted from a claim."
            )
    return values


def read_providers(env) -> list[dict[str, Any]]:
    """The providers named by ``OIDC_PROVIDERS``, each read and checked.

    Raises ``ImproperlyConfigured`` naming the variable at fault: a bad id, a missing
    issuer, client id or secret, an issuer that is not https (http only on loopback, for
    the test provider), a domain or GSS code that is malformed, or a role claim with
    nothing to map.
    """
    ids = _items(env.str("OIDC_PROVIDERS", default=""))
    providers = []
    for provider_id in ids:
        if not PROVIDER_ID.match(provider_id):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: {provider_id!r} is not a valid id (a-z, 0-9 and '-')."
            )
        prefix = "OIDC_" + provider_id.upper().replace("-", "_") + "_"

        def required(suffix: str, prefix: str = prefix) -> str:
            value = env.str(prefix + suffix, default="").strip()
            if not value:
                raise ImproperlyConfigured(f"{prefix}{suffix} must be set.")
            return value

        issuer = required("ISSUER").rstrip("/")
        loopback = re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/|$)", issuer)
        if not (issuer.startswith("https://") or loopback):
            raise ImproperlyConfigured(f"{prefix}ISSUER must be an https address.")
        role_claim = env.str(prefix + "ROLE_CLAIM", default="").strip()
        role_values = _role_values(
            prefix + "ROLE_VALUES", env.str(prefix + "ROLE_VALUES", default="")
        )
        if role_claim and not role_values:
            raise ImproperlyConfigured(f"{prefix}ROLE_VALUES must be set with {prefix}ROLE_CLAIM.")
        providers.append(
            {
                "id": provider_id,
                "name": env.str(prefix + "NAME", default="").strip() or provider_id,
                "issuer": issuer,
                "client_id": required("CLIENT_ID"),
                "client_secret": required("CLIENT_SECRET"),
                "scopes": env.str(prefix + "SCOPES", default=DEFAULT_SCOPES).strip(),
                "domains": _domains(prefix + "DOMAINS", env.str(prefix + "DOMAINS", default="")),
                "email_claim": env.str(prefix + "EMAIL_CLAIM", default="email").strip(),
                "trust_email": env.bool(prefix + "TRUST_EMAIL", default=False),
                "mfa_amr": _items(env.str(prefix + "MFA_AMR", default="mfa")),
                "mfa_acr": _items(env.str(prefix + "MFA_ACR", default="")),
                "role_claim": role_claim,
                "role_values": role_values if role_claim else {},
            }
        )
    return providers


def form_action_origins(providers: list[dict[str, Any]]) -> list[str]:
    """The providers' origins, which the CSP's form-action must allow: Chromium applies
    form-action to the redirect that follows a form (sign-in by email, sign-out)."""
    origins = []
    for provider in providers:
        match = re.match(r"^(https?://[^/]+)", provider["issuer"])
        if match and match.group(1) not in origins:
            origins.append(match.group(1))
    return origins

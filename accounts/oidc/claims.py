"""What a provider's validated ID token says about the person, and why a sign-in is refused.

Pure functions of the claims and the provider's configuration: no database, no requests.
Every reason a sign-in through a provider can be refused is listed once, in ``Reason``,
with the words the person reads and the HTTP status of the page that says them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from accounts.oidc.providers import IdentityProvider, domain_of


class Reason(StrEnum):
    """Why a sign-in through a provider was refused (the audit log keeps the value)."""

    STATE = "state"
    PROVIDER_ERROR = "provider_error"
    UNREACHABLE = "unreachable"
    TOKEN = "token"  # noqa: S105 (a reason, not a secret)
    AUDIENCE = "audience"
    EXPIRED = "expired"
    SIGNATURE = "signature"
    ISSUER = "issuer"
    NONCE = "nonce"
    EMAIL_MISSING = "email_missing"
    EMAIL_UNVERIFIED = "email_unverified"
    DOMAIN_UNKNOWN = "domain_unknown"
    WRONG_ORGANISATION = "wrong_organisation"
    ACCOUNT_CLOSED = "account_closed"
    DUPLICATE_EMAIL = "duplicate_email"
    REQUEST_DECLINED = "request_declined"


# A token that fails a check is untrustworthy, whichever check it failed: the person reads
# one explanation with the check named, the audit log the exact reason.
UNTRUSTED = "Your organisation's sign-in service sent a sign-in that this service cannot trust"
MESSAGES: dict[Reason, tuple[int, str]] = {
    Reason.STATE: (
        400,
        "This sign-in had already been used, had expired, or was started in another browser. "
        "Start again from the sign-in page.",
    ),
    Reason.PROVIDER_ERROR: (
        400,
        "Your organisation's sign-in service did not sign you in: {detail}.",
    ),
    Reason.UNREACHABLE: (
        503,
        "Your organisation's sign-in service could not be reached. Try again in a few minutes.",
    ),
    Reason.TOKEN: (400, UNTRUSTED + ": {detail}."),
    Reason.AUDIENCE: (400, UNTRUSTED + ": it was meant for another service."),
    Reason.EXPIRED: (
        400,
        UNTRUSTED + ": it had expired. Check your device's clock, then try again.",
    ),
    Reason.SIGNATURE: (400, UNTRUSTED + ": its signature does not match the service's keys."),
    Reason.ISSUER: (400, UNTRUSTED + ": it came from an unexpected issuer."),
    Reason.NONCE: (400, UNTRUSTED + ": it does not belong to this sign-in."),
    Reason.EMAIL_MISSING: (
        403,
        "Your organisation's account did not give this service an email address, so it cannot "
        "tell who you are.",
    ),
    Reason.EMAIL_UNVERIFIED: (
        403,
        "Your organisation has not confirmed that {email} is yours, so it cannot be used to sign "
        "in here. Ask your IT service desk to confirm the address.",
    ),
    Reason.DOMAIN_UNKNOWN: (
        403,
        "Accounts at {domain} cannot sign in through {provider}. Sign in with the account your "
        "authority gave you, or with a password.",
    ),
    Reason.WRONG_ORGANISATION: (
        403,
        "Your account in this service belongs to another organisation than {provider}. Sign in "
        "through your own organisation, or with a password.",
    ),
    Reason.ACCOUNT_CLOSED: (403, "Your account in this service has been closed."),
    Reason.DUPLICATE_EMAIL: (
        403,
        "More than one account in this service has the address {email}, so it cannot tell "
        "which is yours.",
    ),
    Reason.REQUEST_DECLINED: (
        403,
        "Your request for access was declined. Ask your authority's digital lead or the London "
        "CDO office if you think you need access.",
    ),
}


class SignInRefused(Exception):
    """A sign-in through a provider that must not go ahead, and why."""

    def __init__(self, reason: Reason, **context: str) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.context = context

    @property
    def status(self) -> int:
        return MESSAGES[self.reason][0]

    @property
    def message(self) -> str:
        template = MESSAGES[self.reason][1]
        return template.format_map(_Blank(self.context))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "not given"


@dataclass(frozen=True)
class Person:
    """The person a provider vouches for, once the claims have passed every check."""

    issuer: str
    subject: str
    email: str
    first_name: str
    last_name: str
    authority_code: str  # GSS code of the email domain's authority, "" for the CDO office
    mfa: bool
    role_from_claim: str  # "lead" or "contributor" when configured and asserted, else ""


def mfa_asserted(claims: dict[str, Any], provider: IdentityProvider) -> bool:
    """Whether the provider says it used more than one factor: one of the configured
    ``amr`` values among the token's, or its ``acr`` one of the configured ones."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if any(value in provider.mfa_amr for value in amr):
        return True
    acr = claims.get("acr")
    return bool(acr) and acr in provider.mfa_acr


def role_from_claim(claims: dict[str, Any], provider: IdentityProvider) -> str:
    """The borough role the configured role claim grants ("" if none is configured or
    asserted). Where several values match, the lesser role wins."""
    if not provider.role_claim:
        return ""
    asserted = claims.get(provider.role_claim) or []
    if isinstance(asserted, str):
        asserted = [asserted]
    roles = {role for value, role in provider.role_values if value in asserted}
    if "contributor" in roles:
        return "contributor"
    return "lead" if "lead" in roles else ""


def _email_verified(claims: dict[str, Any], provider: IdentityProvider) -> bool:
    verified = claims.get("email_verified")
    if verified is None:
        return provider.trust_email
    return verified is True or str(verified).lower() == "true"


def person_from_claims(claims: dict[str, Any], provider: IdentityProvider) -> Person:
    """The person, if the claims name a verified address on one of the provider's domains.

    Raises ``SignInRefused`` for a missing address, one the provider has not verified
    (``email_verified`` false, or absent unless the provider is configured to be trusted),
    or one on a domain the provider is not configured to sign in.
    """
    email = str(claims.get(provider.email_claim) or "").strip()
    if "@" not in email:
        raise SignInRefused(Reason.EMAIL_MISSING)
    if not _email_verified(claims, provider):
        raise SignInRefused(Reason.EMAIL_UNVERIFIED, email=email)
    domain = domain_of(email)
    authorities = provider.domain_authorities
    if domain not in authorities:
        raise SignInRefused(Reason.DOMAIN_UNKNOWN, domain=domain, provider=provider.name)
    return Person(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=email.lower(),
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
        authority_code=authorities[domain],
        mfa=mfa_asserted(claims, provider),
        role_from_claim=role_from_claim(claims, provider) if authorities[domain] else "",
    )

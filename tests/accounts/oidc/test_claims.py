"""What a validated ID token says about a person (accounts.oidc.claims): pure, no database."""

import pytest

from accounts.oidc.claims import (
    MESSAGES,
    Reason,
    SignInRefused,
    mfa_asserted,
    person_from_claims,
    role_from_claim,
)
from accounts.oidc.providers import IdentityProvider

BASE = {
    "id": "camden",
    "name": "Camden Council",
    "issuer": "https://idp.example.org",
    "client_id": "ldm",
    "client_secret": "s",
    "scopes": "openid email profile",
    "domains": {"camden.gov.uk": "E09000007", "london.gov.uk": ""},
    "email_claim": "email",
    "trust_email": False,
    "mfa_amr": ["mfa", "hwk"],
    "mfa_acr": ["urn:loa:2"],
    "role_claim": "",
    "role_values": {},
}
CLAIMS = {
    "iss": "https://idp.example.org",
    "sub": "abc",
    "email": "Amina.Khan@Camden.gov.uk",
    "email_verified": True,
    "given_name": "Amina",
    "family_name": "Khan",
}


def provider(**changes) -> IdentityProvider:
    return IdentityProvider.from_setting(BASE | changes)


def test_a_verified_address_on_a_listed_domain_names_the_person_and_authority():
    person = person_from_claims(CLAIMS, provider())
    assert person.email == "amina.khan@camden.gov.uk"
    assert person.authority_code == "E09000007"
    assert (person.first_name, person.last_name, person.subject) == ("Amina", "Khan", "abc")
    assert person.mfa is False


def test_an_office_domain_has_no_authority():
    person = person_from_claims(CLAIMS | {"email": "a@london.gov.uk"}, provider())
    assert person.authority_code == ""


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"email": ""}, Reason.EMAIL_MISSING),
        ({"email": "not-an-address"}, Reason.EMAIL_MISSING),
        ({"email_verified": False}, Reason.EMAIL_UNVERIFIED),
        ({"email_verified": "false"}, Reason.EMAIL_UNVERIFIED),
        ({"email": "someone@hackney.gov.uk"}, Reason.DOMAIN_UNKNOWN),
    ],
)
def test_refusals(claims, reason):
    with pytest.raises(SignInRefused) as refused:
        person_from_claims(CLAIMS | claims, provider())
    assert refused.value.reason == reason


def test_an_absent_email_verified_counts_only_when_the_provider_is_trusted():
    claims = {k: v for k, v in CLAIMS.items() if k != "email_verified"}
    with pytest.raises(SignInRefused):
        person_from_claims(claims, provider())
    assert person_from_claims(claims, provider(trust_email=True)).email.endswith("camden.gov.uk")


def test_another_email_claim_can_be_configured():
    claims = CLAIMS | {"email": "", "preferred_username": "a@camden.gov.uk"}
    person = person_from_claims(claims, provider(email_claim="preferred_username"))
    assert person.email == "a@camden.gov.uk"


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["hwk"]}, True),
        ({"amr": "mfa"}, True),
        ({"amr": ["pwd"]}, False),
        ({}, False),
        ({"acr": "urn:loa:2"}, True),
        ({"acr": "urn:loa:1", "amr": ["pwd"]}, False),
    ],
)
def test_mfa_is_asserted_only_by_configured_values(claims, expected):
    assert mfa_asserted(claims, provider()) is expected


def test_no_role_from_a_claim_unless_configured():
    configured = provider(
        role_claim="roles", role_values={"LDM.Lead": "lead", "LDM.User": "contributor"}
    )
    assert role_from_claim({"roles": ["LDM.Lead"]}, provider()) == ""
    assert role_from_claim({"roles": ["LDM.Lead"]}, configured) == "lead"
    assert role_from_claim({"roles": ["LDM.Lead", "LDM.User"]}, configured) == "contributor"
    assert role_from_claim({"roles": ["Other"]}, configured) == ""
    # An office address never gets a role from a claim.
    office = CLAIMS | {"email": "a@london.gov.uk", "roles": ["LDM.Lead"]}
    assert person_from_claims(office, configured).role_from_claim == ""


def test_every_reason_has_a_message_and_a_refusing_status():
    assert set(MESSAGES) == set(Reason)
    for reason in Reason:
        refusal = SignInRefused(reason, email="a@b.c", domain="b.c", provider="P", detail="d")
        assert refusal.status >= 400
        assert "{" not in refusal.message

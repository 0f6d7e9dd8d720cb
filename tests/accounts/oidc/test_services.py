"""Signing in through a provider when two sign-ins of the same person race (two tabs):
the second finds what the first wrote instead of failing (accounts.oidc.services)."""

import pytest

from accounts.models import ExternalIdentity, PendingAccount
from accounts.oidc import services
from accounts.oidc.claims import Person
from accounts.oidc.providers import IdentityProvider
from tests.accounts.oidc.support import provider_setting
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PROVIDER = IdentityProvider.from_setting(provider_setting("https://idp.example.org"))
PERSON = Person(
    issuer="https://idp.example.org",
    subject="sub-1",
    email="ben.lee@camden.gov.uk",
    first_name="Ben",
    last_name="Lee",
    authority_code="E09000007",
    mfa=False,
    role_from_claim="",
)


def test_a_second_request_for_the_same_person_returns_the_waiting_one():
    first = services._request_access(PERSON, PROVIDER, None)
    # The race: the second sign-in looked before the first had written its request.
    second = services._request_access(PERSON, PROVIDER, None)
    assert second == first
    assert PendingAccount.objects.count() == 1


def test_a_second_link_of_the_same_identity_changes_nothing():
    user = make_member("lead", email=PERSON.email)
    services._link(user, provider_id=PROVIDER.id, person=PERSON, request=None)
    services._link(user, provider_id=PROVIDER.id, person=PERSON, request=None)
    assert ExternalIdentity.objects.filter(user=user).count() == 1
    outcome = services.identity_sign_in(provider=PROVIDER, person=PERSON, request=None)
    assert outcome.user == user


def test_a_configured_code_that_names_no_authority_refuses_rather_than_fails():
    from dataclasses import replace

    from accounts.oidc.claims import SignInRefused

    with pytest.raises(SignInRefused):
        services.identity_sign_in(
            provider=PROVIDER, person=replace(PERSON, authority_code="E09000099"), request=None
        )
    assert not PendingAccount.objects.exists()

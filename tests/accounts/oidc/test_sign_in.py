"""Signing in through an organisation's provider, against a real OpenID provider.

The provider is panva's certified ``oidc-provider`` on Node, started on a loopback port
(tests/identity_provider.py); the service talks to it over real HTTP for discovery, keys
and tokens. The browser's part (the provider's sign-in page, the redirects) is played by
``requests``; tests/browser/test_oidc_browser.py does the same in Chromium.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import ExternalIdentity, PendingAccount
from accounts.oidc import session
from audit.models import AuditEvent
from boroughs.models import Membership
from tests.accounts.oidc.support import (
    PEOPLE,
    PROVIDER_ID,
    client_config,
    provider_setting,
    sign_in,
    start,
)
from tests.factories import make_admin, make_cdo, make_member
from tests.identity_provider import ProviderRefused, sign_in_at_provider, start_identity_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def idp():
    provider = start_identity_provider(
        clients=[client_config(["http://testserver"])], accounts=PEOPLE
    )
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def configured(idp, settings):
    settings.OIDC_PROVIDERS = [provider_setting(idp.issuer)]
    return idp


@pytest.fixture
def two_factor_required(settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["lead", "contributor", "cdo", "admin"]


def signed_in_user(client: Client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def refusals() -> list[dict]:
    return [e.detail for e in AuditEvent.objects.filter(action="oidc.sign_in_refused")]


def test_the_request_to_the_provider_carries_state_nonce_and_a_pkce_challenge(client):
    response = start(client)
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert query["scope"] == ["openid email profile"]
    # A second sign-in gets a fresh state and nonce.
    again = parse_qs(urlsplit(start(client)["Location"]).query)
    assert again["state"] != query["state"] and again["nonce"] != query["nonce"]


def test_an_existing_lead_is_linked_signed_in_and_reaches_the_task_list(
    client, two_factor_required
):
    lead = make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    response, _ = sign_in(client, "amina.khan@camden.gov.uk", next_path="/assessments/")
    assert response.status_code == 302 and response["Location"] == "/assessments/"
    assert signed_in_user(client) == lead
    identity = ExternalIdentity.objects.get(user=lead)
    assert identity.provider == PROVIDER_ID and identity.subject == "amina.khan@camden.gov.uk"
    # The provider asserted MFA (amr "mfa"), so the service asks for no code of its own
    # although leads are required to use two-factor sign-in here.
    page = client.get("/assessments/")
    assert page.status_code == 200
    (event,) = AuditEvent.objects.filter(action="sign_in")
    assert event.detail == {"method": "oidc", "provider": PROVIDER_ID, "mfa": True}
    assert AuditEvent.objects.filter(action="oidc.identity_link", actor=lead).count() == 1


def test_without_mfa_from_the_provider_the_services_own_second_factor_applies(
    client, two_factor_required
):
    make_member("lead", gss_code="E09000012", email="finn.obi@hackney.gov.uk", username="finn")
    response, _ = sign_in(client, "finn.obi@hackney.gov.uk")
    assert response.status_code == 302
    assert client.get("/assessments/")["Location"].startswith(reverse("two_factor_setup"))


def test_an_acr_value_configured_as_mfa_counts(client, two_factor_required):
    cdo = make_cdo(email="erin.shaw@london.gov.uk", username="erin")
    sign_in(client, "erin.shaw@london.gov.uk")
    assert signed_in_user(client) == cdo
    assert client.get(reverse("review:rounds")).status_code == 200


def test_a_second_sign_in_uses_the_link_not_the_address(client, configured):
    lead = make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    sign_in(client, "amina.khan@camden.gov.uk")
    # The account's address changes here; the provider's subject still finds it.
    lead.email = "someone.else@camden.gov.uk"
    lead.save()
    other = Client()
    sign_in(other, "amina.khan@camden.gov.uk")
    assert signed_in_user(other) == lead
    assert ExternalIdentity.objects.count() == 1


def test_a_new_person_gets_a_request_for_access_and_no_account(
    client, django_capture_on_commit_callbacks
):
    lead = make_member("lead", email="lead@camden.gov.uk", username="camden-lead")
    admin = make_admin(email="admin@london.gov.uk", username="the-admin")
    make_member("lead", gss_code="E09000012", email="lead@hackney.gov.uk", username="hk")
    with django_capture_on_commit_callbacks(execute=True):
        response, _ = sign_in(client, "ben.lee@camden.gov.uk")
    assert response.status_code == 200
    assert "Your request for access has been sent" in response.content.decode()
    assert signed_in_user(client) is None
    assert not get_user_model().objects.filter(email="ben.lee@camden.gov.uk").exists()
    (pending,) = PendingAccount.objects.all()
    assert pending.authority.gss_code == "E09000007" and pending.status == "pending"
    assert (pending.first_name, pending.last_name) == ("Ben", "Lee")
    # Camden's lead and the admins are told; Hackney's lead is not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, admin.email])
    again, _ = sign_in(Client(), "ben.lee@camden.gov.uk")
    assert "Your request for access is waiting" in again.content.decode()
    assert PendingAccount.objects.count() == 1
    assert AuditEvent.objects.filter(action="oidc.account_request").count() == 1


def test_an_approved_request_signs_in_with_the_role_given(
    client, django_capture_on_commit_callbacks
):
    lead = make_member("lead", email="lead@camden.gov.uk", username="camden-lead")
    sign_in(Client(), "ben.lee@camden.gov.uk")
    pending = PendingAccount.objects.get()
    decider = Client()
    decider.force_login(lead)
    url = reverse("oidc_request_decide", args=[pending.pk])
    prefix = f"request-{pending.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        decided = decider.post(
            url, {f"{prefix}-decision": "approve", f"{prefix}-role": "contributor"}
        )
    assert decided.status_code == 302
    assert mail.outbox[-1].to == ["ben.lee@camden.gov.uk"]
    response, _ = sign_in(client, "ben.lee@camden.gov.uk")
    user = signed_in_user(client)
    assert response.status_code == 302 and user.email == "ben.lee@camden.gov.uk"
    membership = Membership.objects.get(user=user)
    assert (membership.authority.gss_code, membership.role) == ("E09000007", "contributor")
    assert not user.has_usable_password()


def test_a_declined_request_is_refused_at_the_next_sign_in(client):
    admin = make_admin(username="the-admin")
    sign_in(Client(), "ben.lee@camden.gov.uk")
    pending = PendingAccount.objects.get()
    decider = Client()
    decider.force_login(admin)
    prefix = f"request-{pending.pk}"
    decider.post(
        reverse("oidc_request_decide", args=[pending.pk]), {f"{prefix}-decision": "decline"}
    )
    response, _ = sign_in(client, "ben.lee@camden.gov.uk")
    assert response.status_code == 403
    assert "declined" in response.content.decode()
    assert refusals()[-1]["reason"] == "request_declined"


@pytest.mark.parametrize(
    ("login", "status", "reason", "words"),
    [
        ("cara.jones@camden.gov.uk", 403, "email_unverified", "has not confirmed"),
        ("dev.patel@example.org", 403, "domain_unknown", "Accounts at example.org cannot sign in"),
    ],
)
def test_claims_that_cannot_be_trusted_are_refused_clearly(client, login, status, reason, words):
    response, _ = sign_in(client, login)
    assert response.status_code == status
    assert words in response.content.decode()
    assert signed_in_user(client) is None
    assert [(r["provider"], r["reason"]) for r in refusals()] == [(PROVIDER_ID, reason)]
    assert not PendingAccount.objects.exists() and not ExternalIdentity.objects.exists()


@pytest.mark.parametrize(
    ("fault", "reason", "words"),
    [
        ("wrong-audience", "audience", "it was meant for another service"),
        ("other-audience-our-azp", "audience", "it was meant for another service"),
        ("expired", "expired", "it had expired"),
        ("bad-signature", "signature", "its signature does not match"),
        ("wrong-issuer", "issuer", "unexpected issuer"),
        ("wrong-nonce", "nonce", "does not belong to this sign-in"),
    ],
)
def test_a_tampered_id_token_is_refused(client, configured, fault, reason, words):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    configured.fault(fault)
    response, _ = sign_in(client, "amina.khan@camden.gov.uk")
    assert response.status_code == 400
    assert words in response.content.decode()
    assert signed_in_user(client) is None
    assert [r["reason"] for r in refusals()] == [reason]
    assert not ExternalIdentity.objects.exists()


def test_a_replayed_callback_is_refused(client):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    response, callback = sign_in(client, "amina.khan@camden.gov.uk")
    assert response.status_code == 302
    replayed = client.get(callback)
    assert replayed.status_code == 400
    assert "had already been used" in replayed.content.decode()
    # Nor does the callback work in another browser (a forged sign-in).
    assert Client().get(callback).status_code == 400
    assert [r["reason"] for r in refusals()] == ["state", "state"]


def test_an_account_of_another_authority_is_not_signed_in_by_this_domain(client):
    make_member("lead", gss_code="E09000012", email="ben.lee@camden.gov.uk", username="ben")
    response, _ = sign_in(client, "ben.lee@camden.gov.uk")
    assert response.status_code == 403
    assert refusals()[-1]["reason"] == "wrong_organisation"
    assert not ExternalIdentity.objects.exists()


def test_a_closed_account_is_refused(client):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina", is_active=False)
    response, _ = sign_in(client, "amina.khan@camden.gov.uk")
    assert response.status_code == 403
    assert refusals()[-1]["reason"] == "account_closed"


def test_a_role_claim_grants_a_borough_role_only_when_configured(client, settings, idp):
    response, _ = sign_in(client, "gia.rossi@camden.gov.uk")
    assert response.status_code == 200 and signed_in_user(client) is None  # a request
    settings.OIDC_PROVIDERS = [
        provider_setting(idp.issuer, role_claim="roles", role_values={"LDM.Lead": "lead"})
    ]
    PendingAccount.objects.all().delete()
    response, _ = sign_in(Client(), "gia.rossi@camden.gov.uk")
    user = get_user_model().objects.get(email="gia.rossi@camden.gov.uk")
    assert Membership.objects.get(user=user).role == "lead"


def test_a_linked_account_cannot_fall_back_on_a_password(client):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    sign_in(Client(), "amina.khan@camden.gov.uk")
    response = client.post(
        reverse("login"), {"username": "amina", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "Your account signs in through Test Borough Council" in response.content.decode()
    assert signed_in_user(client) is None


def test_a_stale_session_goes_back_to_a_provider_that_now_refuses(client, configured):
    make_member("lead", email="hana.mori@camden.gov.uk", username="hana")
    sign_in(client, "hana.mori@camden.gov.uk")
    assert client.get("/assessments/").status_code == 200
    stored = client.session
    stored[session.CHECKED_AT] -= 3601  # older than OIDC_SESSION_LIFETIME
    stored.save()
    configured.disable("hana.mori@camden.gov.uk")  # a leaver
    response = client.get("/assessments/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("oidc_start", args=[PROVIDER_ID]))
    assert signed_in_user(client) is None
    restart = client.get(response["Location"])
    with pytest.raises(ProviderRefused, match="disabled"):
        sign_in_at_provider(
            restart["Location"], login="hana.mori@camden.gov.uk", password="provider-password"
        )


def test_signing_out_ends_the_providers_session_too(client, idp):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    sign_in(client, "amina.khan@camden.gov.uk")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == idp.issuer
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert signed_in_user(client) is None


def test_an_error_from_the_provider_is_shown(client):
    start(client)
    url = reverse("oidc_callback", args=[PROVIDER_ID])
    response = client.get(url, {"error": "access_denied", "error_description": "You cancelled"})
    assert response.status_code == 400
    assert "did not sign you in: You cancelled" in response.content.decode()


def test_an_unreachable_provider_is_said_so(client, settings):
    settings.OIDC_PROVIDERS = [provider_setting("http://127.0.0.1:9")]
    response = start(client)
    assert response.status_code == 503
    assert "could not be reached" in response.content.decode()
    assert refusals()[-1]["reason"] == "unreachable"


def test_the_sign_in_page_offers_the_organisation_first_and_routes_by_domain(client):
    page = client.get(reverse("login")).content.decode()
    assert page.index("Sign in with your organisation's account") < page.index("Password")
    routed = client.post(reverse("oidc_sign_in"), {"organisation-email": "Amina@Camden.gov.uk"})
    assert routed.status_code == 302
    assert routed["Location"].startswith(reverse("oidc_start", args=[PROVIDER_ID]))
    unknown = client.post(reverse("oidc_sign_in"), {"organisation-email": "x@example.org"})
    assert unknown.status_code == 400
    assert "There is no organisation sign-in for example.org" in unknown.content.decode()


def test_a_stale_session_answers_a_post_as_signed_out(client):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    sign_in(client, "amina.khan@camden.gov.uk")
    stored = client.session
    stored[session.CHECKED_AT] -= 3601
    stored.save()
    response = client.post(reverse("keep-alive"))
    assert response.status_code == 401
    assert signed_in_user(client) is None


def test_a_session_whose_provider_was_removed_is_signed_out(client, settings):
    make_member("lead", email="amina.khan@camden.gov.uk", username="amina")
    sign_in(client, "amina.khan@camden.gov.uk")
    settings.OIDC_PROVIDERS = []
    response = client.get("/assessments/")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert signed_in_user(client) is None


def test_each_organisations_address_goes_to_its_own_provider(client, settings, idp):
    settings.OIDC_PROVIDERS = [
        provider_setting(idp.issuer, domains={"camden.gov.uk": "E09000007"}),
        provider_setting(
            "https://login.example.org/hackney",
            id="hackney",
            name="Hackney Council",
            domains={"hackney.gov.uk": "E09000012"},
        ),
    ]
    for address, provider_id in (
        ("a@camden.gov.uk", PROVIDER_ID),
        ("b@HACKNEY.gov.uk", "hackney"),
    ):
        routed = client.post(reverse("oidc_sign_in"), {"organisation-email": address})
        assert routed["Location"].startswith(reverse("oidc_start", args=[provider_id]))
    # Camden's provider vouching for a Hackney address is refused (not configured for it).
    make_member("lead", gss_code="E09000012", email="finn.obi@hackney.gov.uk", username="finn")
    response, _ = sign_in(client, "finn.obi@hackney.gov.uk")
    assert response.status_code == 403
    assert refusals()[-1]["reason"] == "domain_unknown"

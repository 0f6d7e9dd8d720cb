"""The test identity provider (scripts/test-identity-provider.mjs) and its harness.

Driven by hand with requests, as a relying party would: no Django, no database. The
sign-in tests elsewhere trust this provider to behave like a real one and to break its
tokens exactly as asked, so both are checked here.
"""

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet

from tests.identity_provider import (
    IdentityProvider,
    ProviderRefused,
    sign_in_at_provider,
    start_identity_provider,
)

CLIENT_ID = "ldm-test"
CLIENT_SECRET = "s3cret"
CALLBACK = "http://testserver/accounts/oidc/test/callback/"
AFTER_LOGOUT = "http://testserver/accounts/login/"
AMINA = {
    "login": "amina@camden.gov.uk",
    "password": "provider-password",
    "email": "amina@camden.gov.uk",
    "email_verified": True,
    "name": "Amina Khan",
    "given_name": "Amina",
    "family_name": "Khan",
    "amr": ["pwd", "mfa"],
    "acr": "urn:test:loa:2",
}
BEN = {
    "login": "ben@hackney.gov.uk",
    "password": "another-password",
    "sub": "ben-0001",
    "email": "ben@hackney.gov.uk",
    "email_verified": False,
    "name": "Ben Okoro",
}


@pytest.fixture(scope="module")
def provider() -> Iterator[IdentityProvider]:
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [AFTER_LOGOUT],
    }
    idp = start_identity_provider(clients=[client], accounts=[AMINA, BEN])
    yield idp
    idp.stop()


@pytest.fixture(scope="module")
def discovery(provider: IdentityProvider) -> dict:
    response = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5)
    response.raise_for_status()
    return response.json()


@pytest.fixture(scope="module")
def keys(discovery: dict) -> KeySet:
    return KeySet.import_key_set(requests.get(discovery["jwks_uri"], timeout=5).json())


def authorize_url(discovery: dict, *, pkce: bool = True) -> tuple[str, dict]:
    """An authorize URL and the secrets the client keeps (state, nonce, verifier)."""
    kept = {
        "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16),
        "verifier": secrets.token_urlsafe(48),
    }
    params = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "scope": "openid email profile",
        "redirect_uri": CALLBACK,
        "state": kept["state"],
        "nonce": kept["nonce"],
    }
    if pkce:
        digest = hashlib.sha256(kept["verifier"].encode()).digest()
        params["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        params["code_challenge_method"] = "S256"
    return f"{discovery['authorization_endpoint']}?{urlencode(params)}", kept


def callback_params(url: str) -> dict[str, str]:
    assert url.startswith(CALLBACK), url
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def redeem(discovery: dict, code: str, verifier: str) -> dict:
    response = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=(CLIENT_ID, CLIENT_SECRET),
        timeout=5,
    )
    assert response.status_code == 200, response.text
    return response.json()


def sign_in_and_redeem(discovery: dict, account: dict = AMINA) -> tuple[str, dict]:
    """A whole code flow; the raw id_token and what the client kept."""
    url, kept = authorize_url(discovery)
    back = sign_in_at_provider(url, login=account["login"], password=account["password"])
    params = callback_params(back)
    assert params["state"] == kept["state"]
    return redeem(discovery, params["code"], kept["verifier"])["id_token"], kept


def test_discovery_document_names_the_endpoints(provider, discovery):
    assert discovery["issuer"] == provider.issuer
    assert not provider.issuer.endswith("/")
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        assert discovery[endpoint].startswith(provider.issuer + "/")
    assert discovery["end_session_endpoint"].startswith(provider.issuer + "/")
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert discovery["response_types_supported"] == ["code"]


def test_code_flow_with_pkce_gives_a_signed_id_token_with_the_accounts_claims(
    provider, discovery, keys
):
    id_token, kept = sign_in_and_redeem(discovery)

    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    assert token.header["kid"] == keys.keys[0].kid
    claims = token.claims
    assert claims["iss"] == provider.issuer
    assert claims["aud"] == CLIENT_ID
    assert claims["nonce"] == kept["nonce"]
    assert claims["sub"] == AMINA["login"]
    assert claims["email"] == AMINA["email"]
    assert claims["email_verified"] is True
    assert (claims["name"], claims["given_name"], claims["family_name"]) == (
        "Amina Khan",
        "Amina",
        "Khan",
    )
    assert claims["amr"] == ["pwd", "mfa"]
    assert claims["acr"] == "urn:test:loa:2"
    assert claims["iat"] <= time.time() < claims["exp"]


def test_client_secret_post_is_accepted_and_a_given_sub_is_used(discovery, keys):
    url, kept = authorize_url(discovery)
    code = callback_params(sign_in_at_provider(url, login=BEN["login"], password=BEN["password"]))
    response = requests.post(
        discovery["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code["code"],
            "redirect_uri": CALLBACK,
            "code_verifier": kept["verifier"],
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        timeout=5,
    )
    assert response.status_code == 200, response.text
    claims = jwt.decode(response.json()["id_token"], keys).claims
    assert claims["sub"] == "ben-0001"
    assert claims["email_verified"] is False
    assert "amr" not in claims


def test_the_code_is_refused_without_the_verifier(discovery):
    url, kept = authorize_url(discovery)
    code = callback_params(
        sign_in_at_provider(url, login=AMINA["login"], password="provider-password")
    )
    response = requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code["code"], "redirect_uri": CALLBACK},
        auth=(CLIENT_ID, CLIENT_SECRET),
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_authorize_request_without_pkce_is_refused(discovery):
    url, _ = authorize_url(discovery, pkce=False)
    back = sign_in_at_provider(url, login=AMINA["login"], password=AMINA["password"])
    params = callback_params(back)
    assert params["error"] == "invalid_request"
    assert "PKCE" in params["error_description"]
    assert "code" not in params


def test_an_unknown_redirect_uri_is_an_error_page_at_the_provider(discovery):
    url, _ = authorize_url(discovery)
    url = url.replace("testserver", "evil.example")
    with pytest.raises(ProviderRefused, match="redirect_uri"):
        sign_in_at_provider(url, login=AMINA["login"], password=AMINA["password"])


def test_the_login_page_is_labelled(discovery):
    url, _ = authorize_url(discovery)
    page = requests.get(url, timeout=5)
    assert page.status_code == 200
    assert "<title>Sign in to the test identity provider</title>" in page.text
    assert '<label for="login">Email address</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert 'name="password" type="password"' in page.text
    assert '<button type="submit">Sign in</button>' in page.text


@pytest.mark.parametrize(
    "login,password",
    [(AMINA["login"], "wrong-password"), ("nobody@camden.gov.uk", "provider-password")],
)
def test_wrong_credentials_are_refused(discovery, login, password):
    url, _ = authorize_url(discovery)
    with pytest.raises(ProviderRefused, match="The email address or password is not right"):
        sign_in_at_provider(url, login=login, password=password)


def test_a_disabled_account_cannot_sign_in_even_with_a_session(provider, discovery):
    carla = {"login": "carla@brent.gov.uk", "password": "carla-password", "email": "carla@x"}
    provider.add_account(carla)
    browser = requests.Session()
    url, _ = authorize_url(discovery)
    assert "code" in callback_params(
        sign_in_at_provider(url, login=carla["login"], password=carla["password"], session=browser)
    )
    # With the provider session, a second sign-in needs no password.
    url, _ = authorize_url(discovery)
    assert "code" in callback_params(
        sign_in_at_provider(url, login=carla["login"], password="unused", session=browser)
    )

    provider.disable(carla["login"])

    url, _ = authorize_url(discovery)
    with pytest.raises(
        ProviderRefused, match="This account has been disabled by your organisation"
    ):
        sign_in_at_provider(url, login=carla["login"], password=carla["password"], session=browser)
    url, _ = authorize_url(discovery)
    with pytest.raises(ProviderRefused, match="disabled"):
        sign_in_at_provider(url, login=carla["login"], password=carla["password"])


def test_another_account_can_sign_in_over_a_disabled_accounts_session(provider, discovery, keys):
    dev = {"login": "dev@ealing.gov.uk", "password": "dev-password", "email": "dev@x"}
    provider.add_account(dev)
    browser = requests.Session()
    url, _ = authorize_url(discovery)
    sign_in_at_provider(url, login=dev["login"], password=dev["password"], session=browser)
    provider.disable(dev["login"])

    url, kept = authorize_url(discovery)
    back = sign_in_at_provider(url, login=BEN["login"], password=BEN["password"], session=browser)
    id_token = redeem(discovery, callback_params(back)["code"], kept["verifier"])["id_token"]
    assert jwt.decode(id_token, keys).claims["sub"] == "ben-0001"


def test_rp_initiated_logout_returns_to_the_post_logout_uri(discovery):
    browser = requests.Session()
    url, kept = authorize_url(discovery)
    back = sign_in_at_provider(
        url, login=AMINA["login"], password=AMINA["password"], session=browser
    )
    id_token = redeem(discovery, callback_params(back)["code"], kept["verifier"])["id_token"]

    logout = browser.get(
        discovery["end_session_endpoint"],
        params={"id_token_hint": id_token, "post_logout_redirect_uri": AFTER_LOGOUT, "state": "s"},
        timeout=5,
    )
    assert logout.status_code == 200
    assert "Yes, sign out" in logout.text
    xsrf = logout.text.split('name="xsrf" value="')[1].split('"')[0]
    confirmed = browser.post(
        f"{discovery['end_session_endpoint']}/confirm",
        data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False,
        timeout=5,
    )
    assert confirmed.status_code in (302, 303)
    assert confirmed.headers["Location"] == f"{AFTER_LOGOUT}?state=s"

    # Signed out: the provider asks for the password again.
    url, _ = authorize_url(discovery)
    with pytest.raises(ProviderRefused, match="not right"):
        sign_in_at_provider(url, login=AMINA["login"], password="wrong", session=browser)


def test_wrong_audience_fault(provider, discovery, keys):
    provider.fault("wrong-audience")
    claims = jwt.decode(sign_in_and_redeem(discovery)[0], keys).claims
    assert claims["aud"] == "someone-else"
    assert "azp" not in claims
    assert claims["email"] == AMINA["email"]


def test_other_audience_our_azp_fault(provider, discovery, keys):
    provider.fault("other-audience-our-azp")
    claims = jwt.decode(sign_in_and_redeem(discovery)[0], keys).claims
    assert claims["aud"] == "someone-else"
    assert claims["azp"] == CLIENT_ID


def test_expired_fault(provider, discovery, keys):
    provider.fault("expired")
    claims = jwt.decode(sign_in_and_redeem(discovery)[0], keys).claims
    assert claims["exp"] < time.time() - 3000
    assert claims["iat"] < claims["exp"]
    assert claims["aud"] == CLIENT_ID


def test_bad_signature_fault(provider, discovery, keys):
    provider.fault("bad-signature")
    id_token, kept = sign_in_and_redeem(discovery)
    with pytest.raises(BadSignatureError):
        jwt.decode(id_token, keys)
    header, payload, _ = id_token.split(".")
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {
        "alg": "RS256",
        "kid": keys.keys[0].kid,
    }
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    assert claims["nonce"] == kept["nonce"]
    assert claims["aud"] == CLIENT_ID
    assert claims["iss"] == provider.issuer


def test_wrong_issuer_fault(provider, discovery, keys):
    provider.fault("wrong-issuer")
    claims = jwt.decode(sign_in_and_redeem(discovery)[0], keys).claims
    assert claims["iss"] == "http://evil.example"
    assert claims["aud"] == CLIENT_ID


def test_wrong_nonce_fault(provider, discovery, keys):
    provider.fault("wrong-nonce")
    id_token, kept = sign_in_and_redeem(discovery)
    claims = jwt.decode(id_token, keys).claims
    assert claims["nonce"] == "not-the-nonce" != kept["nonce"]
    assert claims["iss"] == discovery["issuer"]


def test_a_fault_is_used_by_one_token_response_only(provider, discovery, keys):
    provider.fault("wrong-issuer")
    assert jwt.decode(sign_in_and_redeem(discovery)[0], keys).claims["iss"] != provider.issuer
    assert jwt.decode(sign_in_and_redeem(discovery)[0], keys).claims["iss"] == provider.issuer


def test_an_unknown_fault_is_refused(provider):
    with pytest.raises(AssertionError, match="400"):
        provider.fault("everything")

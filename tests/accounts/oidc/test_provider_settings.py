"""Reading providers from the environment (maturity.settings.identity_providers)."""

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from maturity.settings.identity_providers import form_action_origins, read_providers

CAMDEN = {
    "OIDC_PROVIDERS": "camden",
    "OIDC_CAMDEN_NAME": "Camden Council",
    "OIDC_CAMDEN_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0/",
    "OIDC_CAMDEN_CLIENT_ID": "client",
    "OIDC_CAMDEN_CLIENT_SECRET": "secret",
    "OIDC_CAMDEN_DOMAINS": "Camden.gov.uk=e09000007, london.gov.uk",
}


def read(variables: dict) -> list[dict]:
    env = environ.Env()
    env.ENVIRON = variables
    return read_providers(env)


def test_no_providers_by_default():
    assert read({}) == []


def test_a_provider_is_read_with_its_defaults():
    (camden,) = read(CAMDEN)
    assert camden["id"] == "camden"
    assert camden["name"] == "Camden Council"
    assert camden["issuer"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert camden["domains"] == {"camden.gov.uk": "E09000007", "london.gov.uk": ""}
    assert camden["mfa_amr"] == ["mfa"]
    assert camden["mfa_acr"] == []
    assert camden["trust_email"] is False
    assert camden["role_claim"] == "" and camden["role_values"] == {}
    assert form_action_origins([camden]) == ["https://login.microsoftonline.com"]


def test_a_shared_service_provider_and_its_role_claim():
    variables = {
        "OIDC_PROVIDERS": "richmond-wandsworth",
        "OIDC_RICHMOND_WANDSWORTH_ISSUER": "https://sso.example.org",
        "OIDC_RICHMOND_WANDSWORTH_CLIENT_ID": "c",
        "OIDC_RICHMOND_WANDSWORTH_CLIENT_SECRET": "s",
        "OIDC_RICHMOND_WANDSWORTH_DOMAINS": "richmond.gov.uk=E09000027,wandsworth.gov.uk=E09000032",
        "OIDC_RICHMOND_WANDSWORTH_ROLE_CLAIM": "roles",
        "OIDC_RICHMOND_WANDSWORTH_ROLE_VALUES": "LDM.Lead=lead,LDM.Contributor=contributor",
        "OIDC_RICHMOND_WANDSWORTH_MFA_ACR": "urn:loa:2, urn:loa:3",
    }
    (provider,) = read(variables)
    assert provider["domains"]["wandsworth.gov.uk"] == "E09000032"
    assert provider["role_values"] == {"LDM.Lead": "lead", "LDM.Contributor": "contributor"}
    assert provider["mfa_acr"] == ["urn:loa:2", "urn:loa:3"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"OIDC_PROVIDERS": "Camden!"}, "OIDC_PROVIDERS"),
        ({"OIDC_CAMDEN_ISSUER": ""}, "OIDC_CAMDEN_ISSUER"),
        ({"OIDC_CAMDEN_ISSUER": "http://idp.example.org"}, "OIDC_CAMDEN_ISSUER"),
        ({"OIDC_CAMDEN_CLIENT_SECRET": ""}, "OIDC_CAMDEN_CLIENT_SECRET"),
        ({"OIDC_CAMDEN_DOMAINS": ""}, "OIDC_CAMDEN_DOMAINS"),
        ({"OIDC_CAMDEN_DOMAINS": "camden=E09000007"}, "OIDC_CAMDEN_DOMAINS"),
        ({"OIDC_CAMDEN_DOMAINS": "camden.gov.uk=Camden"}, "OIDC_CAMDEN_DOMAINS"),
        ({"OIDC_CAMDEN_ROLE_CLAIM": "roles"}, "OIDC_CAMDEN_ROLE_VALUES"),
        (
            {"OIDC_CAMDEN_ROLE_CLAIM": "roles", "OIDC_CAMDEN_ROLE_VALUES": "Boss=admin"},
            "OIDC_CAMDEN_ROLE_VALUES",
        ),
    ],
)
def test_a_mistake_stops_start_up_naming_the_variable(change, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        read(CAMDEN | change)


def test_http_is_allowed_only_on_loopback_for_a_local_provider():
    (provider,) = read(CAMDEN | {"OIDC_CAMDEN_ISSUER": "http://127.0.0.1:9000"})
    assert provider["issuer"] == "http://127.0.0.1:9000"


def test_the_test_providers_environment_reads_back_as_its_setting():
    from tests.accounts.oidc.support import environment_for, provider_setting

    assert read(environment_for("http://127.0.0.1:5555")) == [
        provider_setting("http://127.0.0.1:5555")
    ]

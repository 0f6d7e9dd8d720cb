"""The accessibility statement: a contact that reaches the CDO office, and only true claims."""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from tests.test_settings import _base_settings
from web.checks import contact_is_fictional

pytestmark = pytest.mark.django_db


def _statement(client) -> str:
    response = client.get("/accessibility/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_statement_gives_the_cdo_office_email_and_phone(client):
    html = _statement(client)
    assert (
        '<a class="govuk-link" href="mailto:cdo-office@example.org">cdo-office@example.org</a>'
        in (html)
    )
    assert '<a class="govuk-link" href="tel:02079460000">020 7946 0000</a>' in html


@override_settings(CDO_OFFICE_EMAIL="digital@london.example", CDO_OFFICE_PHONE="020 7123 4567")
def test_the_contact_comes_from_the_settings(client):
    html = _statement(client)
    assert 'href="mailto:digital@london.example">digital@london.example</a>' in html
    assert 'href="tel:02071234567">020 7123 4567</a>' in html
    assert "cdo-office@example.org" not in html


def test_the_settings_read_the_contact_from_the_environment(monkeypatch):
    defaults = _base_settings(monkeypatch, SECRET_KEY="k" * 50)
    assert (defaults.CDO_OFFICE_EMAIL, defaults.CDO_OFFICE_PHONE) == (
        "cdo-office@example.org",
        "020 7946 0000",
    )
    configured = _base_settings(
        monkeypatch,
        SECRET_KEY="k" * 50,
        CDO_OFFICE_EMAIL="digital@london.example",
        CDO_OFFICE_PHONE="020 7123 4567",
    )
    assert (configured.CDO_OFFICE_EMAIL, configured.CDO_OFFICE_PHONE) == (
        "digital@london.example",
        "020 7123 4567",
    )


def test_the_reflow_promise_says_what_is_tested(client):
    html = _statement(client)
    assert "zoom in up to 400% without the text spilling off the screen" in html
    assert "every page is opened in a real browser 320 CSS pixels wide" in html
    assert "must not scroll sideways" in html


@pytest.mark.parametrize(
    ("email", "phone", "fictional"),
    [
        ("cdo-office@example.org", "020 7946 0000", ["CDO_OFFICE_EMAIL", "CDO_OFFICE_PHONE"]),
        ("someone@mail.example.com", "+44 20 7946 0123", ["CDO_OFFICE_EMAIL", "CDO_OFFICE_PHONE"]),
        ("digital@london.gov.uk", "020 7946 0000", ["CDO_OFFICE_PHONE"]),
        ("cdo@example.org", "020 7983 4000", ["CDO_OFFICE_EMAIL"]),
        ("digital@london.gov.uk", "020 7983 4000", []),
        ("digital@my-example.org.uk", "0207 946 1000", []),
    ],
)
def test_fictional_contacts_are_recognised(email, phone, fictional):
    assert contact_is_fictional(email, phone) == fictional


def test_deploy_checks_warn_until_the_contact_is_set():
    warned = {m.id for m in run_checks(include_deployment_checks=True) if m.id == "web.W001"}
    assert warned == {"web.W001"}
    with override_settings(
        CDO_OFFICE_EMAIL="digital@london.gov.uk", CDO_OFFICE_PHONE="020 7983 4000"
    ):
        assert not [m for m in run_checks(include_deployment_checks=True) if m.id == "web.W001"]

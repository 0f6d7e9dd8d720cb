"""A NUL character in a query string or form field is refused with the 400 page.

PostgreSQL cannot store or compare a NUL in text: an admin list filter of
``?status__exact=%00`` was a 500 there. Run on PostgreSQL too:
``./scripts/with-postgres .venv/bin/pytest tests/test_middleware.py``.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Round
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_400 = "Sorry, there is a problem with your request"


def _refused(response) -> None:
    assert response.status_code == 400
    assert PAGE_400 in response.content.decode()
    # The project's own 400 page, with the security headers of every other page.
    assert "Content-Security-Policy" in response.headers
    assert "Permissions-Policy" in response.headers


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def test_a_nul_in_an_admin_list_filter_is_a_400_not_a_500(admin_client):
    factories.RoundFactory(status=Round.Status.OPEN)
    changelist = reverse("admin:surveys_round_changelist")
    assert admin_client.get(changelist + "?status__exact=open").status_code == 200
    _refused(admin_client.get(changelist + "?status__exact=%00"))


def test_a_nul_in_a_journey_query_is_a_400(client, lead, open_round):
    client.force_login(lead)
    start = reverse("surveys:start")
    assert client.get(start + "?round=" + open_round.slug).status_code == 200
    _refused(client.get(start + "?round=%00"))
    _refused(client.get(start + "?round=2026%00x"))


def test_a_nul_in_a_report_filter_is_a_400(client, cdo):
    client.force_login(cdo)
    _refused(client.get(reverse("reports:overview") + "?round=%00"))


@pytest.mark.parametrize("query", ["?%00=1", "?a%00b=", "?ok=1&ok=%00"])
def test_a_nul_anywhere_in_the_query_string_is_a_400_even_signed_out(client, query):
    _refused(client.get(reverse("home") + query))


def test_a_nul_in_a_form_field_is_a_400(client):
    login = reverse("login")
    _refused(client.post(login, {"username": "lead\x00", "password": "x"}))
    _refused(client.post(login, {"user\x00name": "lead", "password": "x"}))


def test_a_nul_in_a_multipart_form_field_is_a_400(admin_client):
    response = admin_client.post(
        reverse("admin:surveys_questionnaire_import"), {"publish": "\x00"}
    )  # the test client sends multipart/form-data
    _refused(response)


def test_other_bodies_are_left_to_the_view(admin_client):
    # A JSON body is not form fields: the view decides (here: 405, as before).
    response = admin_client.generic(
        "POST",
        reverse("home"),
        json.dumps({"a": "\x00"}),
        content_type="application/json",
    )
    assert response.status_code == 405


def test_a_form_body_django_cannot_read_is_a_400_before_any_view(client):
    # Reading the fields for a NUL reads the body as CSRF protection does: a body Django
    # refuses (here too many fields) is a bad request, whoever sends it.
    response = client.generic(
        "POST",
        reverse("surveys:start"),
        b"a=1&" * 1200,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400

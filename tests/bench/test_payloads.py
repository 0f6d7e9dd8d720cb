"""The load-test users read real pages: the version and CSRF token, and planned sessions."""

import random

import pytest
from django.conf import settings
from django.test import Client, override_settings

from bench.loadtest.payloads import csrf_of, new_value, version_of
from bench.loadtest.plan import signed_in_sessions
from surveys.journey.services.assessments import assessment_start
from surveys.models import Answer
from tests import factories


@pytest.fixture
def question_page(lead, open_round):
    assessment = assessment_start(authority=factories.authority(), round=open_round, actor=lead)
    question = open_round.questionnaire.questions.order_by("area__order", "order").first()
    url = f"/assessments/{assessment.reference}/questions/{question.code}/"
    return assessment, question, url


def test_reads_the_version_and_token_of_a_real_question_page(lead, question_page):
    assessment, question, url = question_page
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    html = client.get(url).content.decode()
    assert version_of(html) == 0
    token = csrf_of(html)
    assert token

    fields, _ = new_value(question.kind, "lt-0123456789ab", random.Random(1))
    response = client.post(
        url, {**fields, "version": "0", "action": "continue", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Answer.objects.get(assessment=assessment, question=question).version == 1
    assert version_of(client.get(url).content.decode()) == 1


def test_version_of_accepts_either_attribute_order():
    assert version_of('<input type="hidden" name="version" value="7" id="id_version">') == 7
    assert version_of('<input value="12" type="hidden" name="version">') == 12
    assert version_of('<input type="hidden" name="other" value="3">') is None


@pytest.mark.parametrize("kind", ["maturity", "yes_no", "number", "text"])
def test_every_value_carries_the_token(kind):
    for seed in range(30):
        fields, value = new_value(kind, "lt-0123456789ab", random.Random(seed))
        sent = fields.get("evidence") or fields.get("text")
        assert "lt-0123456789ab" in sent
        assert value.get("evidence", value.get("text")) == sent


def test_planned_sessions_are_signed_in(lead, question_page):
    _, _, url = question_page
    keys = signed_in_sessions([lead.username], 2)[lead.username]
    assert len(set(keys)) == 2
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = keys[0]
    response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user == lead


@override_settings(TWO_FACTOR_REQUIRED_ROLES=["cdo", "admin"])
def test_planned_sessions_of_the_cdo_office_pass_two_factor_sign_in(cdo):
    totp = pytest.importorskip("django_otp.plugins.otp_totp.models")

    totp.TOTPDevice.objects.create(user=cdo, name="app", confirmed=True)
    unverified = Client()
    unverified.force_login(cdo)
    assert unverified.get("/review/").status_code == 302  # asked for a code

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_sessions([cdo.username], 1)[
        cdo.username
    ][0]
    assert client.get("/review/").status_code == 200

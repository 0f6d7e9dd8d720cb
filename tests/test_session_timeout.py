"""Idle and absolute session limits; the warning can extend them."""

import time

import pytest

from maturity.session_timeout import LAST_SEEN, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def _age_session(client, **offsets):
    session = client.session
    now = int(time.time())
    for key, seconds_ago in offsets.items():
        session[key] = now - seconds_ago
    session.save()


def test_an_active_session_stays_signed_in(client, cdo):
    client.force_login(cdo)
    client.get("/health/")
    _age_session(client, **{LAST_SEEN: 60, SIGNED_IN_AT: 600})
    response = client.get("/health/")
    assert response.status_code == 200
    assert "_auth_user_id" in client.session


def test_an_idle_session_is_signed_out_and_sent_to_sign_in(client, cdo, settings):
    client.force_login(cdo)
    client.get("/health/")
    _age_session(client, **{LAST_SEEN: settings.SESSION_IDLE_TIMEOUT + 5})
    response = client.get("/health/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_session_older_than_the_absolute_lifetime_is_signed_out(client, cdo, settings):
    client.force_login(cdo)
    client.get("/health/")
    _age_session(client, **{LAST_SEEN: 10, SIGNED_IN_AT: settings.SESSION_ABSOLUTE_LIFETIME + 5})
    response = client.get("/health/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_keep_alive_restarts_the_idle_clock(client, cdo, settings):
    client.force_login(cdo)
    client.get("/health/")
    _age_session(client, **{LAST_SEEN: settings.SESSION_IDLE_TIMEOUT - 30})
    response = client.post("/session/keep-alive/")
    assert response.status_code == 200
    assert abs(client.session[LAST_SEEN] - int(time.time())) <= 2


def test_keep_alive_refuses_get_and_anonymous(client):
    assert client.get("/session/keep-alive/").status_code == 405
    assert client.post("/session/keep-alive/").status_code == 401

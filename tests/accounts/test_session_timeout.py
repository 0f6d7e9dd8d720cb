"""Idle and absolute session limits; the warning can extend them."""

import time

import pytest

from accounts.session_timeout import LAST_SEEN, SIGNED_IN_AT

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


def test_the_warning_counts_down_from_the_servers_clock(client, cdo, settings):
    client.force_login(cdo)
    client.get("/health/")
    # Activity recorded 40 s ago (it is written at most once a minute): the page must
    # warn 40 s earlier than a countdown from the page load would.
    _age_session(client, **{LAST_SEEN: 40, SIGNED_IN_AT: 100})
    left = client.get("/reports/").context["session_idle_timeout"]
    assert settings.SESSION_IDLE_TIMEOUT - 42 <= left <= settings.SESSION_IDLE_TIMEOUT - 40


def test_the_absolute_lifetime_shortens_the_countdown_and_keep_alive(client, cdo, settings):
    client.force_login(cdo)
    client.get("/health/")
    _age_session(client, **{SIGNED_IN_AT: settings.SESSION_ABSOLUTE_LIFETIME - 300})
    assert client.get("/reports/").context["session_idle_timeout"] <= 300
    answer = client.post("/session/keep-alive/").json()
    assert 295 <= answer["idle_timeout"] <= 300

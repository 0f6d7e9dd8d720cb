"""Signing in and out, resetting a password, lock-out and the audit trail of all of it."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse

from audit.models import AuditEvent
from tests import factories

PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's password
LOGIN = "/accounts/login/"


def _raise_permission_denied(request):
    raise PermissionDenied


# A URL configuration for the refused-access tests: the project's, plus one view that
# refuses everyone, so the 403 handler is reached the way real views reach it.
urlpatterns = [
    path("refuse/", _raise_permission_denied),
    path("", include("maturity.urls")),
]
handler403 = "web.views.permission_denied"
handler404 = "web.views.page_not_found"


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR=ip)


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- Sign in page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_page_has_autocomplete_and_allows_paste(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input[^>]+name="username"[^>]+autocomplete="username"', html)
    assert re.search(r'<input[^>]+name="password"[^>]+autocomplete="current-password"', html)
    assert "onpaste" not in html.lower()
    assert "govuk-error-summary" not in html


@pytest.mark.django_db
def test_bad_credentials_show_error_summary_and_keep_username(client, lead):
    response = sign_in(client, "lead-a", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert "govuk-error-summary" in html
    assert 'href="#id_username">Enter a correct username and password' in html
    assert 'value="lead-a"' in html
    assert "wrong-password" not in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_empty_fields_each_get_an_error(client):
    html = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username">Enter your username' in html
    assert 'href="#id_password">Enter your password' in html
    assert 'aria-describedby="id_username_1_error"' in html
    assert 'id="id_username_1_error" class="govuk-error-message"' in html
    assert 'aria-describedby="id_password_1_error"' in html
    assert "autofocus" not in html
    assert "govuk-input--error" in html


@pytest.mark.parametrize(
    ("maker", "landing"),
    [
        (lambda: factories.make_member("lead", username="x"), "/assessments/"),
        (lambda: factories.make_member("contributor", username="x"), "/assessments/"),
        (lambda: factories.make_cdo(username="x"), "/review/"),
        (lambda: factories.make_admin(username="x"), "/review/"),
    ],
)
@pytest.mark.django_db
def test_sign_in_lands_where_each_role_starts(client, maker, landing):
    maker()
    response = sign_in(client, "x")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == landing


@pytest.mark.django_db
def test_sign_in_follows_a_safe_next_but_not_an_outside_one(client, lead):
    assert sign_in(client, "lead-a", next="/review/")["Location"] == "/review/"
    client.post(reverse("logout"))
    assert sign_in(client, "lead-a", next="https://evil.example/")["Location"] == "/"


@pytest.mark.django_db
def test_signed_in_person_visiting_sign_in_goes_home(client, lead):
    client.force_login(lead)
    assert client.get(LOGIN)["Location"] == reverse("home")


# --- Sign out -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_out_is_post_only_and_confirms(client, lead):
    client.force_login(lead)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[0] == (LOGIN, 302)
    assert "You have signed out." in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- Password reset and change --------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_round_trip(client, lead):
    response = client.post(reverse("password_reset"), {"email": lead.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your London Digital Maturity password"
    assert message.to == [lead.email]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    set_password_url = client.get(link)["Location"]
    page = client.get(set_password_url).content.decode()
    assert "Choose a new password" in page
    new = "a-brand-new-passphrase-2025"
    response = client.post(set_password_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("password_reset_complete")
    assert sign_in(client, "lead-a", new)["Location"] == reverse("home")
    # The link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_password_reset_does_not_reveal_unknown_addresses(client, lead):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.gov.uk"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_bad_email_shows_error(client):
    html = client.post(reverse("password_reset"), {"email": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format" in html
    assert "govuk-error-summary" in html


@pytest.mark.django_db
def test_password_change_rejects_mismatch_then_changes(client, lead):
    client.force_login(lead)
    url = reverse("password_change")
    html = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "one-long-passphrase", "new_password2": "x"},
    ).content.decode()
    assert "The passwords do not match" in html
    new = "another-long-passphrase"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_change_done")
    lead.refresh_from_db()
    assert lead.check_password(new)


# --- Lock-out (django-axes) -----------------------------------------------------------------


def _fail(client, username, times, ip="10.0.0.1"):
    return [sign_in(client, username, "wrong-password", ip=ip) for _ in range(times)]


@pytest.mark.django_db
def test_five_failures_lock_that_username_from_that_address_only(client, lead, other_lead):
    responses = _fail(client, "lead-a", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    html = responses[-1].content.decode()
    assert "Your account is locked for now" in html
    assert "You can try again in 15 minutes." in html
    assert "5 times" in html
    # The right password is refused during the lock-out.
    locked = sign_in(client, "lead-a")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Someone else at the same address is not locked out ...
    assert sign_in(client, "lead-b")["Location"] == reverse("home")
    client.post(reverse("logout"))
    # ... nor is the same person from another address.
    assert sign_in(client, "lead-a", ip="10.0.0.2")["Location"] == reverse("home")


@pytest.mark.django_db
def test_success_resets_the_failure_count(client, lead):
    _fail(client, "lead-a", 4)
    assert sign_in(client, "lead-a").status_code == 302
    client.post(reverse("logout"))
    assert [r.status_code for r in _fail(client, "lead-a", 4)] == [200] * 4


# --- Audit ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_and_sign_out_are_audited(client, lead):
    sign_in(client, "lead-a", ip="10.1.2.3")
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.4")
    (signed_in,) = events("sign_in")
    (signed_out,) = events("sign_out")
    assert (signed_in.actor, signed_in.actor_name, str(signed_in.ip_address)) == (
        lead,
        "lead-a",
        "10.1.2.3",
    )
    assert (signed_out.actor, str(signed_out.ip_address)) == (lead, "10.1.2.4")
    assert signed_in.at <= signed_out.at


@pytest.mark.django_db
def test_failed_sign_in_keeps_username_never_password(client, lead):
    sign_in(client, "lead-a", "my-secret-guess", ip="10.9.9.9")
    sign_in(client, "no-such-person", "another-secret")
    failures = events("sign_in_failed")
    assert [(e.detail["username"], e.actor, str(e.ip_address)) for e in failures] == [
        ("lead-a", None, "10.9.9.9"),
        ("no-such-person", None, "10.0.0.1"),
    ]
    dumped = repr([(e.target, e.detail, e.actor_name) for e in AuditEvent.objects.all()])
    assert "secret" not in dumped
    assert "*" not in dumped  # not even Django's mask of the password
    assert events("sign_in") == []


@pytest.mark.django_db
def test_sign_in_refused_by_lock_out_is_audited_as_such(client, lead):
    _fail(client, "lead-a", 5)
    sign_in(client, "lead-a")
    failures = events("sign_in_failed")
    assert len(failures) == 6
    assert failures[-1].detail == {"username": "lead-a", "locked_out": True}
    assert events("sign_in") == []


@pytest.mark.urls("tests.accounts.test_accounts")
@pytest.mark.django_db
def test_refused_access_of_signed_in_person_is_audited(client, lead):
    client.force_login(lead)
    assert client.get("/refuse/", REMOTE_ADDR="10.4.4.4").status_code == 403
    assert client.get("/no-such-page/").status_code == 404
    refused = events("access_refused")
    assert [(e.actor, e.target, e.detail) for e in refused] == [
        (lead, "/refuse/", {"path": "/refuse/", "method": "GET", "status": 403}),
        (lead, "/no-such-page/", {"path": "/no-such-page/", "method": "GET", "status": 404}),
    ]
    assert str(refused[0].ip_address) == "10.4.4.4"


@pytest.mark.urls("tests.accounts.test_accounts")
@pytest.mark.django_db
def test_refused_access_of_anonymous_visitor_is_not_audited(client):
    assert client.get("/refuse/").status_code == 403
    assert client.get("/no-such-page/").status_code == 404
    assert AuditEvent.objects.count() == 0


# --- Over-long and malformed usernames ------------------------------------------------------


@pytest.mark.django_db
def test_an_over_long_username_is_refused_by_the_form_not_the_database(client, lead):
    """On PostgreSQL the lock-out record's username column is limited: a 10,000-character
    username must be stopped by the form, with a GOV.UK error, before it reaches it."""
    client.raise_request_exception = True
    response = sign_in(client, "x" * 10_000, "wrong-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_username">Username must be 150 characters or fewer' in html
    assert "_auth_user_id" not in client.session
    # 150 characters is still a username that can be tried (and is simply wrong).
    response = sign_in(client, "y" * 150, "wrong-password")
    assert "Enter a correct username and password" in response.content.decode()


@pytest.mark.parametrize("field", ["username", "password"])
@pytest.mark.django_db
def test_a_nul_byte_in_the_sign_in_form_is_an_error_not_a_500(client, lead, field):
    client.raise_request_exception = True
    values = {"username": "lead-a", "password": PASSWORD, field: "lead\x00-a"}
    response = client.post(LOGIN, values)
    # web.middleware.RefuseNulMiddleware: the 400 page, before the form is read.
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_out_records_only_a_bounded_username(client, lead):
    """The admin's sign-in form does not check the length: the lock-out records (django-axes,
    AXES_USERNAME_CALLABLE) cut the username to what one can be, so PostgreSQL takes it."""
    client.raise_request_exception = True
    response = client.post("/admin/login/", {"username": "x" * 10_000, "password": "wrong"})
    assert response.status_code == 200
    assert [a.username for a in AccessAttempt.objects.all()] == ["x" * 150]
    assert events("sign_in_failed")[0].detail == {"username": "x" * 150}


def test_the_lock_out_username_has_no_nul_byte_whatever_the_source(rf):
    from accounts.lockout import lockout_username

    assert lockout_username(rf.get("/"), {"username": "lead\x00-a"}) == "lead-a"
    assert lockout_username(rf.post("/", {"username": "y" * 200})) == "y" * 150
    assert lockout_username(rf.post("/", {})) == ""

"""Bulk accounts: every row checked with line-numbered problems, all or nothing, and an
invitation link that sets a password once."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.bulk_import import parse_accounts_csv
from accounts.roles import GROUP_CONTRIBUTORS, GROUP_LEADS
from accounts.services import accounts_create
from audit.models import AuditEvent
from boroughs.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db
URL = "admin:boroughs_membership_bulk_upload"
GOOD = (
    "email,name,gss_code,role\n"
    "sam.jones@camden.gov.uk,Sam Jones,E09000007,lead\n"
    "alex.lee@hackney.gov.uk,Alex Mary Lee,e09000012,Contributor\n"
)
NEW_PASSWORD = "a-long-new-password-for-sam"


def _upload(client, user, text: str | bytes):
    client.force_login(user)
    content = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse(URL), {"file": SimpleUploadedFile("people.csv", content, content_type="text/csv")}
    )


# --- Checking the file ----------------------------------------------------------------


def test_a_good_file_has_no_problems(db):
    parsed = parse_accounts_csv(GOOD.encode("utf-8-sig"))
    assert parsed.problems == []
    assert [(r.line, r.email, r.first_name, r.last_name, r.role) for r in parsed.rows] == [
        (2, "sam.jones@camden.gov.uk", "Sam", "Jones", "lead"),
        (3, "alex.lee@hackney.gov.uk", "Alex Mary", "Lee", "contributor"),
    ]
    assert parsed.rows[1].authority.gss_code == "E09000012"


def test_every_bad_row_is_reported_with_its_line_and_reason(db):
    factories.UserFactory(username="taken", email="Taken@Camden.gov.uk")
    text = (
        "email,name,gss_code,role\n"
        "ok@camden.gov.uk,Ok Person,E09000007,lead\n"  # 2: fine
        "not-an-email,Bad Email,E09000007,lead\n"  # 3
        "dup@camden.gov.uk,First,E09000007,lead\n"  # 4: fine
        "\n"  # 5: blank, skipped
        "DUP@camden.gov.uk,Second,E09000007,lead\n"  # 6: duplicate of line 4
        "taken@camden.gov.uk,Already There,E09000007,lead\n"  # 7: existing account
        "who@camden.gov.uk,Unknown Code,E09999999,lead\n"  # 8
        "role@camden.gov.uk,Bad Role,E09000007,boss\n"  # 9
        "blank@camden.gov.uk,,,\n"  # 10: no name, no code, no role
    )
    parsed = parse_accounts_csv(text.encode())
    messages = [str(problem) for problem in parsed.problems]
    assert messages == [
        "Line 3: 'not-an-email' is not a valid email address.",
        "Line 6: DUP@camden.gov.uk is also on line 4 of the file.",
        "Line 7: An account with the email taken@camden.gov.uk already exists.",
        "Line 8: Unknown authority GSS code 'E09999999'.",
        "Line 9: Unknown role 'boss': use contributor or lead.",
        "Line 10: Enter the person's name.",
        "Line 10: Unknown authority GSS code (blank).",
        "Line 10: Unknown role (blank): use contributor or lead.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"email,name,role\nx@y.gov.uk,X,lead\n", "missing: gss_code"),
        ("email,name,gss_code,role\n".encode("utf-16"), "saved as UTF-8"),
        (b"email,name,gss_code,role\n", "no accounts in it"),
        (b"email,name,gss_code,role\na@b.gov.uk,A B,E09000007,lead,extra\n", "more cells"),
    ],
)
def test_whole_file_problems(db, content, message):
    parsed = parse_accounts_csv(content)
    assert any(message in str(problem) for problem in parsed.problems)
    assert not parsed.ok


# --- The admin page: all or nothing ----------------------------------------------------------


def test_one_bad_row_means_nothing_is_created(client, admin_user):
    before = User.objects.count()
    response = _upload(client, admin_user, GOOD + "bad,Bad Row,E09000007,lead\n")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No accounts were created" in html
    assert "&#x27;bad&#x27; is not a valid email address." in html
    assert "<td>4</td>" in html
    assert User.objects.count() == before
    assert not Membership.objects.filter(user__username="sam.jones@camden.gov.uk").exists()
    assert len(mail.outbox) == 0


def test_good_file_creates_accounts_memberships_groups_audit_and_invitations(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, admin_user, GOOD)
    assert response.status_code == 302
    sam = User.objects.get(username="sam.jones@camden.gov.uk")
    assert (sam.email, sam.first_name, sam.last_name) == ("sam.jones@camden.gov.uk", "Sam", "Jones")
    assert not sam.has_usable_password()
    assert sam.membership.authority.gss_code == "E09000007"
    assert sam.membership.role == "lead"
    assert list(sam.groups.values_list("name", flat=True)) == [GROUP_LEADS]
    alex = User.objects.get(username="alex.lee@hackney.gov.uk")
    assert alex.membership.role == "contributor"
    assert list(alex.groups.values_list("name", flat=True)) == [GROUP_CONTRIBUTORS]
    assert AuditEvent.objects.filter(action="account.create").count() == 2
    batch = AuditEvent.objects.get(action="accounts.import")
    assert batch.actor == admin_user and batch.detail["count"] == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["sam.jones@camden.gov.uk", "alex.lee@hackney.gov.uk"]
    )


def _link(message) -> str:
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_invitation_link_sets_a_password_once(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, admin_user, GOOD)
    message = next(m for m in mail.outbox if m.to == ["sam.jones@camden.gov.uk"])
    assert "Your username is: sam.jones@camden.gov.uk" in message.body
    assert "works once" in message.body
    link = _link(message)
    client.logout()

    response = client.get(link)  # Django swaps the token for a session and redirects
    assert response.status_code == 302
    set_password_url = response["Location"]
    form = client.get(set_password_url)
    assert form.status_code == 200 and form.context["validlink"] is True
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get(username="sam.jones@camden.gov.uk").check_password(NEW_PASSWORD)
    client.logout()
    signed_in = client.post(
        reverse("login"), {"username": "sam.jones@camden.gov.uk", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    client.logout()

    again = client.get(link, follow=True)  # the second use fails
    assert again.context["validlink"] is False


def test_only_admins_create_accounts(client, cdo, lead):
    with pytest.raises(PermissionDenied):
        accounts_create(rows=parse_accounts_csv(GOOD.encode()).rows, actor=cdo, base_url="http://x")
    client.force_login(lead)
    assert client.get(reverse(URL)).status_code == 302  # not staff: admin sign-in
    assert not User.objects.filter(username="sam.jones@camden.gov.uk").exists()


def test_membership_list_links_to_the_upload(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:boroughs_membership_changelist")).content.decode()
    assert reverse(URL) in html

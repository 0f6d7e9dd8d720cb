"""Deciding requests for access: who sees which, which roles each may give, and that a
decision is made once (accounts.oidc.services, accounts.access.grantable_roles)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ExternalIdentity, PendingAccount
from accounts.oidc.services import pending_account_approve, pending_account_refuse
from accounts.roles import GROUP_CDO_OFFICE
from audit.models import AuditEvent
from boroughs.models import Membership
from tests.factories import authority, make_admin, make_cdo, make_member

pytestmark = pytest.mark.django_db


def waiting(email: str, gss_code: str | None = "E09000007") -> PendingAccount:
    return PendingAccount.objects.create(
        provider="test-org",
        issuer="https://idp.example.org",
        subject=email,
        email=email,
        first_name="New",
        last_name="Person",
        authority=authority(gss_code) if gss_code else None,
        requested_at=timezone.now(),
    )


def decide(client: Client, pending: PendingAccount, decision: str, role: str = ""):
    prefix = f"request-{pending.pk}"
    data = {f"{prefix}-decision": decision} | ({f"{prefix}-role": role} if role else {})
    return client.post(reverse("oidc_request_decide", args=[pending.pk]), data)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_lead_sees_only_their_authoritys_requests(client):
    camden = waiting("a@camden.gov.uk")
    hackney = waiting("b@hackney.gov.uk", "E09000012")
    lead = signed_in(make_member("lead"))
    page = lead.get(reverse("oidc_requests")).content.decode()
    assert camden.email in page and hackney.email not in page
    assert "Digital lead" in page and "CDO office: reviews" not in page
    assert decide(lead, hackney, "approve", "contributor").status_code == 404
    assert PendingAccount.objects.get(pk=hackney.pk).status == "pending"


def test_an_admin_sees_every_request_and_gives_office_roles_only_to_office_requests():
    office = waiting("c@london.gov.uk", None)
    camden = waiting("a@camden.gov.uk")
    admin = signed_in(make_admin())
    page = admin.get(reverse("oidc_requests")).content.decode()
    assert office.email in page and camden.email in page
    assert decide(admin, camden, "approve", "cdo").status_code == 400
    assert decide(admin, office, "approve", "cdo").status_code == 302
    user = PendingAccount.objects.get(pk=office.pk).user
    assert user.groups.filter(name=GROUP_CDO_OFFICE).exists()
    assert not Membership.objects.filter(user=user).exists()


def test_approving_makes_a_linked_account_once():
    lead_user = make_member("lead")
    pending = waiting("a@camden.gov.uk")
    user = pending_account_approve(pending_id=pending.pk, role="lead", actor=lead_user)
    assert Membership.objects.get(user=user).role == "lead"
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (pending.issuer, pending.subject)
    with pytest.raises(ValidationError, match="already been decided"):
        pending_account_approve(pending_id=pending.pk, role="lead", actor=lead_user)
    with pytest.raises(ValidationError, match="already been decided"):
        pending_account_refuse(pending_id=pending.pk, actor=lead_user)
    assert AuditEvent.objects.filter(action="oidc.account_approve").count() == 1


@pytest.mark.parametrize("maker", [make_cdo, lambda: make_member("contributor")])
def test_the_cdo_office_and_contributors_cannot_decide(maker):
    pending = waiting("a@camden.gov.uk")
    with pytest.raises(PermissionDenied):
        pending_account_approve(pending_id=pending.pk, role="contributor", actor=maker())
    assert signed_in(maker()).get(reverse("oidc_requests")).status_code == 403


def test_a_lead_cannot_give_an_office_role():
    pending = waiting("a@camden.gov.uk")
    with pytest.raises(PermissionDenied):
        pending_account_approve(pending_id=pending.pk, role="admin", actor=make_member("lead"))
    assert PendingAccount.objects.get(pk=pending.pk).status == "pending"


def test_approving_an_address_that_meanwhile_has_an_account_changes_nothing():
    make_member("contributor", email="a@camden.gov.uk", username="existing")
    pending = waiting("a@camden.gov.uk")
    admin = make_admin()
    with pytest.raises(ValidationError, match="already exists"):
        pending_account_approve(pending_id=pending.pk, role="lead", actor=admin)
    assert PendingAccount.objects.get(pk=pending.pk).status == "pending"
    assert not ExternalIdentity.objects.exists()


def test_approving_without_a_role_shows_the_error_summary():
    pending = waiting("a@camden.gov.uk")
    response = decide(signed_in(make_member("lead")), pending, "approve")
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Choose the role to give them" in page


def test_a_tampered_role_or_decision_is_refused_without_change():
    pending = waiting("a@camden.gov.uk")
    lead = signed_in(make_member("lead"))
    assert decide(lead, pending, "approve", "superuser").status_code == 400
    assert decide(lead, pending, "obliterate").status_code == 400
    assert PendingAccount.objects.get(pk=pending.pk).status == "pending"


def test_the_page_costs_a_constant_number_of_queries(django_assert_max_num_queries):
    for n in range(3):
        waiting(f"p{n}@camden.gov.uk")
    admin = signed_in(make_admin())
    admin.get(reverse("oidc_requests"))
    with django_assert_max_num_queries(12) as few:
        admin.get(reverse("oidc_requests"))
    for n in range(3, 12):
        waiting(f"p{n}@camden.gov.uk")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin.get(reverse("oidc_requests"))


def test_the_person_is_emailed_the_decision(django_capture_on_commit_callbacks):
    approved, declined = waiting("a@camden.gov.uk"), waiting("b@camden.gov.uk")
    lead = make_member("lead")
    with django_capture_on_commit_callbacks(execute=True):
        pending_account_approve(pending_id=approved.pk, role="contributor", actor=lead)
        pending_account_refuse(pending_id=declined.pk, actor=lead)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["a@camden.gov.uk"], "You can now sign in"),
        (["b@camden.gov.uk"], "Your request for access"),
    ]
    assert "declined" in mail.outbox[1].body

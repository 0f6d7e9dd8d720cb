"""Two-factor devices in the admin: an admin can remove a person's app (a lost phone) only
through the service, so it is audited and the owner emailed; nobody adds or edits one."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    # Two-factor sign-in required of nobody here, so force_login is a full session.
    with override_settings(TWO_FACTOR_REQUIRED_ROLES=[]):
        client.force_login(factories.make_admin(username="admin"))
        yield client


def test_an_admin_removes_a_persons_app_through_the_service(
    admin_client, django_capture_on_commit_callbacks
):
    owner = factories.make_member("lead", "E09000007", username="lead", email="lead@camden.gov.uk")
    device = TOTPDevice.objects.create(user=owner, name="Phone", confirmed=True)
    StaticDevice.objects.create(user=owner, name="Recovery codes", confirmed=True)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert not StaticDevice.objects.filter(user=owner).exists()
    event = AuditEvent.objects.get(action="two_factor.removed")
    assert event.target == "lead" and event.actor_name == "admin"
    assert [m.to for m in mail.outbox] == [["lead@camden.gov.uk"]]


def test_nobody_adds_or_edits_a_device_in_the_admin(admin_client):
    owner = factories.make_member("lead", "E09000007", username="lead")
    device = TOTPDevice.objects.create(user=owner, name="Phone", confirmed=True)
    assert admin_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    key_before = device.key
    admin_client.post(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        {"user": owner.pk, "name": "Mine now", "key": "00" * 20, "confirmed": "on"},
    )
    device.refresh_from_db()
    assert (device.name, device.key) == ("Phone", key_before)

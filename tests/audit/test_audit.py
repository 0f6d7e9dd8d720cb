"""The audit log keeps hostile input as text and never fails on it."""

import pytest

from audit.models import AuditEvent
from audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_nul_bytes_in_target_and_detail_are_stored_without_error():
    event = audit_record(
        action="access_refused", target="/assessments/\x00bad/", detail={"path": "a\x00b"}
    )
    event.refresh_from_db()
    assert "\x00" not in event.target
    assert event.target.startswith("/assessments/")
    assert event.detail == {"path": "a\ufffdb"}
    assert AuditEvent.objects.count() == 1


def test_a_404_for_a_signed_in_user_with_a_nul_in_the_path_is_not_a_500(client, lead):
    client.force_login(lead)
    response = client.get("/assessments/LDM%00X/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access_refused").exists()

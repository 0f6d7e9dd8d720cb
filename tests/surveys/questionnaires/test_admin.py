"""Publishing a draft questionnaire from the admin: a confirmation page, then the
questionnaire service (checked again, audited)."""

from html import unescape

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from surveys.models import Question, Questionnaire
from tests import factories

pytestmark = pytest.mark.django_db


def _publish_url(questionnaire) -> str:
    return reverse("admin:surveys_questionnaire_publish", args=[questionnaire.pk])


def _change_url(questionnaire) -> str:
    return reverse("admin:surveys_questionnaire_change", args=[questionnaire.pk])


def _status(questionnaire) -> str:
    return Questionnaire.objects.get(pk=questionnaire.pk).status


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def draft(db):
    return factories.make_questionnaire(status=Questionnaire.Status.DRAFT)


def test_a_draft_offers_publishing_and_a_published_version_does_not(admin_client, draft):
    assert _publish_url(draft) in admin_client.get(_change_url(draft)).content.decode()
    published = factories.make_questionnaire()
    html = admin_client.get(_change_url(published)).content.decode()
    assert _publish_url(published) not in html


def test_the_confirmation_says_what_publishing_means(admin_client, draft):
    response = admin_client.get(_publish_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "it can no longer change" in html
    assert "rounds can then use it" in html
    assert 'value="Publish this version"' in html
    assert _status(draft) == Questionnaire.Status.DRAFT  # asking changes nothing


def test_publishing_from_the_admin_uses_the_service_and_is_audited(admin_client, admin_user, draft):
    response = admin_client.post(_publish_url(draft), follow=True)
    assert response.redirect_chain[-1][0] == _change_url(draft)
    assert "it can no longer change, and rounds can now use it" in response.content.decode()
    stored = Questionnaire.objects.get(pk=draft.pk)
    assert stored.status == Questionnaire.Status.PUBLISHED and stored.published_at is not None
    event = AuditEvent.objects.get(action="questionnaire.publish")
    assert event.actor == admin_user
    assert event.target == f"questionnaire test-questionnaire v{draft.version}"


def test_an_invalid_draft_shows_its_problems_and_stays_a_draft(admin_client, draft):
    area = draft.areas.first()
    Question.objects.create(
        questionnaire=draft, area=area, code="no-levels", order=9, text="?", kind="maturity"
    )
    page = unescape(admin_client.get(_publish_url(draft)).content.decode())
    expected = 'question "no-levels": missing level descriptor for level 1'
    assert expected in page
    assert 'value="Publish this version"' not in page

    response = admin_client.post(_publish_url(draft))
    assert response.status_code == 200
    assert expected in unescape(response.content.decode())
    assert _status(draft) == Questionnaire.Status.DRAFT
    assert not AuditEvent.objects.filter(action="questionnaire.publish").exists()


def test_a_published_questionnaire_cannot_be_published_again(admin_client):
    published = factories.make_questionnaire()
    response = admin_client.post(_publish_url(published), follow=True)
    assert "only a draft can be" in response.content.decode()
    assert not AuditEvent.objects.filter(action="questionnaire.publish").exists()


def test_only_admins_publish_from_the_admin(client, cdo, draft):
    client.force_login(cdo)
    response = client.post(_publish_url(draft))
    assert response.status_code == 302  # not staff: sent to the admin sign-in
    assert _status(draft) == Questionnaire.Status.DRAFT

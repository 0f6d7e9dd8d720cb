"""Round transitions (services and admin actions), reopening in the admin, and
questionnaire import/export in the admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from surveys.models import Assessment, Questionnaire, ResultSnapshot, Round
from surveys.questionnaires.services import questionnaire_retire
from surveys.results.snapshots import result_snapshot_create
from surveys.review.services.rounds import (
    InvalidRoundTransition,
    round_close,
    round_open,
    round_publish,
)
from tests import factories
from tests.paths import PROJECT_ROOT

pytestmark = pytest.mark.django_db
FIXTURE = PROJECT_ROOT / "fixtures" / "questionnaires"


def _round(status):
    return factories.RoundFactory(status=status)


# --- Services -------------------------------------------------------------------------


def test_round_goes_upcoming_open_closed_published_with_audit(admin_user):
    round_ = _round(Round.Status.UPCOMING)
    round_open(round=round_, actor=admin_user)
    assert round_.status == Round.Status.OPEN
    round_close(round=round_, actor=admin_user)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED
    round_publish(round=round_, actor=admin_user)
    stored = Round.objects.get(pk=round_.pk)
    assert stored.status == Round.Status.PUBLISHED
    assert stored.published_at is not None
    actions = list(
        AuditEvent.objects.filter(target=round_.slug)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["round.open", "round.close", "round.publish"]
    publish = AuditEvent.objects.get(action="round.publish")
    assert publish.actor == admin_user
    assert publish.detail["from"] == "closed" and publish.detail["to"] == "published"


def test_a_closed_round_can_be_opened_again(admin_user):
    round_ = _round(Round.Status.CLOSED)
    round_open(round=round_, actor=admin_user)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.OPEN


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (round_open, Round.Status.OPEN),
        (round_open, Round.Status.PUBLISHED),
        (round_close, Round.Status.UPCOMING),
        (round_close, Round.Status.CLOSED),
        (round_close, Round.Status.PUBLISHED),
        (round_publish, Round.Status.UPCOMING),
        (round_publish, Round.Status.OPEN),
        (round_publish, Round.Status.PUBLISHED),
    ],
)
def test_invalid_transitions_are_refused_and_change_nothing(admin_user, service, status):
    round_ = _round(status)
    with pytest.raises(InvalidRoundTransition, match="You cannot"):
        service(round=round_, actor=admin_user)
    assert Round.objects.get(pk=round_.pk).status == status
    assert not AuditEvent.objects.filter(action__startswith="round.").exists()


def test_a_round_whose_questionnaire_was_retired_cannot_open(admin_user):
    round_ = _round(Round.Status.UPCOMING)
    questionnaire_retire(questionnaire=round_.questionnaire, actor=admin_user)
    with pytest.raises(InvalidRoundTransition, match="not published"):
        round_open(round=round_, actor=admin_user)


def test_publishing_waits_for_submitted_assessments_to_be_reviewed(admin_user):
    round_ = _round(Round.Status.CLOSED)
    factories.AssessmentFactory(round=round_, status=Assessment.Status.SUBMITTED)
    with pytest.raises(InvalidRoundTransition, match="1 submitted assessment is still waiting"):
        round_publish(round=round_, actor=admin_user)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED


def test_only_admins_change_rounds(cdo, lead):
    round_ = _round(Round.Status.UPCOMING)
    for user in (cdo, lead):
        with pytest.raises(PermissionDenied):
            round_open(round=round_, actor=user)
    assert Round.objects.get(pk=round_.pk).status == Round.Status.UPCOMING


# --- Admin actions --------------------------------------------------------------------


def _action(client, user, action, rounds):
    client.force_login(user)
    return client.post(
        reverse("admin:surveys_round_changelist"),
        {"action": action, "_selected_action": [r.pk for r in rounds]},
        follow=True,
    )


def test_admin_actions_apply_transitions_and_report_refusals(client, admin_user):
    upcoming = _round(Round.Status.UPCOMING)
    already_open = _round(Round.Status.OPEN)
    response = _action(client, admin_user, "open_rounds", [upcoming, already_open])
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{upcoming.name} is now open." in text
    assert f"You cannot open {already_open.name} because it is open." in text
    assert Round.objects.get(pk=upcoming.pk).status == Round.Status.OPEN

    response = _action(client, admin_user, "close_rounds", [upcoming])
    assert Round.objects.get(pk=upcoming.pk).status == Round.Status.CLOSED
    response = _action(client, admin_user, "publish_rounds", [upcoming])
    assert f"{upcoming.name} is now published." in response.content.decode()
    assert Round.objects.get(pk=upcoming.pk).status == Round.Status.PUBLISHED


def test_round_status_is_not_editable_in_the_form(client, admin_user):
    round_ = _round(Round.Status.UPCOMING)
    client.force_login(admin_user)
    response = client.get(reverse("admin:surveys_round_change", args=[round_.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()


# --- Reopening an approved assessment in the admin -----------------------------------------


@pytest.fixture
def approved(db):
    assessment = factories.AssessmentFactory(status=Assessment.Status.APPROVED)
    factories.AnswerFactory(assessment=assessment)
    result_snapshot_create(assessment=assessment)
    return assessment


def test_admin_reopens_with_a_reason(client, admin_user, approved):
    client.force_login(admin_user)
    page = client.get(reverse("admin:surveys_assessment_change", args=[approved.pk]))
    url = reverse("admin:surveys_assessment_reopen", args=[approved.pk])
    assert url in page.content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter why you are reopening this assessment" in response.content.decode()
    assert Assessment.objects.get(pk=approved.pk).status == Assessment.Status.APPROVED

    response = client.post(url, {"reason": "Wrong figures for Security"})
    assert response.status_code == 302
    reopened = Assessment.objects.get(pk=approved.pk)
    assert reopened.status == Assessment.Status.RETURNED
    assert reopened.return_comment == "Wrong figures for Security"
    assert not ResultSnapshot.objects.filter(assessment=approved).exists()
    event = AuditEvent.objects.get(action="assessment.reopen")
    assert event.actor == admin_user and event.detail["reason"] == "Wrong figures for Security"


def test_reopening_a_draft_is_refused_with_a_message(client, admin_user):
    draft = factories.AssessmentFactory()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:surveys_assessment_reopen", args=[draft.pk]), {"reason": "x"}, follow=True
    )
    assert "You cannot reopen this assessment because it is draft" in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).status == Assessment.Status.DRAFT


# --- Questionnaire import and export in the admin ------------------------------------------


def _upload(client, user, name, content: bytes, **extra):
    client.force_login(user)
    return client.post(
        reverse("admin:surveys_questionnaire_import"),
        {"file": SimpleUploadedFile(name, content, content_type="application/yaml"), **extra},
    )


def test_import_a_valid_questionnaire_then_export_it(client, admin_user):
    content = (FIXTURE / "london-digital-maturity-v1.yaml").read_bytes()
    response = _upload(client, admin_user, "v1.yaml", content, publish="on")
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(code="london-digital-maturity", version=1)
    assert questionnaire.status == Questionnaire.Status.PUBLISHED
    assert AuditEvent.objects.filter(action="questionnaire.load").exists()

    export = client.get(reverse("admin:surveys_questionnaire_export", args=[questionnaire.pk]))
    assert export.status_code == 200
    assert export["Content-Disposition"] == (
        'attachment; filename="london-digital-maturity-v1.yaml"'
    )
    assert b"code: london-digital-maturity" in export.content


def test_import_reports_every_problem_and_writes_nothing(client, admin_user):
    content = (FIXTURE / "london-digital-maturity-v1.yaml").read_text()
    broken = content.replace("scoring_method: mean", "scoring_method: median", 1)
    broken = broken.replace("kind: maturity", "kind: essay", 1)
    before = Questionnaire.objects.count()
    response = _upload(client, admin_user, "broken.yaml", broken.encode())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was loaded" in html
    assert html.count("broken.yaml:") >= 2  # each problem names the file and where
    assert "median" in html and "essay" in html
    assert Questionnaire.objects.count() == before


def test_import_refuses_a_file_that_is_not_utf8(client, admin_user):
    response = _upload(client, admin_user, "bad.yaml", b"code: a\nname: caf\xe9\n")
    assert response.status_code == 200
    assert "bad.yaml: line 2, column 10: not UTF-8 (byte 0xE9)" in response.content.decode()
    assert not Questionnaire.objects.exists()


def test_cdo_office_cannot_use_the_admin_import(client, cdo):
    client.force_login(cdo)
    response = client.get(reverse("admin:surveys_questionnaire_import"))
    assert response.status_code == 302  # not staff: sent to the admin sign-in

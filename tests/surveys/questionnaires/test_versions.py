"""Publishing, retiring and versioning questionnaires; published ones never change."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from surveys.exceptions import (
    QuestionnaireConflict,
    QuestionnaireError,
    QuestionnaireInvalid,
    QuestionnaireLocked,
)
from surveys.models import Area, LevelDescriptor, Question, Questionnaire, ScaleLevel
from surveys.questionnaires.io import questionnaire_definition
from surveys.questionnaires.services import (
    questionnaire_delete,
    questionnaire_load,
    questionnaire_new_version,
    questionnaire_publish,
    questionnaire_retire,
    questionnaire_update,
)
from tests.factories import RoundFactory, make_questionnaire
from tests.surveys.questionnaires.samples import SHIPPED, SMALL, row_counts, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tmp_path):
    return questionnaire_load(source=write(tmp_path, SMALL))


@pytest.fixture
def published(draft, admin_user):
    return questionnaire_publish(questionnaire=draft, actor=admin_user)


def _actions():
    return list(AuditEvent.objects.order_by("pk").values_list("action", "target"))


# Load, publish, retire -------------------------------------------------------------------


def test_load_records_an_audit_event_and_publish_option_publishes(tmp_path, admin_user):
    questionnaire = questionnaire_load(
        source=write(tmp_path, SMALL), actor=admin_user, publish=True
    )

    assert questionnaire.status == Questionnaire.Status.PUBLISHED
    assert questionnaire.published_at is not None
    assert _actions() == [
        ("questionnaire.load", "questionnaire small v1"),
        ("questionnaire.publish", "questionnaire small v1"),
    ]
    load = AuditEvent.objects.get(action="questionnaire.load")
    assert load.actor == admin_user
    assert load.detail["questions"] == 4


def test_loading_the_same_code_and_version_again_is_refused(draft, tmp_path):
    before = row_counts()
    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_load(source=write(tmp_path, SMALL, "again.yaml"))
    assert caught.value.messages == [
        f'{tmp_path}/again.yaml: questionnaire "small" version 1 already exists (draft); '
        "give the file a new version number"
    ]
    assert row_counts() == before


def test_a_later_version_points_to_the_one_before():
    v1 = questionnaire_load(source=SHIPPED[1])
    v2 = questionnaire_load(source=SHIPPED[2])
    assert v2.previous == v1
    assert v1.previous is None


def test_publish_locks_a_draft_once(draft, admin_user):
    questionnaire_publish(questionnaire=draft, actor=admin_user)
    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.PUBLISHED

    with pytest.raises(QuestionnaireLocked, match="it is published"):
        questionnaire_publish(questionnaire=draft, actor=admin_user)
    assert AuditEvent.objects.filter(action="questionnaire.publish").count() == 1


def test_publish_refuses_an_incomplete_draft(draft, admin_user):
    # A draft may be edited (e.g. in the admin); publishing checks it like a file.
    LevelDescriptor.objects.get(question__questionnaire=draft, level=2).delete()

    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_publish(questionnaire=draft, actor=admin_user)

    assert caught.value.messages == [
        'questionnaire small version 1: area "alpha", question "alpha-one": '
        "missing level descriptor for level 2"
    ]
    draft.refresh_from_db()
    assert draft.status == Questionnaire.Status.DRAFT


def test_retire_only_a_published_questionnaire(published, admin_user):
    questionnaire_retire(questionnaire=published, actor=admin_user)
    published.refresh_from_db()
    assert published.status == Questionnaire.Status.RETIRED
    assert AuditEvent.objects.filter(action="questionnaire.retire").count() == 1

    with pytest.raises(QuestionnaireError, match="Only a published questionnaire"):
        questionnaire_retire(questionnaire=published, actor=admin_user)


def test_a_draft_cannot_be_retired(draft, admin_user):
    with pytest.raises(QuestionnaireError, match="is draft"):
        questionnaire_retire(questionnaire=draft, actor=admin_user)


# Locked: the service layer refuses -------------------------------------------------------


@pytest.mark.parametrize("status", ["published", "retired"])
def test_services_refuse_to_change_or_delete_a_locked_questionnaire(status, published, admin_user):
    if status == "retired":
        questionnaire_retire(questionnaire=published, actor=admin_user)
    before = questionnaire_definition(published)

    with pytest.raises(QuestionnaireLocked):
        questionnaire_update(questionnaire=published, actor=admin_user, name="Renamed")
    with pytest.raises(QuestionnaireLocked):
        questionnaire_delete(questionnaire=published, actor=admin_user)
    with pytest.raises(QuestionnaireLocked):
        questionnaire_publish(questionnaire=published, actor=admin_user)

    assert questionnaire_definition(published) == before
    assert Questionnaire.objects.filter(pk=published.pk, status=status).exists()


def test_a_draft_can_be_changed_and_deleted_through_the_services(draft, admin_user):
    questionnaire_update(
        questionnaire=draft, actor=admin_user, name="Renamed", scoring_method="gated"
    )
    draft.refresh_from_db()
    assert (draft.name, draft.scoring_method) == ("Renamed", "gated")
    assert AuditEvent.objects.get(action="questionnaire.update").detail == {
        "name": ["Small questionnaire", "Renamed"],
        "scoring_method": ["mean", "gated"],
    }
    with pytest.raises(ValidationError):
        questionnaire_update(questionnaire=draft, actor=admin_user, scoring_method="median")
    with pytest.raises(TypeError):
        questionnaire_update(questionnaire=draft, actor=admin_user, version=7)

    questionnaire_delete(questionnaire=draft, actor=admin_user)
    assert not Questionnaire.objects.exists()
    assert Question.objects.count() == 0


def test_a_version_that_a_later_one_is_based_on_cannot_be_deleted(draft, admin_user):
    questionnaire_new_version(questionnaire=draft, actor=admin_user)
    with pytest.raises(QuestionnaireError, match="a round or a later version uses it"):
        questionnaire_delete(questionnaire=draft, actor=admin_user)
    assert Questionnaire.objects.count() == 2


# Locked: the models refuse too -----------------------------------------------------------


def _changes(questionnaire):
    """One change (a callable) to each kind of row in the questionnaire."""
    level = ScaleLevel.objects.filter(questionnaire=questionnaire).first()
    area = Area.objects.filter(questionnaire=questionnaire).first()
    question = Question.objects.filter(questionnaire=questionnaire).first()
    descriptor = LevelDescriptor.objects.filter(question__questionnaire=questionnaire).first()

    def change(obj, **values):
        def run():
            for field, value in values.items():
                setattr(obj, field, value)
            obj.save()

        return run

    return {
        "questionnaire name": change(questionnaire, name="Renamed"),
        "questionnaire method": change(questionnaire, scoring_method="gated"),
        "questionnaire back to draft": change(questionnaire, status="draft"),
        "level band": change(level, min_score=5),
        "area weight": change(area, weight=3),
        "question text": change(question, text="Changed?"),
        "question weight": change(question, weight=5),
        "descriptor text": change(descriptor, text="Changed."),
        "delete level": level.delete,
        "delete area": area.delete,
        "delete question": question.delete,
        "delete descriptor": descriptor.delete,
        "delete questionnaire": questionnaire.delete,
    }


CHANGES = [
    "questionnaire name",
    "questionnaire method",
    "questionnaire back to draft",
    "level band",
    "area weight",
    "question text",
    "question weight",
    "descriptor text",
    "delete level",
    "delete area",
    "delete question",
    "delete descriptor",
    "delete questionnaire",
]


@pytest.mark.parametrize("status", ["published", "retired"])
@pytest.mark.parametrize("change", CHANGES)
def test_model_save_and_delete_refuse_a_locked_questionnaire(change, status, published, admin_user):
    if status == "retired":
        questionnaire_retire(questionnaire=published, actor=admin_user)
    questionnaire = Questionnaire.objects.get(pk=published.pk)
    before, counts = questionnaire_definition(questionnaire), row_counts()

    with pytest.raises(QuestionnaireLocked, match=f"is {status}, and only a draft can change"):
        _changes(questionnaire)[change]()

    stored = Questionnaire.objects.get(pk=published.pk)
    assert questionnaire_definition(stored) == before
    assert row_counts() == counts
    assert stored.status == status


@pytest.mark.parametrize("change", CHANGES)
def test_model_save_and_delete_work_on_a_draft(change, draft):
    _changes(Questionnaire.objects.get(pk=draft.pk))[change]()  # no error


def test_the_model_guard_also_protects_factory_questionnaires():
    questionnaire = make_questionnaire()  # published
    question = questionnaire.questions.first()
    question.weight = 9
    with pytest.raises(QuestionnaireLocked):
        question.save()
    RoundFactory(questionnaire=questionnaire)
    questionnaire.name = "Another"
    with pytest.raises(QuestionnaireLocked):
        questionnaire.save()


def test_rows_cannot_be_moved_out_of_a_locked_questionnaire(published, draft_copy_of):
    area = Area.objects.get(questionnaire=published, code="beta")
    area.questionnaire = draft_copy_of(published)
    with pytest.raises(QuestionnaireLocked):
        area.save()


@pytest.fixture
def draft_copy_of(admin_user):
    return lambda q: questionnaire_new_version(questionnaire=q, actor=admin_user)


def test_retiring_through_the_model_changes_only_the_status(published):
    questionnaire = Questionnaire.objects.get(pk=published.pk)
    questionnaire.status = Questionnaire.Status.RETIRED
    questionnaire.name = "Renamed while retiring"
    with pytest.raises(QuestionnaireLocked, match="change name of"):
        questionnaire.save()
    questionnaire.name = published.name
    questionnaire.save()  # a status change alone, published to retired, is allowed
    questionnaire.status = Questionnaire.Status.PUBLISHED
    with pytest.raises(QuestionnaireLocked, match="change status of"):
        questionnaire.save()


# New versions ----------------------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 2])
def test_new_version_copies_everything_into_a_draft(version, admin_user):
    original = questionnaire_load(source=SHIPPED[version], publish=True)

    copy = questionnaire_new_version(questionnaire=original, actor=admin_user)

    assert (copy.code, copy.version, copy.status) == (original.code, version + 1, "draft")
    assert copy.previous == original
    assert copy.published_at is None
    assert questionnaire_definition(copy) == dataclasses.replace(
        questionnaire_definition(original), version=version + 1
    )
    assert LevelDescriptor.objects.filter(question__questionnaire=copy).count() == (
        LevelDescriptor.objects.filter(question__questionnaire=original).count()
    )
    event = AuditEvent.objects.get(action="questionnaire.new_version")
    assert (event.target, event.detail) == (
        f"questionnaire london-digital-maturity v{version + 1}",
        {"from_version": version},
    )


def test_the_new_version_can_change_while_the_original_cannot(published, admin_user):
    copy = questionnaire_new_version(questionnaire=published, actor=admin_user)
    question = Question.objects.get(questionnaire=copy, code="alpha-one")
    question.text = "Reworded?"
    question.save()
    questionnaire_publish(questionnaire=copy, actor=admin_user)

    assert Question.objects.get(questionnaire=published, code="alpha-one").text == "First question?"
    assert Question.objects.get(questionnaire=copy, code="alpha-one").text == "Reworded?"


def test_new_version_refuses_a_version_that_exists(admin_user):
    v1 = questionnaire_load(source=SHIPPED[1], publish=True)
    questionnaire_load(source=SHIPPED[2], publish=True)
    before = row_counts()

    with pytest.raises(QuestionnaireConflict, match="version 2 exists already"):
        questionnaire_new_version(questionnaire=v1, actor=admin_user)
    assert row_counts() == before


# --- deleting in the admin goes through the service ---------------------------------------


def test_the_admin_offers_no_bulk_delete_of_questionnaires(client, admin_user, published):
    client.force_login(admin_user)
    page = client.get("/admin/surveys/questionnaire/").content.decode()
    assert "delete_selected" not in page
    # Posting the action anyway deletes nothing.
    client.post(
        "/admin/surveys/questionnaire/",
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert Questionnaire.objects.filter(pk=published.pk).exists()


def test_deleting_a_draft_in_the_admin_is_audited(client, admin_user, draft):
    client.force_login(admin_user)
    response = client.post(f"/admin/surveys/questionnaire/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Questionnaire.objects.filter(pk=draft.pk).exists()
    target = f"questionnaire {draft.code} v{draft.version}"
    assert _actions()[-1] == ("questionnaire.delete", target)


def test_a_published_questionnaire_cannot_be_deleted_in_the_admin(client, admin_user, published):
    client.force_login(admin_user)
    response = client.post(f"/admin/surveys/questionnaire/{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Questionnaire.objects.filter(pk=published.pk).exists()

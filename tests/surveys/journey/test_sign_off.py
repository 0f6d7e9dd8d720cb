"""The senior sign-off (issue 14): the lead's submission may name the senior officer who
signed it off, with their role. A recorded statement, not an account: both or neither, at
most 200 characters each, no control characters; stored and audited by the service, and
shown on the confirmation, task list and answers pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from surveys.journey.forms import SubmitForm
from surveys.journey.services.assessments import (
    SIGN_OFF_MAX_LENGTH,
    assessment_submit,
    sign_off_errors,
)
from surveys.models import Assessment, AssessmentEvent
from tests.surveys.journey.support import (
    answer_all,
    make_answered_journey,
    make_journey,
    submit_ready,
    url,
)

NAME_ONLY = "Enter the role of the senior officer who signed this off, or remove their name"
ROLE_ONLY = "Enter the name of the senior officer who signed this off, or remove their role"
CIO = {"sign_off_name": "Ada Lovelace", "sign_off_role": "Chief Information Officer"}


# ---- the rule (pure) -----------------------------------------------------------------------


def test_both_or_neither():
    assert sign_off_errors(name="", role="") == {}
    assert sign_off_errors(name="Ada Lovelace", role="Director of Digital") == {}
    assert sign_off_errors(name="Ada Lovelace", role="") == {"sign_off_role": NAME_ONLY}
    assert sign_off_errors(name="", role="Director of Digital") == {"sign_off_name": ROLE_ONLY}


def test_at_most_200_characters_each():
    longest = "x" * SIGN_OFF_MAX_LENGTH
    assert SIGN_OFF_MAX_LENGTH == 200
    assert sign_off_errors(name=longest, role=longest) == {}
    errors = sign_off_errors(name=longest + "x", role=longest + "x")
    assert errors == {
        "sign_off_name": "The name must be 200 characters or fewer",
        "sign_off_role": "The role must be 200 characters or fewer",
    }


@pytest.mark.parametrize("character", ["\x00", "\t", "\n", "\x1b", "\x7f", "\x85"])
def test_no_control_characters(character):
    errors = sign_off_errors(name=f"Ada{character}Lovelace", role="CIO")
    assert errors == {
        "sign_off_name": "The name cannot contain line breaks, tabs or other control characters"
    }
    assert set(sign_off_errors(name="Ada", role=f"C{character}IO")) == {"sign_off_role"}


def test_a_name_with_a_bad_role_is_told_about_the_role_once():
    errors = sign_off_errors(name="Ada", role="\x1b")
    assert list(errors) == ["sign_off_role"] and "control characters" in errors["sign_off_role"]


# ---- the form ------------------------------------------------------------------------------


def _form(**data) -> SubmitForm:
    return SubmitForm({"declaration": "on", **data})


def test_the_form_accepts_neither_or_both_and_strips_spaces():
    form = _form()
    assert form.is_valid(), form.errors
    assert form.submit_values() == {"sign_off_name": "", "sign_off_role": ""}
    form = _form(sign_off_name="  Ada Lovelace ", sign_off_role="Chief Information Officer ")
    assert form.is_valid(), form.errors
    assert form.submit_values() == CIO


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"sign_off_name": "Ada Lovelace"}, "sign_off_role", NAME_ONLY),
        ({"sign_off_role": "Director"}, "sign_off_name", ROLE_ONLY),
        ({"sign_off_name": "Ada", "sign_off_role": "x" * 201}, "sign_off_role", "200 characters"),
        ({"sign_off_name": "A\x0bda", "sign_off_role": "CIO"}, "sign_off_name", "control"),
        ({"sign_off_name": "A\x00da", "sign_off_role": "CIO"}, "sign_off_name", "control"),
    ],
)
def test_the_form_refuses_one_alone_too_long_or_control_characters(data, field, message):
    form = _form(**data)
    assert not form.is_valid()
    assert message in form.errors[field][0]


# ---- the service ---------------------------------------------------------------------------


@pytest.fixture
def ready(lead):
    journey = make_journey(lead)
    answer_all(journey, lead)
    return journey


@pytest.mark.django_db
def test_the_service_stores_and_audits_the_sign_off(ready, lead):
    assessment_submit(assessment=ready.assessment, actor=lead, **CIO)
    stored = Assessment.objects.get(pk=ready.assessment.pk)
    assert (stored.status, stored.sign_off_name, stored.sign_off_role) == (
        "submitted",
        "Ada Lovelace",
        "Chief Information Officer",
    )
    event = AuditEvent.objects.get(action="assessment.submit")
    assert event.detail["sign_off_name"] == "Ada Lovelace"
    assert event.detail["sign_off_role"] == "Chief Information Officer"


@pytest.mark.django_db
def test_no_sign_off_is_recorded_as_none(ready, lead):
    assessment_submit(assessment=ready.assessment, actor=lead)
    stored = Assessment.objects.get(pk=ready.assessment.pk)
    assert (stored.sign_off_name, stored.sign_off_role) == ("", "")
    detail = AuditEvent.objects.get(action="assessment.submit").detail
    assert (detail["sign_off_name"], detail["sign_off_role"]) == ("", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sign_off",
    [
        {"sign_off_name": "Ada Lovelace"},
        {"sign_off_role": "Director"},
        {"sign_off_name": "x" * 201, "sign_off_role": "Director"},
        {"sign_off_name": "Ada\nLovelace", "sign_off_role": "Director"},
    ],
)
def test_a_bad_sign_off_is_refused_and_nothing_is_written(ready, lead, sign_off):
    with pytest.raises(ValidationError) as caught:
        assessment_submit(assessment=ready.assessment, actor=lead, **sign_off)
    assert set(caught.value.message_dict) <= {"sign_off_name", "sign_off_role"}
    stored = Assessment.objects.get(pk=ready.assessment.pk)
    assert (stored.status, stored.sign_off_name, stored.submitted_at) == ("draft", "", None)
    assert not AssessmentEvent.objects.filter(kind="submitted").exists()
    assert not AuditEvent.objects.filter(action="assessment.submit").exists()


@pytest.mark.django_db
def test_submitting_again_replaces_the_sign_off(ready, lead):
    assessment_submit(assessment=ready.assessment, actor=lead, **CIO)
    Assessment.objects.filter(pk=ready.assessment.pk).update(status="returned")
    assessment_submit(
        assessment=ready.assessment,
        actor=lead,
        sign_off_name="Grace Hopper",
        sign_off_role="Director of Digital",
    )
    stored = Assessment.objects.get(pk=ready.assessment.pk)
    assert (stored.sign_off_name, stored.sign_off_role) == ("Grace Hopper", "Director of Digital")


# ---- the pages -----------------------------------------------------------------------------


@pytest.fixture
def journey(lead):
    journey = make_answered_journey(lead)
    submit_ready(journey, lead)
    return journey


@pytest.mark.django_db
def test_the_submit_page_asks_for_the_sign_off_with_its_hint(client, journey, lead):
    client.force_login(lead)
    html = client.get(url("submit", journey, {})).content.decode()
    assert "Senior sign-off (optional)" in html
    assert "Name of the senior officer who signed this off" in html
    assert "Their role" in html and "Chief Information Officer" in html
    assert "recorded statement" in html and "does not give them an account" in html
    assert 'aria-describedby="sign-off-hint"' in html and 'id="sign-off-hint"' in html


@pytest.mark.django_db
def test_one_alone_is_a_govuk_error_and_nothing_changes(client, journey, lead):
    client.force_login(lead)
    response = client.post(
        url("submit", journey, {}), {"declaration": "on", "sign_off_name": "Ada Lovelace"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'<a href="#id_sign_off_role">{NAME_ONLY}</a>' in html
    assert 'value="Ada Lovelace"' in html  # what was typed is kept
    assert Assessment.objects.get(pk=journey.assessment.pk).status == "draft"


@pytest.mark.django_db
def test_the_sign_off_is_shown_once_submitted(client, journey, lead, cdo):
    client.force_login(lead)
    response = client.post(url("submit", journey, {}), {"declaration": "on", **CIO}, follow=True)
    assert response.redirect_chain[-1][0] == url("submitted", journey, {})
    signed = "Signed off by Ada Lovelace, Chief Information Officer."
    assert signed in response.content.decode()
    assert signed in client.get(reverse("surveys:start")).content.decode()
    assert signed in client.get(url("check", journey, {})).content.decode()
    client.force_login(cdo)
    assert signed in client.get(url("check", journey, {})).content.decode()


@pytest.mark.django_db
def test_a_returned_assessment_shows_the_last_sign_off_to_change(client, journey, lead):
    Assessment.objects.filter(pk=journey.assessment.pk).update(status="returned", **CIO)
    client.force_login(lead)
    html = client.get(url("submit", journey, {})).content.decode()
    assert 'value="Ada Lovelace"' in html and 'value="Chief Information Officer"' in html
    # Not yet submitted again: the answers page does not claim it is signed off.
    assert "Signed off by" not in client.get(url("check", journey, {})).content.decode()
    response = client.post(
        url("submit", journey, {}),
        {"declaration": "on", "sign_off_name": "", "sign_off_role": ""},
    )
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=journey.assessment.pk)
    assert (stored.status, stored.sign_off_name, stored.sign_off_role) == ("submitted", "", "")

"""Tampered requests get 400/403/404/409 and change nothing."""

import pytest
from django.urls import reverse

from surveys.journey.services.answers import answer_save
from surveys.models import Assessment
from tests import factories
from tests.surveys.journey.support import KINDS, make_journey, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(lead):
    journey = make_journey(lead, kinds=KINDS)
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=lead,
        level=3,
        expected_version=0,
    )
    return journey


def question_url(reference, code):
    return reverse("surveys:question", args=[reference, code])


def post(client, user, target, data):
    client.force_login(user)
    before = rows()
    response = client.post(target, data)
    assert rows() == before, "a refused request changed something"
    return response


def test_a_question_of_another_questionnaire_is_404(client, journey, lead):
    other = factories.make_questionnaire(areas=3)
    code = other.questions.filter(area__order=3).first().code
    response = post(
        client, lead, question_url(journey.assessment.reference, code), {"version": 0, "level": 2}
    )
    assert response.status_code == 404


def test_an_unknown_question_code_is_404(client, journey, lead):
    target = question_url(journey.assessment.reference, "no-such-question")
    assert post(client, lead, target, {"version": 0, "level": 2}).status_code == 404


@pytest.mark.parametrize(
    ("code", "data"),
    [
        ("a1-q1", {"version": 1, "level": "9"}),
        ("a1-q1", {"version": 1, "level": "0"}),
        ("a1-q1", {"version": 1, "level": "<script>"}),
        ("a1-q1", {"version": 1, "level": "2", "evidence": "x" * 2001}),
        ("a1-q2", {"version": 0, "yes_no": "maybe"}),
        ("a2-q1", {"version": 0, "number": "NaN"}),
        ("a2-q1", {"version": 0, "number": "1e400"}),
        ("a2-q1", {"version": 0, "number": "-5"}),
        ("a2-q1", {"version": 0, "number": "12.345"}),
        ("a2-q1", {"version": 0, "number": "twelve"}),
        ("a2-q2", {"version": 0, "text": "y" * 5001}),
    ],
)
def test_junk_values_re_render_with_an_error_summary(client, journey, lead, code, data):
    response = post(client, lead, question_url(journey.assessment.reference, code), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "govuk-error-message" in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>")[0]


def test_a_nul_in_a_field_is_the_400_page_and_changes_nothing(client, journey, lead):
    # web.middleware.RefuseNulMiddleware: no field can hold a NUL (PostgreSQL).
    data = {"version": 1, "level": "2", "evidence": "null \x00 byte"}
    response = post(client, lead, question_url(journey.assessment.reference, "a1-q1"), data)
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


@pytest.mark.parametrize("version", ["", "abc", "-1", "1.5"])
def test_a_missing_or_junk_version_is_400(client, journey, lead, version):
    target = question_url(journey.assessment.reference, "a1-q1")
    assert post(client, lead, target, {"version": version, "level": "2"}).status_code == 400


def test_a_stale_version_is_409(client, journey, lead, contributor):
    answer_save(
        assessment=journey.assessment,
        question=journey.question("a1-q1"),
        actor=contributor,
        level=4,
        expected_version=1,
    )
    target = question_url(journey.assessment.reference, "a1-q1")
    assert post(client, lead, target, {"version": 1, "level": "1"}).status_code == 409
    assert post(client, lead, target, {"version": 99, "level": "1"}).status_code == 409


def test_posting_to_a_submitted_assessment_is_403(client, journey, lead):
    Assessment.objects.filter(pk=journey.assessment.pk).update(status=Assessment.Status.SUBMITTED)
    target = question_url(journey.assessment.reference, "a1-q1")
    assert post(client, lead, target, {"version": 1, "level": "1"}).status_code == 403
    prefill = reverse("surveys:prefill", args=[journey.assessment.reference])
    assert post(client, lead, prefill, {}).status_code == 403
    submit = reverse("surveys:submit", args=[journey.assessment.reference])
    assert post(client, lead, submit, {"declaration": "on"}).status_code == 403


def test_another_authoritys_reference_is_404(client, journey, other_lead):
    reference = journey.assessment.reference
    for target, data in [
        (question_url(reference, "a1-q1"), {"version": 1, "level": "1"}),
        (reverse("surveys:submit", args=[reference]), {"declaration": "on"}),
        (reverse("surveys:prefill", args=[reference]), {}),
    ]:
        assert post(client, other_lead, target, data).status_code == 404
    client.force_login(other_lead)
    for name in ("check", "submitted"):
        assert client.get(reverse(f"surveys:{name}", args=[reference])).status_code == 404
    history = reverse("surveys:history", args=[reference, "a1-q1"])
    assert client.get(history).status_code == 404


def test_the_cdo_office_cannot_post(client, journey, cdo):
    target = question_url(journey.assessment.reference, "a1-q1")
    assert post(client, cdo, target, {"version": 1, "level": "1"}).status_code == 403


def test_a_contributor_cannot_submit_by_posting(client, journey, lead, contributor):
    for code in ("a1-q2", "a2-q1", "a2-q2"):
        values = {"a1-q2": {"yes_no": True}, "a2-q1": {"number": 3}, "a2-q2": {"text": "t"}}
        answer_save(
            assessment=journey.assessment,
            question=journey.question(code),
            actor=lead,
            expected_version=0,
            **values[code],
        )
    submit = reverse("surveys:submit", args=[journey.assessment.reference])
    assert post(client, contributor, submit, {"declaration": "on"}).status_code == 403


def test_submitting_an_incomplete_assessment_is_400(client, journey, lead):
    submit = reverse("surveys:submit", args=[journey.assessment.reference])
    response = post(client, lead, submit, {"declaration": "on"})
    assert response.status_code == 400
    assert "Answer ‘Question 2 of area 1’" in response.content.decode()


def test_wrong_methods_are_405(client, journey, lead):
    client.force_login(lead)
    reference = journey.assessment.reference
    assert client.post(reverse("surveys:check", args=[reference])).status_code == 405
    assert client.get(reverse("surveys:prefill", args=[reference])).status_code == 405
    assert client.post(reverse("surveys:start")).status_code == 405

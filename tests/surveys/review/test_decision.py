"""The reviewer's decision (issue 12, item 10): after the answers, and approval confirmed.

Approving freezes the scores, so it is never one click: the assessment page links to a
confirmation page (GET, which changes nothing) saying what approval does; its form POSTs
with the CSRF token. Returning with a comment is unchanged; both stay audited.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from surveys.models import Assessment, ResultSnapshot
from tests.surveys.review.support import CAMDEN, HACKNEY, assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status


@pytest.fixture
def submitted(open_round, lead):
    return assessment(open_round, CAMDEN, by=lead, level=4)


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_the_decision_comes_after_the_answers_with_no_one_click_approval(client, cdo, submitted):
    client.force_login(cdo)
    html = _main(
        client.get(reverse("review:assessment", args=[submitted.reference])).content.decode()
    )
    approve = reverse("review:approve", args=[submitted.reference])
    assert f'action="{approve}"' not in html  # no form that approves from this page
    assert html.index('id="answers"') < html.index('id="decision"')
    decision = html[html.index('id="decision"') :]
    assert f'href="{approve}"' in decision
    assert f'href="{reverse("review:return", args=[submitted.reference])}"' in decision
    # A way to the decision from the top, for a reviewer who has read the answers before.
    assert html.index('href="#decision"') < html.index('id="answers"')


def test_the_confirmation_page_says_what_approval_does_and_changes_nothing(client, cdo, submitted):
    client.force_login(cdo)
    response = client.get(reverse("review:approve", args=[submitted.reference]))
    assert response.status_code == 200
    html = _main(response.content.decode())
    assert "Approve Camden's assessment" in html
    assert "scores are frozen" in html
    assert "75 out of 100" in html  # the overall score that will be frozen
    assert "Camden's digital leads are emailed" in html
    assert "London figures" in html and "open data" in html
    form = html[html.index("<form") : html.index("</form>")]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form
    assert "Approve assessment" in form
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not ResultSnapshot.objects.filter(assessment=submitted).exists()
    assert not AuditEvent.objects.filter(action="assessment.approve").exists()


def test_confirming_approves_freezes_and_audits(client, cdo, submitted, open_round):
    client.force_login(cdo)
    response = client.post(reverse("review:approve", args=[submitted.reference]))
    assert response["Location"] == reverse("review:round", args=[open_round.slug])
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert ResultSnapshot.objects.filter(assessment=submitted).exists()
    audit = AuditEvent.objects.get(action="assessment.approve")
    assert audit.actor == cdo and audit.target == submitted.reference


def test_confirming_without_the_csrf_token_is_refused(cdo, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cdo)
    response = client.post(reverse("review:approve", args=[submitted.reference]))
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_no_confirmation_for_an_assessment_that_cannot_be_approved(client, cdo, open_round, lead):
    approved = assessment(open_round, HACKNEY, status=Status.APPROVED, by=lead)
    client.force_login(cdo)
    response = client.get(reverse("review:approve", args=[approved.reference]))
    assert response.status_code == 400
    assert "Only submitted assessments can be approved" in response.content.decode()


def test_scores_on_the_review_pages_are_whole_numbers(client, cdo, open_round, lead):
    """Issue 12, item 5: "62.5" reads "63" (the service's one rule, the score filter)."""
    made = assessment(open_round, HACKNEY, by=lead, level=3)
    made.answers.filter(question__code="a1-q2").update(level=4)  # area 1: (50 + 75) / 2
    client.force_login(cdo)
    for name in ("review:assessment", "review:approve"):
        html = _main(client.get(reverse(name, args=[made.reference])).content.decode())
        assert not re.search(r"\d\.\d", html), name
    html = _main(client.get(reverse("review:assessment", args=[made.reference])).content.decode())
    assert re.search(r"numeric\">63<", html)  # area 1's score, 62.5
    assert "56 out of 100" in html  # overall: (62.5 + 50) / 2 = 56.25
    assert "Score: 75 out of 100" in html

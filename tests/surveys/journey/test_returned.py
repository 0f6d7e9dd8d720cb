"""A returned assessment as its authority sees it, and status words that match the counts.

Decision (issue 12): an area is "Completed" only when every one of its questions is
answered; when only optional questions are left it says "All required questions answered"
with how many optional ones are blank. The CDO office's comment is shown in one full-width
banner on the task list (addressed to the reader: a lead submits, a contributor asks their
lead), and at the top of the check-answers pages and of each question page, until
per-question comments exist.
"""

import re

import pytest
from django.urls import reverse

from surveys.journey.selectors import (
    COMPLETED,
    IN_PROGRESS,
    REQUIRED_ANSWERED,
    assessment_progress,
)
from surveys.journey.services.answers import answer_save
from surveys.models import Assessment
from tests.surveys.journey.support import make_journey, url

pytestmark = pytest.mark.django_db

COMMENT = "Please add <evidence> for the security questions."


def _answer(journey, user, *codes):
    for code in codes:
        answer_save(
            assessment=journey.assessment,
            question=journey.question(code),
            actor=user,
            level=3,
            expected_version=0,
        )


@pytest.fixture
def returned(lead):
    """Camden's assessment, returned: area 1 answered, a2-q1 answered, a2-q2 (optional) blank."""
    journey = make_journey(lead)
    journey.questionnaire.questions.filter(code="a2-q2").update(required=False)
    _answer(journey, lead, "a1-q1", "a1-q2", "a2-q1")
    Assessment.objects.filter(pk=journey.assessment.pk).update(
        status=Assessment.Status.RETURNED, return_comment=COMMENT
    )
    journey.assessment.refresh_from_db()
    return journey


def _task(html: str, name: str) -> str:
    """The task list item of the area called ``name``."""
    for item in re.findall(r'<li class="govuk-task-list__item.*?</li>', html, re.S):
        if f">{name}</a>" in item:
            return item
    raise AssertionError(f"no task {name!r}")


def test_completed_only_when_every_question_is_answered(returned, lead):
    areas = assessment_progress(assessment=returned.assessment).areas
    assert [a.status for a in areas] == [COMPLETED, REQUIRED_ANSWERED]
    assert areas[1].status_label == "All required questions answered"
    assert (areas[1].answered, areas[1].total, areas[1].optional_unanswered) == (1, 2, 1)
    returned.questionnaire.questions.filter(code="a2-q2").update(required=True)
    areas = assessment_progress(assessment=returned.assessment).areas
    assert areas[1].status == IN_PROGRESS


def test_the_task_list_never_says_completed_beside_a_shortfall(client, returned, lead):
    client.force_login(lead)
    html = client.get(reverse("surveys:start")).content.decode()
    complete, partial = _task(html, "Area 1"), _task(html, "Area 2")
    assert "Completed" in complete and "2 of 2 questions answered" in complete
    assert "Completed" not in partial
    assert "All required questions answered" in partial
    assert "1 of 2 questions answered; 1 optional question not answered" in partial


def _banners(html: str) -> list[str]:
    return re.findall(r'<div class="govuk-notification-banner[ "]', html)


def test_one_full_width_banner_with_the_comment_even_after_a_save(client, returned, lead):
    client.force_login(lead)
    response = client.post(
        url("question", returned, {"code": "a2-q2"}),
        {"version": "0", "level": "2", "action": "later"},
        follow=True,
    )
    html = response.content.decode()
    assert len(_banners(html)) == 1
    banner = html[html.index("govuk-notification-banner") : html.index("<h1")]
    assert "Your answer has been saved" in banner
    assert "Please add &lt;evidence&gt; for the security questions." in banner
    # Full width: the banner is not inside the page's two-thirds column.
    assert "govuk-grid-column-two-thirds" not in html[: html.index("govuk-notification-banner")]


def test_the_banner_addresses_a_lead_as_the_one_who_submits(client, returned, lead):
    client.force_login(lead)
    html = client.get(reverse("surveys:start")).content.decode()
    banner = html[html.index("govuk-notification-banner") : html.index("<h1")]
    assert "your digital lead" not in banner
    assert "then submit it again" in banner
    assert reverse("surveys:check", args=[returned.assessment.reference]) in banner


def test_the_banner_tells_a_contributor_to_ask_their_lead(client, returned, contributor):
    client.force_login(contributor)
    html = client.get(reverse("surveys:start")).content.decode()
    banner = html[html.index("govuk-notification-banner") : html.index("<h1")]
    assert "ask your digital lead to submit it again" in banner


def test_the_banner_links_the_areas_with_unanswered_questions(client, returned, lead):
    client.force_login(lead)
    html = client.get(reverse("surveys:start")).content.decode()
    banner = html[html.index("govuk-notification-banner") : html.index("<h1")]
    link = url("question", returned, {"code": "a2-q2"})
    assert f'href="{link}">Area 2</a>' in banner
    assert "Area 1" not in banner  # every question of it is answered


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("question", {"code": "a1-q1"}),
        ("question", {"code": "a2-q2"}),
        ("check", {}),
        ("check-area", {"area_code": "area-1"}),
    ],
)
def test_the_comment_is_at_the_top_of_question_and_check_pages(
    client, returned, lead, name, kwargs
):
    client.force_login(lead)
    html = client.get(url(name, returned, kwargs)).content.decode()
    main = html[html.index("<main") :]
    assert "Please add &lt;evidence&gt; for the security questions." in main
    # Before the question or the answers, so it is read first.
    assert main.index("&lt;evidence&gt;") < main.index(
        "govuk-summary-list" if "check" in name else "<form"
    )


def test_no_comment_on_a_draft(client, returned, lead):
    Assessment.objects.filter(pk=returned.assessment.pk).update(status=Assessment.Status.DRAFT)
    client.force_login(lead)
    for name, kwargs in (("question", {"code": "a1-q1"}), ("check", {})):
        assert "&lt;evidence&gt;" not in client.get(url(name, returned, kwargs)).content.decode()

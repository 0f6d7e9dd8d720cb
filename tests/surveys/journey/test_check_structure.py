"""The check-answers page follows the GOV.UK pattern (issue 12, item 9).

The heading first; for an incomplete assessment a short list of the areas not finished
(one link each) after it; answers shown per area once the area is finished; one link per
row ("Change" or "Answer" for the authority, "History" for readers); history is reached
from the question page.
"""

import re

import pytest

from surveys.journey.services.answers import answer_save
from tests.surveys.journey.support import answer_all, make_journey, url

pytestmark = pytest.mark.django_db


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _links(html: str) -> list[str]:
    return re.findall(r"<a [^>]*>", _main(html))


ROW = re.compile(
    r'<div class="govuk-summary-list__row[ "].*?</div>\s*'
    r'(?=<div class="govuk-summary-list__row|</dl>)',
    re.S,
)


def _rows(html: str) -> list[str]:
    return ROW.findall(_main(html))


@pytest.fixture
def big(lead):
    """4 areas of 6 questions; only area 1 is answered."""
    journey = make_journey(lead, areas=4, questions_per_area=6)
    for question in journey.questionnaire.questions.filter(area__code="area-1"):
        answer_save(
            assessment=journey.assessment,
            question=question,
            actor=lead,
            level=2,
            expected_version=0,
        )
    return journey


def test_an_incomplete_assessment_opens_with_its_heading_then_a_short_list(client, big, lead):
    client.force_login(lead)
    html = client.get(url("check", big, {})).content.decode()
    main = _main(html)
    assert "govuk-notification-banner" not in main
    heading = main.index("<h1")
    unfinished = main.index('id="unfinished"')
    assert heading < unfinished
    listed = re.search(r'<ul class="govuk-list[^"]*" id="unfinished-list">(.*?)</ul>', main, re.S)
    items = re.findall(r"<li>(.*?)</li>", listed.group(1), re.S)
    assert len(items) == 3  # areas 2, 3 and 4, not their 18 questions
    assert f'href="{url("question", big, {"code": "a2-q1"})}">Area 2</a>' in items[0]
    assert "6 required questions not answered" in items[0]


def test_answers_are_shown_only_for_finished_areas_one_link_a_row(client, big, lead):
    client.force_login(lead)
    html = client.get(url("check", big, {})).content.decode()
    rows = _rows(html)
    assert len(rows) == 6  # area 1's
    for row in rows:
        assert len(re.findall(r"<a ", row)) == 1
        assert ">Change<span" in row
    assert ">History<" not in html
    # 3 unfinished areas, 6 Change links: nothing else to tab through in the page's main.
    assert len(_links(html)) == 3 + 6


def test_a_finished_assessment_has_one_change_per_row_and_the_submit_button(client, lead):
    journey = make_journey(lead, areas=4, questions_per_area=6)
    answer_all(journey, lead)
    client.force_login(lead)
    html = client.get(url("check", journey, {})).content.decode()
    assert 'id="unfinished"' not in html
    rows = _rows(html)
    assert len(rows) == 24
    assert all(len(re.findall(r"<a ", row)) == 1 for row in rows)
    assert len(_links(html)) == 24 + 1  # Change each, then Continue to submit
    assert "Continue to submit" in html


def test_an_unanswered_optional_question_has_an_answer_link_instead(client, lead):
    journey = make_journey(lead)
    journey.questionnaire.questions.filter(code="a1-q2").update(required=False)
    answer_all(journey, lead)
    journey.assessment.answers.filter(question__code="a1-q2").delete()
    client.force_login(lead)
    html = client.get(url("check-area", journey, {"area_code": "area-1"})).content.decode()
    rows = _rows(html)
    assert len(rows) == 2
    assert (
        '>Answer<span class="govuk-visually-hidden"> the question: Question 2 of area 1' in rows[1]
    )
    assert len(re.findall(r"<a ", rows[1])) == 1


def test_the_area_page_lists_its_missing_questions_after_the_heading(client, big, lead):
    client.force_login(lead)
    html = client.get(url("check-area", big, {"area_code": "area-2"})).content.decode()
    main = _main(html)
    assert "govuk-notification-banner" not in main
    assert main.index("<h1") < main.index("6 required questions not answered yet")
    rows = _rows(html)
    assert len(rows) == 6 and all(len(re.findall(r"<a ", row)) == 1 for row in rows)


def test_readers_see_every_area_with_one_history_link_per_answer(client, big, cdo):
    client.force_login(cdo)
    html = client.get(url("check", big, {})).content.decode()
    rows = _rows(html)
    assert len(rows) == 24  # everything, finished or not: nothing to do but read
    answered = [row for row in rows if ">History<span" in row]
    assert len(answered) == 6
    assert all(len(re.findall(r"<a ", row)) <= 1 for row in rows)
    assert ">Change<" not in html and ">Answer<" not in html

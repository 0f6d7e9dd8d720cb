"""The area deep dive: yes/no questions counted as Yes and No, visible keys, its intro."""

import pandas as pd
import pytest
from django.urls import reverse

from reports.charts import area as charts_area
from surveys.answers.kinds import kind_named
from surveys.models import Answer, Area, Assessment
from surveys.results import scoring
from surveys.results.snapshots import result_snapshot_create
from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db

AREA_DESCRIPTION = "How your authority protects its systems."


@pytest.fixture
def yes_no_round(db):
    """Eight authorities; area 1 asks a maturity question (a1-q1) and a yes/no one (a1-q2),
    answered yes by five, no by two, N/A by one."""
    questionnaire = factories.make_questionnaire(areas=1, kinds=("maturity", "yes_no"))
    Area.objects.filter(questionnaire=questionnaire).update(description=AREA_DESCRIPTION)
    round_ = make_results_round(questionnaire=questionnaire)
    answers = Answer.objects.filter(assessment__round=round_, question__code="a1-q2")
    for index, answer in enumerate(answers.order_by("assessment__authority__name")):
        answer.level = None
        answer.yes_no = True if index < 5 else False if index < 7 else None
        answer.not_applicable = index == 7
        answer.save()
    for assessment in Assessment.objects.filter(round=round_):
        result_snapshot_create(assessment=assessment)
    return round_


def test_yes_no_questions_are_counted_as_yes_and_no_not_levels(client, cdo, yes_no_round):
    client.force_login(cdo)
    response = client.get(reverse("reports:area", args=["area-1"]))
    charts = response.context["charts"]
    levels, answers = charts["levels"], charts["answers"]
    assert [row[2] for row in levels.rows] == ["a1-q1"]  # maturity questions only
    assert answers.columns[3:] == ["Yes", "No", "Not applicable / don't know", "Not answered"]
    assert answers.rows == [
        ["Question 2 of area 1", "Question 2 of area 1", "a1-q2", "5", "2", "1", "0"]
    ]
    assert {trace["name"]: trace["x"] for trace in answers.figure["data"]}["Yes"] == [5]
    assert "Yes or no answers in Area 1" in answers.title
    # Who to learn from: "Yes (5)" and "No (2)", never "5 Mastering" or "1 Beginning".
    entries = next(q for q in response.context["questions"] if q["question_code"] == "a1-q2")
    assert [(e["label"], e["count"]) for e in entries["levels"]] == [("Yes", 5), ("No", 2)]
    html = response.content.decode()
    assert "Yes (5)" in html and "No (2)" in html


def test_the_yes_no_scores_are_the_scoring_rules():
    yes_no = kind_named("yes_no")
    scale = scoring.Scale(((1, "Low", 0.0), (2, "High", 50.0)))
    for score, word in yes_no.scored_answers:
        value = {"yes_no": word == "Yes"}
        assert yes_no.score(value, scale=scale) == score


def test_not_answered_has_a_key_that_shows_on_white():
    counts = pd.DataFrame(
        {
            "label": ["q"],
            "question_text": ["Q?"],
            "question_code": ["q"],
            "answer_0": [1],
            "answer_1": [0],
            "not_applicable": [0],
            "not_answered": [2],
        }
    )
    chart = charts_area.answer_distribution_chart(
        counts, ((100.0, "Yes"), (0.0, "No")), "N/A", "Data", 3
    )
    marker = next(t for t in chart.figure["data"] if t["name"] == "Not answered")["marker"]
    assert marker["line"]["color"] not in ("#ffffff", "white") and marker["line"]["width"] >= 1
    assert marker["pattern"]["shape"]


def test_the_intro_speaks_to_the_cdo_office_not_to_an_authority(client, cdo, lead, yes_no_round):
    url = reverse("reports:area", args=["area-1"])
    client.force_login(cdo)
    html = client.get(url).content.decode()
    assert AREA_DESCRIPTION not in html and "your authority" not in html.lower()
    assert "How the authorities with approved results answered each question in Area 1" in html
    client.force_login(lead)
    assert AREA_DESCRIPTION in client.get(url).content.decode()

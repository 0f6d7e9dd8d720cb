"""Charts and tables name questions by their short label, never by their internal code."""

import pytest
from django.urls import reverse

from surveys.models import Question
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db

LONG_TEXT = "How well does your authority share data with other London boroughs and partners?"


@pytest.fixture
def labelled_round(db):
    round_ = make_results_round()
    questions = Question.objects.filter(questionnaire=round_.questionnaire)
    questions.filter(code="a1-q1").update(short_label="Data sharing")
    questions.filter(code="a1-q2").update(text=LONG_TEXT)  # no short label: the text, cut
    return round_


def axis_labels(chart) -> set[str]:
    return {label for trace in chart.figure["data"] for label in trace.get("y") or []}


def test_profile_and_deep_dive_axes_show_short_labels(client, cdo, labelled_round):
    client.force_login(cdo)
    expected = {"Data sharing", "How well does your authority share data…"}
    profile = client.get(reverse("reports:authority", args=["camden"]))
    questions = profile.context["charts"]["questions"]
    assert expected <= axis_labels(questions)
    assert not any(label.startswith(("a1-", "a2-")) for label in axis_labels(questions))
    # The full text and the code are in the table beside the chart.
    row = next(row for row in questions.rows if row[0] == "Data sharing")
    assert row[1:3] == ["Question 1 of area 1", "a1-q1"]
    deep_dive = client.get(reverse("reports:area", args=["area-1"]))
    assert axis_labels(deep_dive.context["charts"]["levels"]) == expected
    html = deep_dive.content.decode()
    assert "a1-q1: " not in html  # "who to learn from" names the question by its text
    assert f'<span class="govuk-details__summary-text">{LONG_TEXT}</span>' in html


def test_strengths_and_gaps_name_questions_by_short_label(client, lead, labelled_round):
    client.force_login(lead)
    response = client.get(reverse("reports:authority", args=["camden"]))
    rows = response.context["strengths"] + response.context["gaps"]
    assert rows
    assert all(not row["label"].startswith(("a1-", "a2-")) for row in rows)
    assert {row["label"] for row in rows} <= {
        "Data sharing",
        "How well does your authority share data…",
        "Question 1 of area 2",
        "Question 2 of area 2",
    }

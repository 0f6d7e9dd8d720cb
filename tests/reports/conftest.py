"""Fixtures for the dashboards: rounds full of approved results with known levels."""

import datetime

import pytest
from django.utils import timezone

from boroughs.models import Authority
from reports.charts import base as charts
from surveys.models import Answer, Assessment, Round
from surveys.results.answer_scores import rescore_answers
from surveys.results.snapshots import result_snapshot_create
from tests import factories

# Camden (the fixtures' lead), Hackney (other_lead), then others, inner and outer.
GSS = [f"E09{n:06d}" for n in (7, 12, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16)]


@pytest.fixture(autouse=True)
def validate_figures(monkeypatch):
    """Check every figure the tests build against plotly's schema."""
    monkeypatch.setattr(charts, "VALIDATE", True)


def level_for(authority_index: int, question_index: int, round_index: int = 0) -> int:
    """A known, varied level: 1..5."""
    return 1 + (authority_index + question_index + round_index) % 5


def make_results_round(
    *,
    authorities: int = 8,
    questionnaire=None,
    share: bool = False,
    round_index: int = 0,
    status: str = Assessment.Status.APPROVED,
    areas: int = 2,
    questions_per_area: int = 2,
    name: str | None = None,
) -> Round:
    """A published round where the first ``authorities`` of ``GSS`` answered every question."""
    questionnaire = questionnaire or factories.make_questionnaire(
        areas=areas, questions_per_area=questions_per_area
    )
    start = datetime.date(2020 + round_index, 9, 1)
    round_ = factories.RoundFactory(
        questionnaire=questionnaire,
        status=Round.Status.PUBLISHED,
        share_named_results=share,
        opens_on=start,
        closes_on=start + datetime.timedelta(days=60),
        **({"name": name, "slug": name.lower().replace(" ", "-")} if name else {}),
    )
    questions = list(questionnaire.questions.order_by("area__order", "order"))
    for a_index, gss in enumerate(GSS[:authorities]):
        assessment = factories.AssessmentFactory(
            authority=Authority.objects.get(gss_code=gss), round=round_, status=status
        )
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                question=question,
                level=level_for(a_index, q_index, round_index),
                evidence=f"Evidence of {gss} for {question.code}",
                changed_at=timezone.now(),
            )
            for q_index, question in enumerate(questions)
        )
        # Stored scores, as every service that writes an answer keeps them.
        rescore_answers(Answer.objects.filter(assessment=assessment))
        if status == Assessment.Status.APPROVED:
            result_snapshot_create(assessment=assessment)
    return round_


@pytest.fixture
def results_round(db):
    """Eight authorities (Camden, Hackney and six others) approved; names not shared."""
    return make_results_round()


@pytest.fixture
def shared_round(db):
    return make_results_round(share=True)

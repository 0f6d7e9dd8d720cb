"""answer_save: the scale it checks levels against, and what a save costs in queries.

Every answer save runs under load (docs/performance.md, the load test), so its
queries are counted here: a new query in the save should be a deliberate choice.
"""

import pytest
from django.core.exceptions import ValidationError

from surveys.journey.services.answers import answer_save
from surveys.models import ScaleLevel
from tests.surveys.journey.support import make_journey

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey(lead):
    return make_journey(lead)


def save(journey, user, version=0, question=None, **values):
    return answer_save(
        assessment=journey.assessment,
        question=question or journey.question("a1-q1"),
        actor=user,
        expected_version=version,
        **values,
    )


def test_levels_are_checked_against_the_questionnaires_scale(journey, lead):
    top = ScaleLevel.objects.filter(questionnaire=journey.questionnaire).count()
    assert top > 1
    with pytest.raises(ValidationError):
        save(journey, lead, level=top + 1)
    assert save(journey, lead, level=top).level == top


def test_a_scale_with_no_levels_refuses_every_level(journey, lead):
    ScaleLevel.objects.filter(questionnaire=journey.questionnaire).delete()
    with pytest.raises(ValidationError):
        save(journey, lead, level=1)


def test_saving_over_an_answer_costs_a_known_number_of_queries(
    journey, lead, django_assert_num_queries
):
    question = journey.question("a1-q1")
    save(journey, lead, question=question, level=1)
    # The savepoint and its release (the test's own transaction), the assessment locked
    # with its scale size, the answer locked, the answer written, its history, the
    # assessment's last activity and the audit event.
    with django_assert_num_queries(8):
        save(journey, lead, question=question, version=1, level=2)

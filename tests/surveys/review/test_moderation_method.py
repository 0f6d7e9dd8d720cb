"""The public page on moderation states the rules' own thresholds and the published
questionnaire's consistency checks."""

import pytest
from django.urls import reverse

from surveys.models import CheckOperator, ConsistencyCheck
from surveys.review.flags import rules
from surveys.review.flags.described import moderation_method
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_page_states_the_thresholds_and_the_checks(client):
    questionnaire = factories.make_questionnaire(kinds=("yes_no", "maturity"))
    yes_no, maturity = questionnaire.questions.order_by("area__order", "order")[:2]
    ConsistencyCheck.objects.create(
        questionnaire=questionnaire,
        order=1,
        if_question=yes_no,
        if_operator=CheckOperator.IS,
        if_value=0,
        then_question=maturity,
        then_operator=CheckOperator.AT_MOST,
        then_value=3,
        message="Without it, a tested approach is unlikely.",
    )
    type(maturity).objects.filter(pk=maturity.pk).update(short_label="Approach to security")
    html = client.get(reverse("moderation-method")).content.decode()
    assert f"{rules.MOVED_LEVELS} or more levels away" in html
    assert f"at least {rules.MIN_PEER_ANSWERS} such answers" in html
    assert (
        f"If {yes_no.label} is No, Approach to security is expected to be at most level 3 "
        "Learning. Without it, a tested approach is unlikely." in html
    )
    assert moderation_method(questionnaire=None)["checks"] == []


def test_without_a_published_questionnaire_the_page_lists_no_checks(client):
    response = client.get(reverse("moderation-method"))
    assert response.status_code == 200
    assert "Consistency checks in" not in response.content.decode()

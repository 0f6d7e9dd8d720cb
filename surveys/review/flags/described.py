"""The moderation rules as the public method page states them, read from the rules'
own constants and the published questionnaire's checks (never restated)."""

from __future__ import annotations

from surveys.models import Question, Questionnaire, Round
from surveys.review.flags.inputs import questionnaire_checks, questionnaire_scale
from surveys.review.flags.rules import (
    MIN_PEER_ANSWERS,
    MOVED_LEVELS,
    PEER_LEVELS,
    check_in_words,
)


def moderation_method(*, questionnaire: Questionnaire | None) -> dict:
    """The thresholds of the flag rules, the default area threshold of a round, and the
    questionnaire's consistency checks in words (none without a questionnaire). Three
    queries."""
    checks: list[str] = []
    if questionnaire is not None:
        scale = questionnaire_scale(questionnaire.pk)
        specs = questionnaire_checks(questionnaire.pk)
        codes = {code for spec in specs for code in (spec.if_question, spec.then_question)}
        labels = {
            question.code: question.label
            for question in Question.objects.filter(questionnaire=questionnaire, code__in=codes)
        }
        checks = [check_in_words(spec, scale, labels) for spec in specs]
    return {
        "moved_levels": MOVED_LEVELS,
        "peer_levels": PEER_LEVELS,
        "min_peer_answers": MIN_PEER_ANSWERS,
        "area_move_points": Round._meta.get_field("area_move_points").get_default(),
        "checks": checks,
    }

"""The moderation rules as the public method page states them, read from the rules'
own constants and the published questionnaire's checks (never restated)."""

from __future__ import annotations

from surveys.models import ConsistencyCheck, Questionnaire, Round, ScaleLevel
from surveys.review.flags.rules import (
    MIN_PEER_ANSWERS,
    MOVED_LEVELS,
    PEER_LEVELS,
    CheckInput,
    Scale,
    check_in_words,
)


def moderation_method(*, questionnaire: Questionnaire | None) -> dict:
    """The thresholds of the flag rules, the default area threshold of a round, and the
    questionnaire's consistency checks in words (none without a questionnaire). Two
    queries."""
    checks: list[str] = []
    if questionnaire is not None:
        scale = Scale(
            tuple(
                ScaleLevel.objects.filter(questionnaire=questionnaire)
                .order_by("number")
                .values_list("name", flat=True)
            )
        )
        for check in ConsistencyCheck.objects.filter(questionnaire=questionnaire).select_related(
            "if_question", "then_question"
        ):
            labels = {q.code: q.label for q in (check.if_question, check.then_question)}
            spec = CheckInput(
                check.order,
                check.if_question.code,
                check.if_operator,
                check.if_value,
                check.then_question.code,
                check.then_operator,
                check.then_value,
                check.message,
            )
            checks.append(check_in_words(spec, scale, labels))
    return {
        "moved_levels": MOVED_LEVELS,
        "peer_levels": PEER_LEVELS,
        "min_peer_answers": MIN_PEER_ANSWERS,
        "area_move_points": Round._meta.get_field("area_move_points").get_default(),
        "checks": checks,
    }

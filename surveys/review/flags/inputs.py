"""Reading what the flag rules need about one assessment, in a constant number of queries.

``flag_inputs(assessment=...)`` gathers the assessment's answers and live area scores,
its authority's last approved round (answers and frozen area scores), the answers of
its peer groups' members in the same round and the questionnaire's consistency checks,
as the plain dataclasses of ``surveys.review.flags.rules``. At most 20 queries however
many questions, authorities or groups there are.
"""

from __future__ import annotations

from collections import defaultdict

from boroughs.models import PeerGroup
from surveys.answers.kinds import LEVELLED_KINDS
from surveys.models import (
    Answer,
    AreaResult,
    Assessment,
    ConsistencyCheck,
    ScaleLevel,
)
from surveys.models.questionnaires import shortened
from surveys.results.selectors import results_for
from surveys.review.flags.rules import (
    AnswerInput,
    CheckInput,
    FlagInputs,
    PeerAnswer,
    PeerGroupInput,
    PreviousRound,
    Scale,
)

ANSWER_FIELDS = (
    "question__code",
    "question__kind",
    "question__short_label",
    "question__text",
    "question__area__code",
    "level",
    "yes_no",
    "not_applicable",
    "evidence",
)


def questionnaire_scale(questionnaire_id: int) -> Scale:
    """The questionnaire's level names, level 1 first, as the rules read them. One query."""
    names = ScaleLevel.objects.filter(questionnaire_id=questionnaire_id).order_by("number")
    return Scale(tuple(names.values_list("name", flat=True)))


def _answers(assessment_id: int) -> dict[str, AnswerInput]:
    """The assessment's answers by question code, in questionnaire order. One query."""
    rows = (
        Answer.objects.filter(assessment_id=assessment_id)
        .order_by("question__area__order", "question__order")
        .values(*ANSWER_FIELDS)
    )
    return {
        row["question__code"]: AnswerInput(
            question_code=row["question__code"],
            area_code=row["question__area__code"],
            levelled=row["question__kind"] in LEVELLED_KINDS,
            label=row["question__short_label"] or shortened(row["question__text"]),
            level=row["level"],
            yes_no=row["yes_no"],
            not_applicable=row["not_applicable"],
            evidence=row["evidence"],
        )
        for row in rows
    }


def last_approved_assessment(assessment: Assessment) -> Assessment | None:
    """The authority's assessment in the most recent earlier round (by opening date) in
    which it is approved, with its round. One query."""
    return (
        Assessment.objects.filter(
            authority_id=assessment.authority_id,
            status=Assessment.Status.APPROVED,
            round__opens_on__lt=assessment.round.opens_on,
        )
        .select_related("round")
        .order_by("-round__opens_on", "-round_id")
        .first()
    )


def _previous(assessment: Assessment) -> PreviousRound | None:
    """The last approved round's answers and frozen area scores. Four queries."""
    earlier = last_approved_assessment(assessment)
    if earlier is None:
        return None
    scores = AreaResult.objects.filter(snapshot__assessment=earlier).values_list(
        "area__code", "score"
    )
    return PreviousRound(
        round_name=earlier.round.name,
        scale=questionnaire_scale(earlier.round.questionnaire_id),
        answers=_answers(earlier.pk),
        area_scores={code: None if score is None else float(score) for code, score in scores},
    )


def _peer_groups(assessment: Assessment) -> tuple[PeerGroupInput, ...]:
    """Each peer group of the authority, with its members' maturity answers in the same
    round (every status: the rule says which count). Three queries."""
    groups = list(
        PeerGroup.objects.filter(authorities=assessment.authority_id)
        .order_by("name")
        .values("id", "slug", "name")
    )
    if not groups:
        return ()
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, authority_id in PeerGroup.authorities.through.objects.filter(
        peergroup_id__in=[g["id"] for g in groups]
    ).values_list("peergroup_id", "authority_id"):
        members[group_id].add(authority_id)
    everyone = set().union(*members.values())
    by_authority: dict[int, dict[str, PeerAnswer]] = defaultdict(dict)
    for row in Answer.objects.filter(
        assessment__round_id=assessment.round_id,
        assessment__authority_id__in=everyone,
        question__kind__in=LEVELLED_KINDS,
    ).values(
        "assessment__authority_id",
        "assessment__status",
        "question__code",
        "level",
        "not_applicable",
    ):
        authority_id = row["assessment__authority_id"]
        by_authority[authority_id][row["question__code"]] = PeerAnswer(
            authority_id, row["assessment__status"], row["level"], row["not_applicable"]
        )
    result = []
    for group in groups:
        answers: dict[str, list[PeerAnswer]] = defaultdict(list)
        for authority_id in sorted(members[group["id"]]):
            for code, answer in by_authority[authority_id].items():
                answers[code].append(answer)
        result.append(
            PeerGroupInput(
                group["slug"], group["name"], {code: tuple(a) for code, a in answers.items()}
            )
        )
    return tuple(result)


def questionnaire_checks(questionnaire_id: int) -> tuple[CheckInput, ...]:
    """The questionnaire's consistency checks, in order, as the rules read them. One query."""
    rows = (
        ConsistencyCheck.objects.filter(questionnaire_id=questionnaire_id)
        .order_by("order")
        .values_list(
            "order",
            "if_question__code",
            "if_operator",
            "if_value",
            "then_question__code",
            "then_operator",
            "then_value",
            "message",
        )
    )
    return tuple(CheckInput(*row) for row in rows)


def flag_inputs(*, assessment: Assessment) -> FlagInputs:
    """What the rules need about ``assessment``: at most 20 queries, whatever its size."""
    current = Assessment.objects.select_related("round").get(pk=assessment.pk)
    questionnaire_id = current.round.questionnaire_id
    results = results_for(assessments=Assessment.objects.filter(pk=current.pk), questions=False)
    areas = results.areas_of(current.pk)
    return FlagInputs(
        authority_id=current.authority_id,
        scale=questionnaire_scale(questionnaire_id),
        answers=_answers(current.pk),
        area_names={row.area_code: row.area_name for row in areas},
        area_scores={row.area_code: row.score for row in areas},
        area_move_points=current.round.area_move_points,
        previous=_previous(current),
        peer_groups=_peer_groups(current),
        checks=questionnaire_checks(questionnaire_id),
    )

"""Stored answer scores (``Answer.score``): computed in one place, written with every
answer, checked against the rule.

The rule is ``scoring.stored_answer_score`` (pure): the answer's question score rounded
half-up to 2 dp. It depends only on the question's kind and ``scored`` flag, the size
of its questionnaire's scale and the answer's level, yes/no and N/A, so a score never
goes stale while the answer is unchanged (published questions and scales are locked).

- :func:`answer_score` gives the score of one value, for the services that write an
  answer (``answer_save``, prefill, the demo and bench data, the test factories);
- :func:`rescore_answers` writes the scores of many answers with one UPDATE per
  questionnaire version (one CASE branch per combination of kind, level, yes/no and N/A);
- :func:`score_mismatches` reads every answer and yields those whose stored score is
  not what the rule gives (``manage.py check_scores``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Value, When

from surveys.models import Answer, Assessment, Question, QuestionResult, ScaleLevel
from surveys.results import scoring


def answer_score(
    *,
    kind: str,
    scored: bool,
    scale_size: int,
    level: int | None = None,
    yes_no: bool | None = None,
    not_applicable: bool = False,
) -> Decimal | None:
    """The score to store with an answer of this value to a question of this kind.

    ``scale_size`` is the number of levels of the question's questionnaire version.
    Raises ValueError for a level outside the scale, as scoring does (the services
    validate a level before they store it).
    """
    question = scoring.QuestionSpec(code="", area_code="", kind=kind, scored=scored)
    answer = scoring.AnswerValue(
        question_code="", level=level, yes_no=yes_no, not_applicable=bool(not_applicable)
    )
    # A version without a scale cannot be scored at all (results_for refuses it), and
    # the services store no level on it; its yes/no answers still score.
    return scoring.stored_answer_score(question, answer, scoring.scale_of_size(max(scale_size, 1)))


def _rule_score(**value) -> Decimal | None:
    """:func:`answer_score`, with None for a level off the scale (which the services
    never store, and which has no score to store) instead of an error."""
    try:
        return answer_score(**value)
    except ValueError:
        return None


def score_of(answer: Answer, *, question: Question, scale_size: int) -> Decimal | None:
    """:func:`answer_score` of a model instance's value (saved or not)."""
    return answer_score(
        kind=question.kind,
        scored=question.scored,
        scale_size=scale_size,
        level=answer.level,
        yes_no=answer.yes_no,
        not_applicable=answer.not_applicable,
    )


def with_score(question: Question, fields: Mapping, *, scale_size: int) -> dict:
    """Model field values (``stored_fields`` of a value) with the score to store too."""
    score = answer_score(
        kind=question.kind,
        scored=question.scored,
        scale_size=scale_size,
        level=fields.get("level"),
        yes_no=fields.get("yes_no"),
        not_applicable=bool(fields.get("not_applicable")),
    )
    return {**fields, "score": score}


def scale_sizes(questionnaire_ids) -> dict[int, int]:
    """``{questionnaire_id: number of scale levels}`` (one query; 0 for none)."""
    sizes = dict.fromkeys(questionnaire_ids, 0)
    for row in (
        ScaleLevel.objects.filter(questionnaire_id__in=list(sizes))
        .values("questionnaire_id")
        .annotate(size=Count("id"))
    ):
        sizes[row["questionnaire_id"]] = row["size"]
    return sizes


SCORE_FIELD = DecimalField(max_digits=5, decimal_places=2)


def rescore_answers(answers: QuerySet[Answer] | None = None) -> int:
    """Write the score of every answer in ``answers`` (default: all) from the rule.

    For each questionnaire version, one query for the distinct combinations of (kind,
    scored, level, yes/no, N/A) and one UPDATE setting each combination's score with a
    CASE: a few statements however many answers there are. Returns the rows updated.
    """
    answers = Answer.objects.all() if answers is None else answers
    questionnaire_ids = set(
        answers.order_by().values_list("question__questionnaire_id", flat=True).distinct()
    )
    sizes = scale_sizes(questionnaire_ids)
    updated = 0
    for questionnaire_id in sorted(questionnaire_ids):
        groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
        for pk, kind, scored in Question.objects.filter(
            questionnaire_id=questionnaire_id
        ).values_list("id", "kind", "scored"):
            groups[(kind, scored)].append(pk)
        version_answers = answers.filter(question__questionnaire_id=questionnaire_id)
        whens = []
        for kind, scored, level, yes_no, not_applicable in (
            version_answers.order_by()
            .values_list("question__kind", "question__scored", "level", "yes_no", "not_applicable")
            .distinct()
        ):
            score = _rule_score(
                kind=kind,
                scored=scored,
                scale_size=sizes[questionnaire_id],
                level=level,
                yes_no=yes_no,
                not_applicable=not_applicable,
            )
            if score is not None:
                condition = Q(question_id__in=groups[(kind, scored)]) & Q(
                    level=level, yes_no=yes_no, not_applicable=not_applicable
                )
                whens.append(When(condition, then=Value(score, output_field=SCORE_FIELD)))
        # UPDATE cannot join: the rows are chosen by question id, not by questionnaire.
        ids = [pk for pks in groups.values() for pk in pks]
        rows = Answer.objects.filter(pk__in=version_answers.values("pk"), question_id__in=ids)
        updated += rows.update(
            score=Case(*whens, default=None, output_field=SCORE_FIELD) if whens else None
        )
    return updated


@dataclass(frozen=True)
class Mismatch:
    answer_id: int
    stored: Decimal | None
    expected: Decimal | None


def score_mismatches(answers: QuerySet[Answer] | None = None) -> Iterator[Mismatch]:
    """Every answer (of ``answers``, default all) whose stored score is not the rule's.

    Reads the answers in chunks (memory stays flat); two queries plus one a chunk.
    """
    answers = Answer.objects.all() if answers is None else answers
    sizes = scale_sizes(
        set(answers.order_by().values_list("question__questionnaire_id", flat=True).distinct())
    )
    for row in (
        answers.order_by("pk")
        .values_list(
            "pk",
            "question__kind",
            "question__scored",
            "question__questionnaire_id",
            "level",
            "yes_no",
            "not_applicable",
            "score",
        )
        .iterator(chunk_size=2000)
    ):
        pk, kind, scored, questionnaire_id, level, yes_no, not_applicable, stored = row
        expected = _rule_score(
            kind=kind,
            scored=scored,
            scale_size=sizes[questionnaire_id],
            level=level,
            yes_no=yes_no,
            not_applicable=not_applicable,
        )
        if stored != expected:
            yield Mismatch(pk, stored, expected)


def frozen_differences(answers: QuerySet[Answer] | None = None) -> Iterator[Mismatch]:
    """Answers of approved assessments whose stored score differs from the one frozen in
    the assessment's snapshot (``QuestionResult.score``; None where it has no row).

    Question scores depend on no weight or method, so a recomputation of snapshots
    cannot make them differ; this says whether any database holds one that does. The
    ``expected`` of each is the frozen score (what results and exports report).
    """
    answers = Answer.objects.all() if answers is None else answers
    frozen = QuestionResult.objects.filter(
        snapshot__assessment_id=OuterRef("assessment_id"), question_id=OuterRef("question_id")
    ).values("score")[:1]
    for pk, stored, expected in (
        answers.filter(
            assessment__status=Assessment.Status.APPROVED, assessment__snapshot__isnull=False
        )
        .annotate(frozen=Subquery(frozen))
        .order_by("pk")
        .values_list("pk", "score", "frozen")
        .iterator(chunk_size=2000)
    ):
        if stored != expected:
            yield Mismatch(pk, stored, expected)

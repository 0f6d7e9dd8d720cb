"""Results for the dashboards, read in a constant number of queries at any scale.

Approved assessments are compared across London, and their scores are frozen in
``ResultSnapshot`` rows. Reading those rows directly (scores only, no answers to
re-score) keeps a page fast with hundreds of authorities; anything without a
snapshot (an authority's own draft, an approved assessment never snapshotted)
goes through ``surveys.results.selectors.results_for``, which scores it live.
Both give the same frozen values for an approved assessment.
"""

from dataclasses import dataclass, field

from django.db.models import F, FloatField, Q, Sum
from django.db.models.functions import Cast

from accounts import access
from accounts.access import Viewer
from reports.frames.results import OVERALL_COLUMNS
from surveys.models import Answer, AreaResult, Assessment, QuestionResult, ResultSnapshot
from surveys.results.selectors import Results, results_for

APPROVED = Assessment.Status.APPROVED
# Where a frozen row names its assessment (every kind of row) and its authority (overall).
ASSESSMENT = 0
AUTHORITY = OVERALL_COLUMNS.index("authority_id")


@dataclass
class ResultRows:
    """Frozen rows plus live ``Results``.

    The frozen rows are tuples in the orders of ``reports.frames.results``'
    ``OVERALL_COLUMNS``, ``AREA_COLUMNS``, ``QUESTION_COLUMNS`` and ``SUM_COLUMNS``
    (the ``values_list`` calls below read them in those orders).

    ``questions`` is None when questions were not asked for; ``not_applicable``
    holds the (assessment id, question code) pairs answered N/A.
    """

    overall: list[tuple]
    areas: list[tuple]
    questions: list[tuple] | None
    not_applicable: set[tuple[int, str]] = field(default_factory=set)
    live: Results | None = None
    area_sums: list[tuple] | None = None


def _float(name: str):
    return Cast(name, FloatField())


def result_rows(
    rounds,
    *,
    questions: bool = False,
    area_code: str | None = None,
    live_authority_id: int | None = None,
    authority_id: int | None = None,
    comparable_questions=None,
    recompute_areas=None,
) -> ResultRows:
    """Approved results of ``rounds``; with ``live_authority_id``, that authority's too.

    ``questions`` adds per-question scores (of one area with ``area_code``);
    ``authority_id`` keeps one authority's results only; ``comparable_questions``
    (codes) adds, per assessment and area of ``recompute_areas``, the sums that
    recompute scores over those questions alone (``SUM_COLUMNS``), aggregated by
    the database. The
    live authority's assessments that are not approved (or lack a snapshot) are
    scored live. Queries: two, three more with questions, and ``results_for``'s.
    """
    assessments = Assessment.objects.filter(round__in=rounds)
    if authority_id is not None:
        assessments = assessments.filter(authority_id=authority_id)
    snapshots = ResultSnapshot.objects.filter(assessment__in=assessments.filter(status=APPROVED))
    overall = list(
        snapshots.annotate(s=_float("overall_score"), c=_float("completion")).values_list(
            "assessment_id",
            "assessment__authority_id",
            "assessment__round_id",
            "assessment__status",
            "s",
            "overall_level",
            "c",
        )
    )
    areas = list(
        AreaResult.objects.filter(snapshot__in=snapshots)
        .annotate(s=_float("score"))
        .values_list(
            "snapshot__assessment_id", "area__code", "area__name", "area__order", "s", "level"
        )
    )
    rows = ResultRows(overall=overall, areas=areas, questions=None)
    if questions:
        question_results = QuestionResult.objects.filter(snapshot__in=snapshots)
        answers = Answer.objects.filter(
            assessment__in=assessments.filter(status=APPROVED), not_applicable=True
        )
        if area_code is not None:
            question_results = question_results.filter(question__area__code=area_code)
            answers = answers.filter(question__area__code=area_code)
        rows.questions = list(
            question_results.annotate(s=_float("score")).values_list(
                "snapshot__assessment_id",
                "question__code",
                "question__area__code",
                "question__kind",
                "s",
            )
        )
        rows.not_applicable = set(answers.values_list("assessment_id", "question__code"))
    if comparable_questions is not None:
        rows.area_sums = list(
            QuestionResult.objects.filter(
                snapshot__in=snapshots,
                question__code__in=list(comparable_questions),
                question__area__code__in=list(recompute_areas or ()),
                score__isnull=False,
            )
            .values("snapshot__assessment_id", "question__area__code")
            .annotate(
                weighted=Cast(Sum(F("score") * F("question__weight")), FloatField()),
                weight=Cast(Sum("question__weight"), FloatField()),
            )
            .order_by()
            .values_list("snapshot__assessment_id", "question__area__code", "weighted", "weight")
        )
    live = Q(status=APPROVED, snapshot__isnull=True)
    if live_authority_id is not None:
        live |= Q(authority_id=live_authority_id) & ~Q(status=APPROVED)
    rows.live = results_for(assessments=assessments.filter(live))
    if comparable_questions is not None and rows.questions is None:
        # Live assessments' question rows feed the same recomputation.
        rows.questions = []
    return rows


def compared_results(rounds, **options) -> ResultRows:
    """Every authority's approved results of ``rounds``: what London is compared over.

    For aggregates only (medians, spreads, level counts over at least
    ``MIN_AUTHORITIES``), never to show by name as they are: ``named_results`` keeps
    the rows a viewer may see by name. ``options`` are ``result_rows``'.
    """
    return result_rows(rounds, **options)


def profile_results(viewer: Viewer, authority, round_) -> ResultRows:
    """The authority's approved results of the round with its questions, and its own
    results live (a draft, say) where the viewer may see its answers and evidence.

    The authority is the one whose profile the viewer may open
    (``selectors.authority_for_profile``). London's results are not read here: what the
    profile compares with is ``reports.dashboards.round_stats``' (group medians and
    question distribution), kept while the round's approved results stay as they are.
    """
    live = access.may_see_evidence(viewer, authority.pk)
    return result_rows(
        [round_],
        questions=True,
        authority_id=authority.pk,
        live_authority_id=authority.pk if live else None,
    )


def named_results(viewer: Viewer, round_, rows: ResultRows) -> ResultRows:
    """The rows of ``rows`` (read for ``round_``) that the viewer may see by name.

    Every authority's where the round's names are visible to the viewer
    (``accounts.access.names_visible``), else the viewer's own authority's only. No
    query: it filters rows already read (e.g. by ``compared_results``).
    """
    live = rows.live or Results(assessments=[], areas=[], questions=[])
    ids = {row[AUTHORITY] for row in rows.overall} | {r.authority_id for r in live.assessments}
    visible = access.visible_authority_ids(viewer, round_, ids)
    kept = {row[ASSESSMENT] for row in rows.overall if row[AUTHORITY] in visible}
    kept |= {row.assessment_id for row in live.assessments if row.authority_id in visible}

    def frozen(part):
        return None if part is None else [row for row in part if row[ASSESSMENT] in kept]

    def alive(part):
        return [row for row in part if row.assessment_id in kept]

    return ResultRows(
        overall=frozen(rows.overall),
        areas=frozen(rows.areas),
        questions=frozen(rows.questions),
        not_applicable={pair for pair in rows.not_applicable if pair[ASSESSMENT] in kept},
        live=Results(alive(live.assessments), alive(live.areas), alive(live.questions)),
        area_sums=frozen(rows.area_sums),
    )

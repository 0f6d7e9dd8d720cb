"""Frozen score snapshots: written when an assessment is approved, recomputed only on purpose."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import overload

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import audit_record
from surveys.models import AreaResult, Assessment, QuestionResult, ResultSnapshot
from surveys.results.selectors import assessment_scores, results_for

OVERALL = "Overall"
# Assessments scored and written per round of queries, and rows per INSERT statement:
# bounded so that memory and statement size stay flat at national scale.
ASSESSMENTS_PER_BATCH = 500
ROWS_PER_INSERT = 5000


@dataclass(frozen=True)
class SnapshotDifference:
    """One value a recomputation would change (``old`` is None when there was no snapshot)."""

    assessment_id: int
    authority: str
    round: str
    area: str  # an area name, or "Overall"
    field: str  # "score", "level" or "completion"
    old: float | int | None
    new: float | int | None

    def __str__(self) -> str:
        return (
            f"{self.authority} ({self.round}), {self.area}, {self.field}: "
            f"{_show(self.old)} → {_show(self.new)}"
        )


def _show(value) -> str:
    if value is None:
        return "none"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


@overload
def _decimal(value: float) -> Decimal: ...
@overload
def _decimal(value: float | None) -> Decimal | None: ...
def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.2f}")


def _write_batch(assessment_ids: list[int], now) -> list[ResultSnapshot]:
    versions, scores = assessment_scores(
        assessments=Assessment.objects.filter(pk__in=assessment_ids)
    )
    ResultSnapshot.objects.filter(assessment_id__in=assessment_ids).delete()
    snapshots = ResultSnapshot.objects.bulk_create(
        [
            ResultSnapshot(
                assessment_id=pk,
                scoring_method=score.method,
                overall_score=_decimal(score.overall_score),
                overall_level=score.overall_level,
                completion=_decimal(score.completion),
                computed_at=now,
            )
            for pk, score in scores.items()
        ],
        batch_size=ROWS_PER_INSERT,
    )
    areas, questions = [], []
    for snapshot in snapshots:
        version, score = versions[snapshot.assessment_id], scores[snapshot.assessment_id]
        areas += [
            AreaResult(
                snapshot=snapshot,
                area_id=area["id"],
                score=_decimal(area_score.score),
                level=area_score.level,
                completion=_decimal(area_score.completion),
            )
            for area, area_score in zip(version.areas, score.areas, strict=True)
        ]
        questions += [
            QuestionResult(
                snapshot=snapshot, question_id=question["id"], score=_decimal(q_score.score)
            )
            for question, q_score in zip(version.questions, score.questions, strict=True)
        ]
    AreaResult.objects.bulk_create(areas, batch_size=ROWS_PER_INSERT)
    QuestionResult.objects.bulk_create(questions, batch_size=ROWS_PER_INSERT)
    return snapshots


def _write_snapshots(assessment_ids: list[int]) -> dict[int, ResultSnapshot]:
    """Score the assessments and replace their snapshots, ``ASSESSMENTS_PER_BATCH`` at a
    time: per batch, the scoring reads, one delete and three bulk inserts (more only
    when a batch has over ``ROWS_PER_INSERT`` rows of a kind), never a query per
    assessment. Call it inside a transaction."""
    now = timezone.now()
    snapshots: dict[int, ResultSnapshot] = {}
    for start in range(0, len(assessment_ids), ASSESSMENTS_PER_BATCH):
        batch = assessment_ids[start : start + ASSESSMENTS_PER_BATCH]
        snapshots.update((s.assessment_id, s) for s in _write_batch(batch, now))
    return snapshots


@transaction.atomic
def result_snapshots_create(
    *, assessments: Iterable[Assessment], actor=None, request=None
) -> dict[int, ResultSnapshot]:
    """Freeze the current scores of many assessments, replacing any earlier snapshots.

    The approval of one assessment and the benchmark generator both write snapshots
    through here. Guarantees: all or nothing for the whole call; idempotent (calling
    it twice leaves one snapshot per assessment, with the same values); each snapshot
    records its questionnaire's scoring method at the time; a fixed number of
    queries per batch of assessments, whatever their number. Audited with **one
    event per call** (``result_snapshot.create``): for a single assessment its
    reference, id, overall score and level; for several, their number and ids.
    Returns ``{assessment id: snapshot}``; nothing is written or audited for none.
    """
    assessments = list({a.pk: a for a in assessments}.values())
    if not assessments:
        return {}
    snapshots = _write_snapshots([a.pk for a in assessments])
    if len(assessments) == 1:
        assessment = assessments[0]
        snapshot = snapshots[assessment.pk]
        target = assessment.reference
        detail = {
            "assessment_id": assessment.pk,
            "overall_score": _show(_float(snapshot.overall_score)),
            "overall_level": snapshot.overall_level,
        }
    else:
        target = f"{len(assessments)} assessment(s)"
        detail = {"count": len(assessments), "assessment_ids": sorted(snapshots)}
    audit_record(
        action="result_snapshot.create", actor=actor, target=target, request=request, detail=detail
    )
    return snapshots


def result_snapshot_create(*, assessment: Assessment, actor=None, request=None) -> ResultSnapshot:
    """Freeze one assessment's current scores (its approval): ``result_snapshots_create``
    for one, with its guarantees and its one audit event."""
    snapshots = result_snapshots_create(assessments=[assessment], actor=actor, request=request)
    return snapshots[assessment.pk]


def _float(value) -> float | None:
    return None if value is None else float(value)


def _differences(assessments: QuerySet[Assessment]) -> list[SnapshotDifference]:
    approved = assessments.filter(status=Assessment.Status.APPROVED)
    frozen = results_for(assessments=approved)
    _, live = assessment_scores(assessments=approved)
    names = {
        a["id"]: (a["authority__name"], a["round__slug"])
        for a in approved.values("id", "authority__name", "round__slug")
    }
    frozen_areas = {(r.assessment_id, r.area_code): r for r in frozen.areas}
    differences = []
    for row in frozen.assessments:
        authority, round_slug = names[row.assessment_id]
        score = live[row.assessment_id]

        def differ(area, field, old, new, row=row, authority=authority, round_slug=round_slug):
            if not row.frozen or old != new:
                differences.append(
                    SnapshotDifference(
                        row.assessment_id, authority, round_slug, area, field, old, new
                    )
                )

        # Without a snapshot every value is new: "none → value".
        was = row if row.frozen else None
        differ(OVERALL, "score", was and was.overall_score, score.overall_score)
        differ(OVERALL, "level", was and was.overall_level, score.overall_level)
        differ(OVERALL, "completion", was and was.completion, score.completion)
        for area in score.areas:
            old = frozen_areas[(row.assessment_id, area.code)] if row.frozen else None
            name = frozen_areas[(row.assessment_id, area.code)].area_name
            differ(name, "score", old and old.score, area.score)
            differ(name, "level", old and old.level, area.level)
            differ(name, "completion", old and old.completion, area.completion)
    return differences


def result_snapshots_recompute(
    *, assessments: QuerySet[Assessment], dry_run: bool = True, actor=None
) -> list[SnapshotDifference]:
    """What recomputing the approved assessments' snapshots would change, area by area.

    Only approved assessments are considered; one without a snapshot shows every
    value as new. With ``dry_run`` (the default) nothing is written. Otherwise the
    snapshots of assessments with a difference are replaced, atomically, and one
    audit event records every difference.
    """
    with transaction.atomic():
        differences = _differences(assessments)
        if dry_run or not differences:
            return differences
        changed = sorted({d.assessment_id for d in differences})
        _write_snapshots(changed)
        audit_record(
            action="result_snapshot.recompute",
            actor=actor,
            target=f"{len(changed)} assessment(s)",
            detail={"assessment_ids": changed, "differences": [str(d) for d in differences]},
        )
    return differences

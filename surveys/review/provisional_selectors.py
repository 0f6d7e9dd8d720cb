"""Reads for the provisional release: who responded how, what waits for a lead, and one
authority's frozen results set against London's and its groups' medians.

Every function runs a fixed number of queries, however many authorities there are. The
medians are worked out here from the approved results' snapshots rather than with
``reports.dashboards.round_stats.london_group_medians``: ``surveys`` may not import
``reports`` (tests/test_import_graph.py). They are the same medians (linear
interpolation, over approved results only, none over fewer than
``accounts.access.MIN_AUTHORITIES``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from accounts import access
from boroughs.models import Authority, PeerGroup
from surveys.models import (
    Area,
    AreaResult,
    Assessment,
    ProvisionalResponse,
    ResultSnapshot,
    Round,
    ScaleLevel,
)

LONDON = "London"
SUB_REGION: dict[str, str] = {
    Authority.SubRegion.INNER.value: "Inner London",
    Authority.SubRegion.OUTER.value: "Outer London",
}


def _responses(round_: Round) -> QuerySet[ProvisionalResponse]:
    return ProvisionalResponse.objects.filter(round=round_).select_related(
        "authority", "responded_by", "resolved_by"
    )


def provisional_responses(round_: Round) -> dict[int, ProvisionalResponse]:
    """Every authority's response to ``round_``'s provisional release, by authority id:
    one query (the round view's "Confirmed" column)."""
    return {response.authority_id: response for response in _responses(round_)}


def open_corrections(round_: Round) -> list[ProvisionalResponse]:
    """The corrections to ``round_``'s provisional release still open, by authority name:
    one query."""
    return list(
        _responses(round_)
        .filter(kind=ProvisionalResponse.Kind.CORRECTION, resolved_at__isnull=True)
        .order_by("authority__name")
    )


def releases_open(*, today=None) -> QuerySet[Round]:
    """Rounds whose provisional release may still be answered (sent, not published, its
    date not passed)."""
    today = today or timezone.localdate()
    return Round.objects.filter(
        provisional_sent_at__isnull=False, provisional_respond_by__gte=today
    ).exclude(status=Round.Status.PUBLISHED)


def provisional_waiting_for(user, *, today=None) -> list[Round]:
    """The rounds whose provisional release waits for the user's authority to respond (it
    has an approved assessment there and no response yet), soonest date first: one query
    (the membership is cached on the user). Empty for anyone without an authority."""
    membership = access.membership_of(user)
    if membership is None:
        return []
    authority_id = membership.authority_id
    return list(
        releases_open(today=today)
        .filter(
            assessments__authority_id=authority_id,
            assessments__status=Assessment.Status.APPROVED,
        )
        .exclude(provisional_responses__authority_id=authority_id)
        .order_by("provisional_respond_by", "name")
    )


# --- The CDO office's release page -------------------------------------------------------


@dataclass(frozen=True)
class ReleaseRow:
    authority: Authority
    reference: str  # its approved assessment's
    response: ProvisionalResponse | None


@dataclass(frozen=True)
class ReleaseTable:
    rows: list[ReleaseRow]
    confirmed: int
    corrections_open: int
    corrections_resolved: int
    no_response: int

    @property
    def open_corrections(self) -> list[ProvisionalResponse]:
        return [r.response for r in self.rows if r.response and r.response.is_open_correction]


def release_table(round_: Round) -> ReleaseTable:
    """Every authority with an approved assessment in ``round_``, by name, with its
    response (or None): two queries."""
    responses = provisional_responses(round_)
    approved = (
        Assessment.objects.filter(round=round_, status=Assessment.Status.APPROVED)
        .select_related("authority")
        .order_by("authority__name")
    )
    rows = [ReleaseRow(a.authority, a.reference, responses.get(a.authority_id)) for a in approved]
    given = [row.response for row in rows if row.response is not None]
    corrections = [r for r in given if r.kind == ProvisionalResponse.Kind.CORRECTION]
    return ReleaseTable(
        rows=rows,
        confirmed=len(given) - len(corrections),
        corrections_open=sum(1 for r in corrections if r.resolved_at is None),
        corrections_resolved=sum(1 for r in corrections if r.resolved_at is not None),
        no_response=len(rows) - len(given),
    )


# --- One authority's standing ------------------------------------------------------------


def group_median(scores: dict[int, float], members: set[int], minimum: int) -> float | None:
    """The median of the members' scores (a pure rule), or None when fewer than
    ``minimum`` members have one: no aggregate is shown over so few."""
    values = [score for pk, score in scores.items() if pk in members]
    if len(values) < minimum or not values:
        return None
    return round(statistics.median(values), 2)


@dataclass(frozen=True)
class StandingRow:
    label: str  # "Overall" or the area's name
    score: float | None  # the authority's own, frozen
    level_name: str
    medians: list[float | None]  # in the order of ``Standing.groups``


@dataclass(frozen=True)
class Standing:
    assessment: Assessment
    groups: list[tuple[str, int]] = field(default_factory=list)  # (name, results in it)
    rows: list[StandingRow] = field(default_factory=list)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _comparison_groups(authority: Authority, overall: dict[int, tuple]) -> dict[str, set[int]]:
    """London, the authority's own sub-region, then each peer group it belongs to (one
    query), each as the ids of its authorities with approved results. A peer group named
    like London or a sub-region (the shipped "Inner London") is not repeated."""
    with_results = set(overall)
    groups = {LONDON: with_results}
    if authority.inner_outer in SUB_REGION:
        groups[SUB_REGION[authority.inner_outer]] = {
            pk for pk, row in overall.items() if row[2] == authority.inner_outer
        }
    through = PeerGroup.authorities.through.objects.filter(
        peergroup__authorities=authority
    ).values_list("peergroup__name", "authority_id")
    for name, pk in through.order_by("peergroup__name", "authority_id"):
        if name in (LONDON, *SUB_REGION.values()):
            continue
        groups.setdefault(name, set())
        if pk in with_results:
            groups[name].add(pk)
    return groups


def provisional_standing(*, assessment: Assessment) -> Standing:
    """The approved ``assessment``'s frozen overall and area scores beside the medians of
    London and its groups over the round's approved results: five queries."""
    round_, authority = assessment.round, assessment.authority
    overall = {
        row[0]: row[1:]
        for row in ResultSnapshot.objects.filter(
            assessment__round=round_, assessment__status=Assessment.Status.APPROVED
        ).values_list(
            "assessment__authority_id",
            "overall_score",
            "overall_level",
            "assessment__authority__inner_outer",
        )
    }
    area_scores: dict[int, dict[int, float]] = {}
    own_areas: dict[int, tuple] = {}
    for pk, area_id, score, level in AreaResult.objects.filter(
        snapshot__assessment__round=round_, snapshot__assessment__status=Assessment.Status.APPROVED
    ).values_list("snapshot__assessment__authority_id", "area_id", "score", "level"):
        if score is not None:
            area_scores.setdefault(area_id, {})[pk] = float(score)
        if pk == authority.pk:
            own_areas[area_id] = (score, level)
    groups = _comparison_groups(authority, overall)
    names = dict(
        ScaleLevel.objects.filter(questionnaire_id=round_.questionnaire_id).values_list(
            "number", "name"
        )
    )
    overall_scores = {pk: float(row[0]) for pk, row in overall.items() if row[0] is not None}
    minimum = access.MIN_AUTHORITIES
    own = overall.get(authority.pk, (None, None, None))
    rows = [
        StandingRow(
            "Overall",
            _number(own[0]),
            names.get(own[1], "") if own[1] is not None else "",
            [group_median(overall_scores, ids, minimum) for ids in groups.values()],
        )
    ]
    for area in Area.objects.filter(questionnaire_id=round_.questionnaire_id).order_by("order"):
        score, level = own_areas.get(area.pk, (None, None))
        scores = area_scores.get(area.pk, {})
        medians = [group_median(scores, ids, minimum) for ids in groups.values()]
        level_name = names.get(level, "") if level is not None else ""
        rows.append(StandingRow(area.name, _number(score), level_name, medians))
    counts = [(name, sum(1 for pk in ids if pk in overall_scores)) for name, ids in groups.items()]
    return Standing(assessment=assessment, groups=counts, rows=rows)

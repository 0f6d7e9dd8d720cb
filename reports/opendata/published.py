"""Published results: what the open-data pages and the JSON API may disclose.

Disclosure rules, enforced here and only here:

- only rounds whose status is *published*; any other round is not found;
- only *approved* assessments' results (frozen when approved), so nothing still
  under review or changed since is released;
- authorities are named with their results only in a round that shares named
  results (``accounts.access.names_visible`` for the public viewer: the same rule
  the dashboards apply to everyone). A round that does not share them publishes
  aggregates only: medians for London, Inner and Outer London and each peer group,
  each over at least ``MIN_AUTHORITIES`` authorities with results, or withheld;
- only authority-level facts: GSS code, name, sub-region, area and overall scores
  and levels. Never evidence, answers to individual questions, people's names or
  email addresses, comments or timestamps of who did what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import access
from boroughs.models import Authority
from reports.dashboards import selectors
from reports.exports import dictionary
from reports.exports.tables import Table
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from reports.labels import INNER, LONDON, OUTER
from surveys.models import Area, Assessment, Round, ScaleLevel
from surveys.results.selectors import Results, results_for

# Who reads the open data and the API: anyone, signed in or not.
PUBLIC = access.PUBLIC_VIEWER


def published_rounds() -> QuerySet[Round]:
    """Published rounds, newest first."""
    return (
        Round.objects.filter(status=Round.Status.PUBLISHED)
        .select_related("questionnaire")
        .order_by("-opens_on", "name")
    )


def published_round(slug: str) -> Round:
    """The published round with this slug; 404 for any other (unpublished ones too)."""
    return get_object_or_404(published_rounds(), slug=slug)


@dataclass(frozen=True)
class ReleaseArea:
    code: str
    name: str
    score: float | None
    level: int | None
    level_name: str


@dataclass(frozen=True)
class ReleaseRow:
    authority: Authority
    has_result: bool
    overall_score: float | None
    overall_level: int | None
    overall_level_name: str
    areas: list[ReleaseArea]


@dataclass(frozen=True)
class GroupAggregate:
    """The median scores of one group of authorities (London, a sub-region, a peer group).

    ``medians`` are in area order; every median is None when fewer than
    ``MIN_AUTHORITIES`` of the group's authorities have results (``withheld``).
    """

    group: str
    kind: str  # london | sub_region | peer_group
    members: int  # authorities in the group
    authorities: int  # of them, with an approved result
    medians: list[float | None]
    overall_median: float | None

    @property
    def withheld(self) -> bool:
        return self.overall_median is None


@dataclass(frozen=True)
class Release:
    """One published round's results for a set of authorities (all 33 by default).

    ``named`` says whether the round publishes authorities' results by name; when it
    does not, ``rows`` is empty and only ``aggregates`` are published.
    """

    round: Round
    areas: list[tuple[str, str]]  # (code, name) in area order
    levels: list[ScaleLevel]
    named: bool
    rows: list[ReleaseRow]
    aggregates: list[GroupAggregate]
    results_count: int  # authorities (of those asked for) with an approved result
    authorities_count: int  # authorities asked for

    @property
    def area_codes(self) -> list[str]:
        return [code for code, _ in self.areas]


def publishes_named_results(round_: Round) -> bool:
    """Whether the public may see this round's results by name (the dashboards' rule)."""
    return access.names_visible(PUBLIC, round_)


def _group_kind(name: str) -> str:
    if name == LONDON:
        return "london"
    return "sub_region" if name in (INNER, OUTER) else "peer_group"


def _aggregates(results: Results, authorities: list[Authority], areas: list[Area]) -> list:
    """Group medians as the dashboards compute them (same groups, same minimum)."""
    data = frames.result_frames(results, frames.authority_frame(authorities))
    area_df = frames.area_list_frame(areas)
    area_codes = list(area_df["area_code"])
    groups = selectors.comparison_groups(authorities)
    medians = frames_stats.group_medians(
        data["overall"], data["areas"], area_df, groups, access.MIN_AUTHORITIES
    )
    aggregates = []
    for row in frames.records(medians):
        aggregates.append(
            GroupAggregate(
                group=row["group"],
                kind=_group_kind(row["group"]),
                members=len(groups[row["group"]]),
                authorities=row["authorities"],
                medians=[row[code] for code in area_codes],
                overall_median=row["overall"],
            )
        )
    return aggregates


def release_for(
    round_: Round, authorities: Iterable[Authority] | None = None, *, aggregates: bool = True
) -> Release:
    """What the public may see of ``round_`` (which must be published).

    Named rows (approved results of ``authorities``, all of them by default) only when
    the round shares named results; otherwise no rows at all. Group ``aggregates`` (of
    every authority, whatever ``authorities`` is) unless asked not to. A constant number
    of queries (about twelve) however many authorities. Authorities without an approved
    assessment get a row with ``has_result=False`` and no scores.
    """
    if round_.status != Round.Status.PUBLISHED:
        raise ValueError("Only published rounds have a release.")
    named = publishes_named_results(round_)
    everyone = list(Authority.objects.order_by("name"))
    authorities = everyone if authorities is None else list(authorities)
    area_objects = list(
        Area.objects.filter(questionnaire_id=round_.questionnaire_id).order_by("order")
    )
    areas = [(area.code, area.name) for area in area_objects]
    levels = list(ScaleLevel.objects.filter(questionnaire_id=round_.questionnaire_id))
    names = {level.number: level.name for level in levels}
    asked = {authority.pk for authority in authorities}
    results = results_for(
        assessments=Assessment.objects.filter(
            round=round_,
            status=Assessment.Status.APPROVED,
            authority__in=everyone if aggregates else authorities,
        ),
        questions=False,
    )
    by_authority = {row.authority_id: row for row in results.assessments}
    area_rows: dict[int, dict[str, object]] = {}
    for area in results.areas:
        area_rows.setdefault(area.assessment_id, {})[area.area_code] = area
    rows = []
    for authority in authorities if named else []:
        result = by_authority.get(authority.pk)
        own = area_rows.get(result.assessment_id, {}) if result else {}
        release_areas = []
        for code, name in areas:
            area = own.get(code)
            score, level = (area.score, area.level) if area else (None, None)
            release_areas.append(ReleaseArea(code, name, score, level, names.get(level, "")))
        rows.append(
            ReleaseRow(
                authority=authority,
                has_result=result is not None,
                overall_score=result.overall_score if result else None,
                overall_level=result.overall_level if result else None,
                overall_level_name=names.get(result.overall_level, "") if result else "",
                areas=release_areas,
            )
        )
    return Release(
        round=round_,
        areas=areas,
        levels=levels,
        named=named,
        rows=rows,
        aggregates=_aggregates(results, everyone, area_objects) if aggregates else [],
        results_count=sum(1 for pk in by_authority if pk in asked),
        authorities_count=len(asked),
    )


def opendata_table(release: Release) -> Table:
    """The release's named rows as a table with the open-data columns of the data
    dictionary. Only for a round that shares named results (``ValueError`` otherwise)."""
    if not release.named:
        raise ValueError("This round publishes aggregates only.")
    columns = dictionary.header(dictionary.OPEN_DATA, release.area_codes)
    return Table(f"london-digital-maturity-{release.round.slug}", columns, _rows(release))


def aggregates_table(release: Release) -> Table:
    """The release's group medians, with the open-data aggregate columns."""
    columns = dictionary.header(dictionary.OPEN_DATA_AGGREGATES, release.area_codes)
    rows = (
        [
            release.round.slug,
            aggregate.group,
            aggregate.kind,
            aggregate.members,
            aggregate.authorities,
            *aggregate.medians,
            aggregate.overall_median,
        ]
        for aggregate in release.aggregates
    )
    return Table(f"london-digital-maturity-{release.round.slug}-aggregates", columns, rows)


def _rows(release: Release) -> Iterator[list]:
    for row in release.rows:
        values = [
            release.round.slug,
            row.authority.gss_code,
            row.authority.name,
            row.authority.inner_outer,
            row.has_result,
        ]
        for area in row.areas:
            values += [area.score, area.level]
        values += [row.overall_score, row.overall_level]
        yield values

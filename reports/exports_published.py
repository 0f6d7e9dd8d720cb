"""Published results: what the open-data pages and the JSON API may disclose.

Disclosure rules, enforced here and only here:

- only rounds whose status is *published*; any other round is not found;
- only *approved* assessments' results (frozen when approved), so nothing still
  under review or changed since is released;
- only authority-level facts: GSS code, name, sub-region, area and overall scores
  and levels. Never evidence, answers to individual questions, people's names or
  email addresses, comments or timestamps of who did what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from boroughs.models import Authority
from reports import exports_dictionary as dictionary
from reports.exports import Table
from surveys.models import Area, Assessment, Round, ScaleLevel
from surveys.selectors.results import results_for


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
class Release:
    """One published round's results for a set of authorities (all 33 by default)."""

    round: Round
    areas: list[tuple[str, str]]  # (code, name) in area order
    levels: list[ScaleLevel]
    rows: list[ReleaseRow]

    @property
    def area_codes(self) -> list[str]:
        return [code for code, _ in self.areas]

    @property
    def results_count(self) -> int:
        return sum(1 for row in self.rows if row.has_result)


def release_for(round_: Round, authorities: Iterable[Authority] | None = None) -> Release:
    """Approved results of ``round_`` (which must be published) for ``authorities``.

    A constant number of queries (about ten) however many authorities. Authorities
    without an approved assessment get a row with ``has_result=False`` and no scores.
    """
    if round_.status != Round.Status.PUBLISHED:
        raise ValueError("Only published rounds have a release.")
    authorities = list(Authority.objects.order_by("name") if authorities is None else authorities)
    areas = list(
        Area.objects.filter(questionnaire_id=round_.questionnaire_id)
        .order_by("order")
        .values_list("code", "name")
    )
    levels = list(ScaleLevel.objects.filter(questionnaire_id=round_.questionnaire_id))
    names = {level.number: level.name for level in levels}
    results = results_for(
        assessments=Assessment.objects.filter(
            round=round_, status=Assessment.Status.APPROVED, authority__in=authorities
        )
    )
    by_authority = {row.authority_id: row for row in results.assessments}
    area_rows: dict[int, dict[str, object]] = {}
    for area in results.areas:
        area_rows.setdefault(area.assessment_id, {})[area.area_code] = area
    rows = []
    for authority in authorities:
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
    return Release(round=round_, areas=areas, levels=levels, rows=rows)


def opendata_table(release: Release) -> Table:
    """The release as a table with the open-data columns of the data dictionary."""
    columns = dictionary.header(dictionary.OPEN_DATA, release.area_codes)
    return Table(f"london-digital-maturity-{release.round.slug}", columns, _rows(release))


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

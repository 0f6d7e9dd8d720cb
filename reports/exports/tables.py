"""The CDO office's exports: summary and round progress (answers and questionnaire in
``reports.exports.answers``; open data in ``reports.opendata.published``).

Each builder returns a :class:`Table`: a header and a *lazy* iterator of rows of
plain Python values (str, int, float, bool, date-time, None). Rendering to CSV or
Excel, with formula injection neutralised, is ``reports.exports.render``'s job.

Memory stays flat however many rounds there are: rounds are read with
``.iterator()`` and one round's results (at most 33 assessments) are held at a time.
Column names and meanings are in ``reports.exports.dictionary`` and
docs/data-dictionary.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from boroughs.models import Authority, Membership, PeerGroup
from reports.exports import dictionary
from surveys.models import Area, Assessment, Questionnaire, Round
from surveys.results.selectors import results_for
from surveys.review.progress import round_progress

CHUNK_SIZE = 500  # rows fetched per database round trip when streaming


@dataclass
class Table:
    """One export: a file name stem, the header and the rows (lazy, read once)."""

    name: str
    columns: list[str]
    rows: Iterable[Sequence]


@dataclass(frozen=True)
class Scope:
    """What to export: rounds (None = every round), one area, one peer group, a version."""

    round: Round | None = None
    area_code: str = ""
    peer_group: PeerGroup | None = None
    questionnaire: Questionnaire | None = None

    def rounds(self) -> QuerySet[Round]:
        rounds = Round.objects.select_related("questionnaire").order_by("opens_on", "name")
        if self.round is not None:
            rounds = rounds.filter(pk=self.round.pk)
        return rounds

    def authorities(self) -> QuerySet[Authority]:
        authorities = Authority.objects.order_by("name")
        if self.peer_group is not None:
            authorities = authorities.filter(peer_groups=self.peer_group)
        return authorities

    def slug(self) -> str:
        parts = [self.round.slug if self.round else "all-rounds"]
        if self.area_code:
            parts.append(self.area_code)
        if self.peer_group is not None:
            parts.append(self.peer_group.slug)
        return "-".join(parts)


def export_questionnaire(
    round_: Round | None, chosen: Questionnaire | None = None
) -> Questionnaire | None:
    """The version a questionnaire export is of: the one chosen, else the round's, else
    the latest published one (None when there is none)."""
    if chosen is not None:
        return chosen
    if round_ is not None:
        return round_.questionnaire
    return (
        Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
        .order_by("-published_at", "-version", "-pk")
        .first()
    )


def area_codes_of(rounds: QuerySet[Round], area_code: str = "") -> list[str]:
    """Area codes of the rounds' questionnaire versions, in area order (one query).

    Codes are stable across versions, so a code used by several versions is one
    column; ``area_code`` keeps only that one.
    """
    order: dict[str, int] = {}
    for code, position in (
        Area.objects.filter(questionnaire__rounds__in=rounds)
        .order_by("order", "code")
        .values_list("code", "order")
    ):
        order.setdefault(code, position)
    codes = sorted(order, key=lambda code: (order[code], code))
    if area_code:
        codes = [code for code in codes if code == area_code]
    return codes


def _areas_by_assessment(results) -> dict[int, dict[str, object]]:
    areas: dict[int, dict[str, object]] = defaultdict(dict)
    for row in results.areas:
        areas[row.assessment_id][row.area_code] = row
    return areas


def summary_table(scope: Scope) -> Table:
    """One row per authority per round: status, completion, each area's and the overall
    score and level, submission and approval times, the senior sign-off.

    Approved assessments report their frozen (snapshot) results; the rest live scores.
    Authorities with no assessment have a row with status ``not_started`` and empty
    scores, so every round has a row for every authority in scope.
    """
    rounds = scope.rounds()
    codes = area_codes_of(rounds, scope.area_code)
    columns = dictionary.header(dictionary.SUMMARY, codes)
    return Table(f"summary-{scope.slug()}", columns, _summary_rows(scope, rounds, codes))


def _summary_rows(scope: Scope, rounds, codes: list[str]) -> Iterator[list]:
    for round_ in rounds.iterator(chunk_size=CHUNK_SIZE):
        progress = round_progress(round=round_, peer_group=scope.peer_group)
        results = results_for(
            assessments=Assessment.objects.filter(
                round=round_, authority__in=[row.authority for row in progress]
            ),
            questions=False,
        )
        by_id = {row.assessment_id: row for row in results.assessments}
        areas = _areas_by_assessment(results)
        for row in progress:
            assessment = row.assessment
            result = by_id.get(assessment.pk) if assessment else None
            values = [
                round_.slug,
                row.authority.gss_code,
                row.authority.name,
                row.authority.inner_outer,
                row.status.value,
                result.completion if result else row.completion,
            ]
            own_areas = areas.get(assessment.pk, {}) if assessment else {}
            for code in codes:
                area = own_areas.get(code)
                values += [area.score, area.level] if area else [None, None]
            values += [
                result.overall_score if result else None,
                result.overall_level if result else None,
                assessment.submitted_at if assessment else None,
                assessment.approved_at if assessment else None,
                assessment.sign_off_name if assessment else "",
                assessment.sign_off_role if assessment else "",
            ]
            yield values


def lead_emails() -> dict[int, list[str]]:
    """``{authority_id: [email]}`` of active digital leads with an address (one query)."""
    emails: dict[int, list[str]] = defaultdict(list)
    for authority_id, email in (
        Membership.objects.filter(role=Membership.Role.LEAD, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("authority_id", "user__email")
    ):
        emails[authority_id].append(email)
    return emails


def progress_table(scope: Scope) -> Table:
    """Progress of every authority in scope per round (as on the review page), with
    each area's completion and the authority's leads' email addresses."""
    rounds = scope.rounds()
    codes = area_codes_of(rounds, scope.area_code)
    columns = dictionary.header(dictionary.PROGRESS, codes)
    return Table(f"progress-{scope.slug()}", columns, _progress_rows(scope, rounds, codes))


def _progress_rows(scope: Scope, rounds, codes: list[str]) -> Iterator[list]:
    emails = lead_emails()
    for round_ in rounds.iterator(chunk_size=CHUNK_SIZE):
        for row in round_progress(round=round_, peer_group=scope.peer_group):
            assessment = row.assessment
            completion = {area.code: area.completion for area in row.areas}
            yield [
                round_.slug,
                row.authority.gss_code,
                row.authority.name,
                assessment.reference if assessment else "",
                row.status.value,
                row.completion,
                *[completion.get(code) for code in codes],
                assessment.submitted_at if assessment else None,
                assessment.approved_at if assessment else None,
                assessment.last_activity_at if assessment else None,
                "; ".join(emails.get(row.authority.pk, [])),
            ]

"""Reads for the dashboards: rounds, structure, comparison groups, and the records a viewer
may open (the rules themselves are ``accounts.access``'s; these selectors apply them).

Results compared across London are those of *approved* assessments: the CDO
office has checked them, and their scores are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypedDict, TypeVar

from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404

from accounts import access
from accounts.access import Viewer, may_see_authority, may_see_evidence
from boroughs.models import Authority, PeerGroup
from reports.frames.results import VersionStructure
from reports.labels import INNER, LONDON, OUTER
from surveys.models import Answer, Area, Assessment, Question, Round, ScaleLevel
from surveys.models.plans import Target
from surveys.results.selectors import Comparable, comparable_codes

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import WithAnnotations

COMPARED_STATUSES = (Assessment.Status.APPROVED,)


class ApprovedCount(TypedDict):
    approved_count: int


RoundT = TypeVar("RoundT", bound=Round)
# A round as the dashboards read it (``report_rounds``): with its number of approved assessments.
ReportRound: TypeAlias = "WithAnnotations[Round, ApprovedCount]"


def report_rounds() -> list[ReportRound]:
    """Rounds that have begun, newest first, with ``approved_count``: one query."""
    return list(
        Round.objects.exclude(status=Round.Status.UPCOMING)
        .select_related("questionnaire")
        .annotate(
            approved_count=Count("assessments", filter=Q(assessments__status__in=COMPARED_STATUSES))
        )
        .order_by("-opens_on", "-pk")
    )


def latest_round(rounds: list[ReportRound]) -> ReportRound:
    """The latest round with approved results, else the latest round (``rounds`` must not
    be empty)."""
    with_results = [r for r in rounds if r.approved_count]
    return (with_results or rounds)[0]


def default_round(rounds: list[ReportRound]) -> ReportRound | None:
    """The latest round with approved results, else the latest round; None if none."""
    return latest_round(rounds) if rounds else None


def round_from(rounds: list[RoundT], slug: str | None) -> RoundT | None:
    """The round with this slug among ``rounds``; None when absent or unknown."""
    if not slug:
        return None
    return next((r for r in rounds if r.slug == slug), None)


def scale_levels(round_: Round) -> list[ScaleLevel]:
    return list(ScaleLevel.objects.filter(questionnaire_id=round_.questionnaire_id))


def area_list(round_: Round) -> list[Area]:
    return list(Area.objects.filter(questionnaire_id=round_.questionnaire_id).order_by("order"))


def question_list(round_: Round, *, area: Area | None = None) -> list[Question]:
    """Scored and unscored questions of the round's version (or one area), in order."""
    questions = Question.objects.filter(questionnaire_id=round_.questionnaire_id)
    if area is not None:
        questions = questions.filter(area=area)
    return list(questions.select_related("area").order_by("area__order", "order"))


def authority_list() -> list[Authority]:
    """Every authority, by name: for aggregates and the tile grid, not to list by name."""
    return list(Authority.objects.order_by("name"))


def named_authorities(viewer: Viewer, round_: Round | None) -> list[Authority]:
    """Every authority, by name, if the viewer may see names in the round; else none."""
    if round_ is None or not access.names_visible(viewer, round_):
        return []
    return authority_list()


def named_authority_ids(viewer: Viewer, rounds: list[Round], authority_ids) -> set[int]:
    """The authorities of ``authority_ids`` the viewer may see by name in *every* round
    (a comparison of rounds names only those named in each): no query."""
    visible = set(authority_ids)
    for round_ in rounds:
        visible &= access.visible_authority_ids(viewer, round_, visible)
    return visible


def evidence_visible(viewer: Viewer, authority_ids) -> set[int]:
    """The authorities of ``authority_ids`` whose answers and evidence the viewer may open."""
    return {pk for pk in authority_ids if may_see_evidence(viewer, pk)}


def status_counts(round_: Round) -> dict[str, int]:
    """How many assessments of the round are in each status: one query."""
    counts = dict.fromkeys(Assessment.Status.values, 0)
    for row in (
        Assessment.objects.filter(round=round_).values("status").annotate(n=Count("id")).order_by()
    ):
        counts[row["status"]] = row["n"]
    return counts


def comparison_groups(authorities: list[Authority]) -> dict[str, set[int]]:
    """London, Inner and Outer London, then each peer group with another membership.

    A peer group with exactly the members of a group already listed (e.g. the
    shipped "Inner London") is not repeated. Two queries at most.
    """
    groups = {
        LONDON: {a.pk for a in authorities},
        INNER: {a.pk for a in authorities if a.inner_outer == Authority.SubRegion.INNER},
        OUTER: {a.pk for a in authorities if a.inner_outer == Authority.SubRegion.OUTER},
    }
    members: dict[str, set[int]] = {}
    through = PeerGroup.authorities.through.objects.values_list("peergroup__name", "authority_id")
    for name, authority_id in through.order_by("peergroup__name"):
        members.setdefault(name, set()).add(authority_id)
    known = [frozenset(ids) for ids in groups.values()]
    for name, ids in members.items():
        if frozenset(ids) not in known and name not in groups:
            groups[name] = ids
            known.append(frozenset(ids))
    return groups


def groups_of(groups: dict[str, set[int]], authority_id: int) -> dict[str, set[int]]:
    """The comparison groups (other than London) an authority belongs to."""
    return {name: ids for name, ids in groups.items() if name != LONDON and authority_id in ids}


def authority_for_profile(viewer: Viewer, slug: str, round_: Round | None) -> Authority:
    """The authority whose profile the viewer asked for, or 404.

    Own authority always; another only for the CDO office and admins, or when the
    round shares named results. Annotated with ``plan_shared`` (None without a plan) and
    ``plan_has_targets``, so the profile reads targets only when it may show some.
    """
    has_targets = Target.objects.filter(plan__authority=OuterRef("pk"))
    authority = (
        Authority.objects.filter(slug=slug)
        .annotate(plan_shared=F("plan__shared"), plan_has_targets=Exists(has_targets))
        .first()
    )
    if authority is None:
        raise Http404("No such authority")
    if may_see_authority(viewer, authority.pk, round_):
        return authority
    raise Http404("No such authority")


@dataclass(frozen=True)
class SignOff:
    """The senior officer who signed an assessment's submission off, as its lead recorded it."""

    name: str
    role: str


def sign_off_for_profile(
    viewer: Viewer, authority: Authority, round_: Round, status: str | None
) -> SignOff | None:
    """The sign-off of the authority's assessment in the round, whose status the profile
    read (``status``), if it has one and the viewer may see it
    (``accounts.access.may_see_sign_off``). A sign-off belongs to a submission that stands:
    only a submitted or approved assessment's is shown. One query, only then."""
    if status not in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED):
        return None
    approved = status == Assessment.Status.APPROVED
    if not access.may_see_sign_off(viewer, authority.pk, round_, approved=approved):
        return None
    row = (
        Assessment.objects.filter(authority=authority, round=round_)
        .exclude(sign_off_name="")
        .values_list("sign_off_name", "sign_off_role")
        .first()
    )
    return None if row is None else SignOff(name=row[0], role=row[1])


def same_questionnaire(rounds: list[RoundT], round_: Round) -> list[RoundT]:
    """The rounds that used a version of ``round_``'s questionnaire (same code), in the
    order given. Trends compare only these: another questionnaire asks other questions
    (e.g. a data-maturity assessment beside the London one), so it has nothing to match."""
    code = round_.questionnaire.code
    return [r for r in rounds if r.questionnaire.code == code]


def trend_rounds(viewer: Viewer, authority: Authority, rounds: list[Round]) -> list[Round]:
    """Rounds in which the viewer may see this authority's results, oldest first."""
    allowed = [r for r in rounds if may_see_authority(viewer, authority.pk, r)]
    return sorted(allowed, key=lambda r: (r.opens_on, r.pk))


def answers_with_evidence(viewer: Viewer, authority: Authority, round_: Round) -> list[Answer]:
    """The authority's answers in the round, in question order, if the viewer may see them."""
    if not may_see_evidence(viewer, authority.pk):
        return []
    return list(
        Answer.objects.filter(assessment__authority=authority, assessment__round=round_)
        .select_related("question", "question__area")
        .order_by("question__area__order", "question__order")
    )


def comparable(from_round: Round, to_round: Round) -> Comparable:
    """Area and question codes in both rounds' questionnaire versions."""
    return comparable_codes(from_round.questionnaire_id, to_round.questionnaire_id)


def all_area_names(rounds: list[Round]) -> dict[str, str]:
    """Area code -> the newest name it has in any of the rounds' versions: one query."""
    names: dict[str, str] = {}
    ids = [r.questionnaire_id for r in rounds]
    for code, name in (
        Area.objects.filter(questionnaire_id__in=ids)
        .order_by("questionnaire__version", "order")
        .values_list("code", "name")
    ):
        names[code] = name
    return names


def version_structure(questionnaire_ids) -> VersionStructure:
    """Areas and questions (codes, weights, kinds) of several versions: two queries."""
    ids = list(set(questionnaire_ids))
    areas = list(
        Area.objects.filter(questionnaire_id__in=ids).values(
            "questionnaire_id", "code", "name", "order", "weight"
        )
    )
    questions = list(
        Question.objects.filter(questionnaire_id__in=ids).values(
            "questionnaire_id", "code", "area__code", "weight", "kind", "scored"
        )
    )
    return areas, questions

"""Reads for the London-wide view of improvement plans, in a constant number of queries.

``plan_rows`` reads every target and action in scope (two queries), ``subject_labels``
the question texts and area names of the newest published questionnaire (one query);
the rest are pure functions over those rows, testable without a database. Counts name
nobody and cover every plan; authorities are *named* only where the viewer may see their
plan (``accounts.access.may_see_plan``): the others are counted, never named.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery

from accounts import access
from boroughs.models import PeerGroup
from surveys.models import Area, Question, Questionnaire
from surveys.models.plans import PlanAction, Target

STATUSES = list(PlanAction.Status.choices)  # [(value, label)], in the order of work
OPEN_STATUSES = (PlanAction.Status.PLANNED, PlanAction.Status.IN_PROGRESS)


@dataclass(frozen=True)
class PlanRow:
    """One target (``status`` empty) or action of one authority's plan."""

    kind: str  # "target" or "action"
    authority_id: int
    authority_name: str
    authority_slug: str
    shared: bool
    area_code: str
    question_code: str  # empty: the whole area
    status: str = ""


@dataclass(frozen=True)
class Labels:
    """Names of questions and areas, from the newest published questionnaire, with their
    order (codes it lacks sort last, by code)."""

    questions: dict[str, str] = field(default_factory=dict)  # code -> text
    areas: dict[str, str] = field(default_factory=dict)  # code -> name
    order: dict[tuple[str, str], int] = field(default_factory=dict)

    def of(self, area_code: str, question_code: str) -> str:
        if question_code:
            return self.questions.get(question_code, question_code)
        return f"{self.areas.get(area_code, area_code)} (the whole area)"

    def position(self, key: tuple[str, str]) -> tuple:
        return (self.order.get(key, len(self.order)), key)


@dataclass
class SubjectCount:
    """Targets and actions on one question (or a whole area)."""

    area_code: str
    question_code: str
    label: str = ""
    area_name: str = ""
    targets: int = 0  # authorities with a target on it
    actions: int = 0
    by_status: Counter = field(default_factory=Counter)
    authorities: int = 0  # authorities with a target or any action on it

    @property
    def total(self) -> int:
        return self.targets + self.actions

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        return [(label, self.by_status.get(value, 0)) for value, label in STATUSES]


@dataclass
class Collaboration:
    """The authorities working on one question (or area): a target or an open action."""

    area_code: str
    question_code: str
    label: str
    named: list[tuple[str, str]]  # (name, slug) of those the viewer may see
    others: int  # working on it too, not named to this viewer

    @property
    def count(self) -> int:
        return len(self.named) + self.others


# --- Queries ----------------------------------------------------------------------------


def subject_labels() -> Labels:
    """Question texts and area names of the published questionnaires, the newest first
    (one query)."""
    rows = (
        Question.objects.filter(questionnaire__status=Questionnaire.Status.PUBLISHED)
        .order_by("-questionnaire__published_at", "-questionnaire_id", "area__order", "order")
        .values_list("code", "text", "area__code", "area__name")
    )
    questions: dict[str, str] = {}
    areas: dict[str, str] = {}
    order: dict[tuple[str, str], int] = {}
    for code, text, area_code, area_name in rows:
        if area_code not in areas:
            areas[area_code] = area_name
            order[(area_code, "")] = len(order)
        if code not in questions:
            questions[code] = text
            order[(area_code, code)] = len(order)
    return Labels(questions, areas, order)


def peer_groups() -> list[PeerGroup]:
    """The peer groups, by name, for the filter (one query)."""
    return list(PeerGroup.objects.order_by("name"))


def plan_rows(*, area_code: str = "", peer_group: PeerGroup | None = None) -> list[PlanRow]:
    """Every target and action of every plan (two queries), of one area and of the
    members of one peer group if given. For counts: callers name authorities only as
    ``access.may_see_plan`` allows."""
    where = Q()
    if area_code:
        where &= Q(area_code=area_code)
    if peer_group is not None:
        where &= Q(plan__authority__peer_groups=peer_group)
    fields = (
        "plan__authority_id",
        "plan__authority__name",
        "plan__authority__slug",
        "plan__shared",
        "area_code",
        "question_code",
    )
    rows = [
        PlanRow("target", *values)
        for values in Target.objects.filter(where).order_by().values_list(*fields)
    ]
    rows += [
        PlanRow("action", *values)
        for values in PlanAction.objects.filter(where).order_by().values_list(*fields, "status")
    ]
    return rows


# --- Pure summaries ---------------------------------------------------------------------


def status_counts(rows: list[PlanRow]) -> list[tuple[str, str, int]]:
    """``(value, label, count)`` of actions by status, every status listed."""
    counts = Counter(row.status for row in rows if row.kind == "action")
    return [(value, label, counts.get(value, 0)) for value, label in STATUSES]


def subject_counts(rows: list[PlanRow], labels: Labels, *, by_area: bool = False):
    """A ``SubjectCount`` per question (and per whole-area subject), or per area with
    ``by_area`` (everything planned in the area, its questions' and its own), with the
    most targets and actions first."""
    counts: dict[tuple[str, str], SubjectCount] = {}
    targeted: dict[tuple[str, str], set[int]] = defaultdict(set)
    involved: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row in rows:
        key = (row.area_code, "" if by_area else row.question_code)
        count = counts.setdefault(key, SubjectCount(*key))
        involved[key].add(row.authority_id)
        if row.kind == "target":
            targeted[key].add(row.authority_id)
        else:
            count.actions += 1
            count.by_status[row.status] += 1
    for key, count in counts.items():
        count.targets = len(targeted[key])
        count.authorities = len(involved[key])
        count.area_name = labels.areas.get(key[0], key[0])
        count.label = count.area_name if by_area else labels.of(*key)
    return sorted(
        counts.values(), key=lambda c: (-c.total, labels.position((c.area_code, c.question_code)))
    )


def collaborations(viewer, rows: list[PlanRow], labels: Labels) -> list[Collaboration]:
    """For each question (or whole area) that at least two authorities work on (a target,
    or an action planned or in progress), who: named where the viewer may see their plan
    (``access.may_see_plan``), else counted. Most authorities first."""
    working: dict[tuple[str, str], dict[int, PlanRow]] = defaultdict(dict)
    for row in rows:
        if row.kind == "target" or row.status in OPEN_STATUSES:
            working[(row.area_code, row.question_code)].setdefault(row.authority_id, row)
    result = []
    for key, by_authority in working.items():
        if len(by_authority) < 2:
            continue
        visible = access.plan_visible_authority_ids(
            viewer, {pk: row.shared for pk, row in by_authority.items()}
        )
        named = sorted(
            (row.authority_name, row.authority_slug)
            for pk, row in by_authority.items()
            if pk in visible
        )
        result.append(Collaboration(*key, labels.of(*key), named, len(by_authority) - len(named)))
    return sorted(result, key=lambda c: (-c.count, labels.position((c.area_code, c.question_code))))


# --- The authority profile's targets ------------------------------------------------------


@dataclass(frozen=True)
class ProfileTarget:
    area_code: str
    question_code: str
    label: str  # the question's text (or the area's name) in the round's version
    level: int
    by_year: int


def profile_targets(viewer, authority, questionnaire_id: int) -> list[ProfileTarget]:
    """The authority's targets, if it has some and the viewer may see its plan
    (``access.may_see_plan``), named as in the round's questionnaire version: one query
    when shown, none otherwise. ``authority`` carries ``plan_shared`` and
    ``plan_has_targets`` (``reports.dashboards.selectors.authority_for_profile``)."""
    if not getattr(authority, "plan_has_targets", True):
        return []
    shared = getattr(authority, "plan_shared", None)
    where = access.plans_visible_filter(viewer, prefix="plan__")
    if where is None or (
        shared is not None and not access.may_see_plan(viewer, authority.pk, shared)
    ):
        return []
    authority_id = authority.pk
    in_version = {"questionnaire_id": questionnaire_id}
    question_text = Question.objects.filter(code=OuterRef("question_code"), **in_version)
    area_name = Area.objects.filter(code=OuterRef("area_code"), **in_version)
    rows = (
        Target.objects.filter(where, plan__authority_id=authority_id)
        .annotate(
            question_text=Subquery(question_text.values("text")[:1]),
            area_name=Subquery(area_name.values("name")[:1]),
        )
        .order_by("area_code", "question_code")
        .values_list("area_code", "question_code", "question_text", "area_name", "level", "by_year")
    )
    return [
        ProfileTarget(
            area,
            question,
            (text or question) if question else f"{name or area} (the whole area)",
            level,
            by_year,
        )
        for area, question, text, name, level, by_year in rows
    ]

"""The outlier flags' rules: pure functions over plain data, no Django, no database.

Each rule looks at one submitted assessment (``FlagInputs``, read by
``surveys.review.flags.inputs.flag_inputs``) and returns the flags it raises, each a
``RaisedFlag`` with a stable key, the rule, the question and area it is about, and its
reason in words. Flags never block anything: the CDO office reads each one and accepts
or queries it. ``raise_flags`` applies every rule. docs/moderation.md says the same in
words; the thresholds are the constants below.

1. ``moved``: a maturity answer two or more levels away from the authority's answer to
   the same question in its last approved round (the most recent earlier round, by
   opening date, in which its assessment is approved), when the question is comparable:
   same code, maturity in both, and both scales have the same number of levels.
2. ``peers``: a maturity answer two or more levels from the median of the answers of
   the other members of one of the authority's peer groups in the same round, counting
   only submitted, returned or approved assessments and answers with a level (not N/A),
   and only when there are at least ``MIN_PEER_ANSWERS`` of them. One flag per group.
3. ``no_evidence``: a maturity answer at the top level of the scale with blank evidence.
4. ``area_moved``: an area score that moved more than the round's ``area_move_points``
   since the last approved round (that round's frozen score of the area with the same
   code against this assessment's live score).
5. ``contradiction``: a consistency check of the questionnaire whose "if" side holds and
   whose "then" side fails. An unanswered or not-applicable answer meets neither side,
   so it never raises one.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

MOVED_LEVELS = 2  # an answer this many levels or more from the last approved round's
PEER_LEVELS = 2  # an answer this many levels or more from its peer group's median
MIN_PEER_ANSWERS = 3  # a peer group's median counts only with this many answers or more
# Which peers' answers count: assessments the authority has submitted (drafts may be
# half done).
PEER_STATUSES = frozenset({"submitted", "returned", "approved"})

# The rules' names: the values of surveys.models.AssessmentFlag.Rule.
MOVED = "moved"
PEERS = "peers"
NO_EVIDENCE = "no_evidence"
AREA_MOVED = "area_moved"
CONTRADICTION = "contradiction"


@dataclass(frozen=True)
class RaisedFlag:
    key: str  # stable: the same rule and subject give the same key on every check
    rule: str
    question_code: str | None
    area_code: str
    reason: str


@dataclass(frozen=True)
class Scale:
    """A questionnaire's level names, level 1 first."""

    names: tuple[str, ...]

    @property
    def top(self) -> int:
        return len(self.names)

    def describe(self, level: int, *, first: bool = False) -> str:
        """'level 3 Learning' ('Level 3 Learning' ``first`` in a sentence; 'level 7' for a
        level the scale has not got)."""
        name = self.names[level - 1] if 1 <= level <= len(self.names) else ""
        return f"{'L' if first else 'l'}evel {level} {name}".rstrip()


@dataclass(frozen=True)
class AnswerInput:
    """One answer of the assessment (or of its last approved round)."""

    question_code: str
    area_code: str
    levelled: bool  # answered with a level of the scale (the kind's ``has_levels``)
    label: str  # how people name the question, e.g. "Cyber Essentials Plus"
    level: int | None = None
    yes_no: bool | None = None
    not_applicable: bool = False
    evidence: str = ""

    @property
    def maturity_level(self) -> int | None:
        """The level of a maturity answer that has one (not N/A), else None."""
        if not self.levelled or self.not_applicable:
            return None
        return self.level


@dataclass(frozen=True)
class PreviousRound:
    """The authority's last approved round: its answers and frozen area scores."""

    round_name: str
    scale: Scale
    answers: dict[str, AnswerInput]  # by question code
    area_scores: dict[str, float | None]  # by area code


@dataclass(frozen=True)
class PeerAnswer:
    """Another authority's answer to a maturity question in the same round."""

    authority_id: int
    status: str  # of its assessment
    level: int | None
    not_applicable: bool = False


@dataclass(frozen=True)
class PeerGroupInput:
    slug: str
    name: str
    answers: dict[str, tuple[PeerAnswer, ...]]  # by question code; the group's members'


@dataclass(frozen=True)
class CheckInput:
    """A consistency check: if ``if_question`` ``if_operator`` ``if_value`` then ..."""

    order: int
    if_question: str
    if_operator: str  # is, at_least, at_most (surveys.models.CheckOperator)
    if_value: int  # "is": 1 yes, 0 no; otherwise a level
    then_question: str
    then_operator: str
    then_value: int
    message: str = ""


@dataclass(frozen=True)
class FlagInputs:
    """Everything the rules read about one assessment."""

    authority_id: int
    scale: Scale
    answers: dict[str, AnswerInput]  # by question code, in questionnaire order
    area_names: dict[str, str] = field(default_factory=dict)  # by area code, in order
    area_scores: dict[str, float | None] = field(default_factory=dict)  # live, by area code
    area_move_points: int = 20
    previous: PreviousRound | None = None
    peer_groups: tuple[PeerGroupInput, ...] = ()
    checks: tuple[CheckInput, ...] = ()


def raise_flags(inputs: FlagInputs) -> list[RaisedFlag]:
    """Every rule's flags, rule by rule, each in questionnaire order."""
    return [
        *moved_flags(inputs),
        *peer_flags(inputs),
        *no_evidence_flags(inputs),
        *area_moved_flags(inputs),
        *contradiction_flags(inputs),
    ]


def _levels(count: int) -> str:
    return f"{count} level{'s' if count != 1 else ''}"


def moved_flags(inputs: FlagInputs) -> list[RaisedFlag]:
    """Rule 1: maturity answers ``MOVED_LEVELS`` or more from the last approved round's."""
    previous = inputs.previous
    if previous is None or previous.scale.top != inputs.scale.top:
        return []  # no earlier approved round, or scales of different sizes
    flags = []
    for code, answer in inputs.answers.items():
        before = previous.answers.get(code)
        now_level = answer.maturity_level
        then_level = before.maturity_level if before is not None else None
        if now_level is None or then_level is None or abs(now_level - then_level) < MOVED_LEVELS:
            continue
        direction = "up" if now_level > then_level else "down"
        reason = (
            f"{inputs.scale.describe(now_level, first=True)}, {direction} "
            f"{_levels(abs(now_level - then_level))} from {previous.scale.describe(then_level)} "
            f"in the {previous.round_name}."
        )
        flags.append(RaisedFlag(f"{MOVED}:{code}", MOVED, code, answer.area_code, reason))
    return flags


def _median_text(value: float) -> str:
    return f"{value:g}"


def counted_peer_levels(inputs: FlagInputs, answers: Iterable[PeerAnswer]) -> list[int]:
    """The levels a peer group's median counts: other authorities' submitted, returned or
    approved answers that have a level."""
    return [
        answer.level
        for answer in answers
        if answer.authority_id != inputs.authority_id
        and answer.status in PEER_STATUSES
        and not answer.not_applicable
        and answer.level is not None
    ]


def peer_flags(inputs: FlagInputs) -> list[RaisedFlag]:
    """Rule 2: maturity answers ``PEER_LEVELS`` or more from a peer group's median."""
    flags = []
    for code, answer in inputs.answers.items():
        level = answer.maturity_level
        if level is None:
            continue
        for group in inputs.peer_groups:
            levels = counted_peer_levels(inputs, group.answers.get(code, ()))
            if len(levels) < MIN_PEER_ANSWERS:
                continue
            median = statistics.median(levels)
            distance = abs(level - median)
            if distance < PEER_LEVELS:
                continue
            direction = "above" if level > median else "below"
            reason = (
                f"{inputs.scale.describe(level, first=True)}, {_median_text(distance)} levels "
                f"{direction} the median ({_median_text(median)}) of the {len(levels)} other "
                f"answers in {group.name}."
            )
            key = f"{PEERS}:{code}:{group.slug}"
            flags.append(RaisedFlag(key, PEERS, code, answer.area_code, reason))
    return flags


def no_evidence_flags(inputs: FlagInputs) -> list[RaisedFlag]:
    """Rule 3: maturity answers at the top level of the scale with blank evidence."""
    top = inputs.scale.top
    return [
        RaisedFlag(
            f"{NO_EVIDENCE}:{code}",
            NO_EVIDENCE,
            code,
            answer.area_code,
            f"{inputs.scale.describe(top, first=True)}, the top of the scale, with no "
            "evidence given.",
        )
        for code, answer in inputs.answers.items()
        if answer.maturity_level == top and not answer.evidence.strip()
    ]


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def area_moved_flags(inputs: FlagInputs) -> list[RaisedFlag]:
    """Rule 4: area scores that moved more than ``area_move_points`` since the last
    approved round (exactly that many is not flagged)."""
    previous = inputs.previous
    if previous is None:
        return []
    flags = []
    for code, score in inputs.area_scores.items():
        before = previous.area_scores.get(code)
        if score is None or before is None:
            continue
        # Decimals of the 2-place scores, so 70.1 - 50.1 is exactly 20.
        now_d, then_d = Decimal(str(score)), Decimal(str(before))
        moved = abs(now_d - then_d)
        if moved <= inputs.area_move_points:
            continue
        direction = "up" if now_d > then_d else "down"
        name = inputs.area_names.get(code, code)
        reason = (
            f"{name}: {_points(now_d)} out of 100, {direction} {_points(moved)} points from "
            f"{_points(then_d)} in the {previous.round_name} (more than "
            f"{inputs.area_move_points})."
        )
        flags.append(RaisedFlag(f"{AREA_MOVED}:{code}", AREA_MOVED, None, code, reason))
    return flags


def side_holds(answer: AnswerInput | None, operator: str, value: int) -> bool | None:
    """Whether an answer meets one side of a check; None when it can do neither (no
    answer, not applicable, or a kind the operator does not compare)."""
    if answer is None or answer.not_applicable:
        return None
    if operator == "is":
        if answer.yes_no is None:  # only a yes/no answer holds one
            return None
        return answer.yes_no == bool(value)
    level = answer.maturity_level
    if level is None:
        return None
    return level >= value if operator == "at_least" else level <= value


def _answer_words(answer: AnswerInput, scale: Scale) -> str:
    if answer.yes_no is not None:
        return "Yes" if answer.yes_no else "No"
    return scale.describe(answer.level or 0)


def _side_words(operator: str, value: int, scale: Scale) -> str:
    if operator == "is":
        return "Yes" if value else "No"
    bound = "at least" if operator == "at_least" else "at most"
    return f"{bound} {scale.describe(value)}"


def contradiction_flags(inputs: FlagInputs) -> list[RaisedFlag]:
    """Rule 5: each check whose "if" side holds and whose "then" side fails."""
    flags = []
    for check in inputs.checks:
        when = inputs.answers.get(check.if_question)
        then = inputs.answers.get(check.then_question)
        if side_holds(when, check.if_operator, check.if_value) is not True:
            continue
        if side_holds(then, check.then_operator, check.then_value) is not False:
            continue
        assert when is not None and then is not None  # both sides were decided
        given_if, given_then = _answer_words(when, inputs.scale), _answer_words(then, inputs.scale)
        if check.message:
            reason = (
                f"{check.message} Answers given: {when.label}: {given_if}; "
                f"{then.label}: {given_then}."
            )
        else:
            expected = _side_words(check.then_operator, check.then_value, inputs.scale)
            reason = (
                f"{when.label} is {given_if}, so {then.label} was expected to be {expected}, "
                f"but it is {given_then}."
            )
        flags.append(
            RaisedFlag(
                f"{CONTRADICTION}:{check.order}",
                CONTRADICTION,
                check.then_question,
                then.area_code,
                reason,
            )
        )
    return flags


def check_in_words(check: CheckInput, scale: Scale, labels: dict[str, str]) -> str:
    """A consistency check as the method page states it: "If Cyber Essentials Plus is No,
    Approach to cyber security is expected to be at most level 3 Learning." (``labels``:
    how people name each question, by code), with its message after it."""
    when = _side_words(check.if_operator, check.if_value, scale)
    then = _side_words(check.then_operator, check.then_value, scale)
    if_label = labels.get(check.if_question, check.if_question)
    then_label = labels.get(check.then_question, check.then_question)
    words = f"If {if_label} is {when}, {then_label} is expected to be {then}."
    return f"{words} {check.message}" if check.message else words

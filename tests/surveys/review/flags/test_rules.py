"""The outlier flag rules, pure: every rule, its boundaries, and properties over many inputs."""

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from surveys.models import AssessmentFlag
from surveys.review.flags import rules
from surveys.review.flags.rules import (
    AnswerInput,
    CheckInput,
    FlagInputs,
    PeerAnswer,
    PeerGroupInput,
    PreviousRound,
    RaisedFlag,
    Scale,
    raise_flags,
)

FIVE = Scale(("Beginning", "Emerging", "Learning", "Developing", "Mastering"))
FOUR = Scale(("One", "Two", "Three", "Four"))
ME = 7


def maturity(code="q1", level=3, *, area="data", evidence="Our strategy.", na=False):
    return AnswerInput(
        code, area, True, code.upper(), level=level, not_applicable=na, evidence=evidence
    )


def yes_no(code="yn", value=True, *, area="security", na=False):
    return AnswerInput(code, area, False, code.upper(), yes_no=value, not_applicable=na)


def inputs(*answers, **kwargs) -> FlagInputs:
    return FlagInputs(
        authority_id=ME,
        scale=kwargs.pop("scale", FIVE),
        answers={a.question_code: a for a in answers},
        **kwargs,
    )


def previous(*answers, scale=FIVE, area_scores=None) -> PreviousRound:
    return PreviousRound(
        "2025 assessment", scale, {a.question_code: a for a in answers}, area_scores or {}
    )


def test_the_rule_names_are_the_models():
    assert {
        rules.MOVED,
        rules.PEERS,
        rules.NO_EVIDENCE,
        rules.AREA_MOVED,
        rules.CONTRADICTION,
    } == set(AssessmentFlag.Rule.values)


# 1. Moved since the last approved round ---------------------------------------------------


def test_two_levels_up_since_the_last_approved_round_is_flagged_with_words():
    found = rules.moved_flags(inputs(maturity(level=5), previous=previous(maturity(level=2))))
    assert found == [
        RaisedFlag(
            "moved:q1",
            "moved",
            "q1",
            "data",
            "Level 5 Mastering, up 3 levels from level 2 Emerging in the 2025 assessment.",
        )
    ]


def test_exactly_two_levels_flags_and_one_does_not():
    assert (
        len(rules.moved_flags(inputs(maturity(level=1), previous=previous(maturity(level=3))))) == 1
    )
    assert rules.moved_flags(inputs(maturity(level=2), previous=previous(maturity(level=3)))) == []
    [down] = rules.moved_flags(inputs(maturity(level=1), previous=previous(maturity(level=3))))
    assert "down 2 levels" in down.reason


def test_moved_needs_a_comparable_answer():
    before = previous(maturity(level=1))
    # No earlier approved round, not applicable now or then, another question, another kind.
    assert rules.moved_flags(inputs(maturity(level=5))) == []
    assert rules.moved_flags(inputs(maturity(level=None, na=True), previous=before)) == []
    assert (
        rules.moved_flags(
            inputs(maturity(level=5), previous=previous(maturity(level=None, na=True)))
        )
        == []
    )
    assert rules.moved_flags(inputs(maturity("q2", level=5), previous=before)) == []
    assert (
        rules.moved_flags(inputs(maturity(level=5), previous=previous(yes_no("q1", False)))) == []
    )


def test_scales_of_different_sizes_are_not_comparable():
    assert (
        rules.moved_flags(
            inputs(maturity(level=4), scale=FOUR, previous=previous(maturity(level=1)))
        )
        == []
    )
    assert (
        len(
            rules.moved_flags(
                inputs(
                    maturity(level=4), scale=FOUR, previous=previous(maturity(level=1), scale=FOUR)
                )
            )
        )
        == 1
    )


# 2. Far from the peer group's median --------------------------------------------------------


def group(code="q1", *levels, slug="inner", name="Inner London", status="submitted"):
    answers = tuple(PeerAnswer(100 + i, status, level) for i, level in enumerate(levels))
    return PeerGroupInput(slug, name, {code: answers})


def test_two_levels_from_the_peer_median_is_flagged_with_the_group_median_and_count():
    found = rules.peer_flags(inputs(maturity(level=5), peer_groups=(group("q1", 2, 3, 3, 4),)))
    assert found == [
        RaisedFlag(
            "peers:q1:inner",
            "peers",
            "q1",
            "data",
            "Level 5 Mastering, 2 levels above the median (3) of the 4 other answers in "
            "Inner London.",
        )
    ]


def test_peer_boundaries_one_level_and_a_half_level_median():
    assert rules.peer_flags(inputs(maturity(level=4), peer_groups=(group("q1", 3, 3, 3),))) == []
    [flag] = rules.peer_flags(inputs(maturity(level=1), peer_groups=(group("q1", 3, 3, 4, 4),)))
    assert "2.5 levels below the median (3.5)" in flag.reason


def test_fewer_than_three_counted_peer_answers_raise_nothing():
    assert rules.MIN_PEER_ANSWERS == 3
    assert rules.peer_flags(inputs(maturity(level=5), peer_groups=(group("q1", 1, 1),))) == []
    assert (
        len(rules.peer_flags(inputs(maturity(level=5), peer_groups=(group("q1", 1, 1, 1),)))) == 1
    )


def test_drafts_the_authority_itself_and_not_applicable_do_not_count():
    counted = (PeerAnswer(101, "approved", 1), PeerAnswer(102, "returned", 1))
    not_counted = (
        PeerAnswer(103, "draft", 1),
        PeerAnswer(ME, "submitted", 1),
        PeerAnswer(104, "submitted", None, not_applicable=True),
    )
    peers = PeerGroupInput("g", "G", {"q1": counted + not_counted})
    assert rules.peer_flags(inputs(maturity(level=5), peer_groups=(peers,))) == []
    more = PeerGroupInput(
        "g", "G", {"q1": (*counted, PeerAnswer(105, "submitted", 2), *not_counted)}
    )
    [flag] = rules.peer_flags(inputs(maturity(level=5), peer_groups=(more,)))
    assert "of the 3 other answers in G" in flag.reason


def test_one_flag_per_group_keyed_by_its_slug():
    groups = (group("q1", 1, 1, 1, slug="a", name="A"), group("q1", 5, 5, 5, slug="b", name="B"))
    assert [f.key for f in rules.peer_flags(inputs(maturity(level=3), peer_groups=groups))] == [
        "peers:q1:a",
        "peers:q1:b",
    ]


def test_a_not_applicable_answer_is_not_compared_with_peers():
    assert (
        rules.peer_flags(inputs(maturity(level=None, na=True), peer_groups=(group("q1", 1, 1, 1),)))
        == []
    )


# 3. Top level with no evidence ----------------------------------------------------------------


def test_top_level_with_blank_evidence_is_flagged():
    assert rules.no_evidence_flags(inputs(maturity(level=5, evidence="  \n"))) == [
        RaisedFlag(
            "no_evidence:q1",
            "no_evidence",
            "q1",
            "data",
            "Level 5 Mastering, the top of the scale, with no evidence given.",
        )
    ]
    assert rules.no_evidence_flags(inputs(maturity(level=5, evidence="See the audit."))) == []
    assert rules.no_evidence_flags(inputs(maturity(level=4, evidence=""))) == []
    assert len(rules.no_evidence_flags(inputs(maturity(level=4, evidence=""), scale=FOUR))) == 1


# 4. Area score moved ----------------------------------------------------------------------------


def area_inputs(now, before, points=20):
    return inputs(
        area_names={"data": "Data"},
        area_scores={"data": now},
        area_move_points=points,
        previous=previous(area_scores={"data": before}),
    )


def test_an_area_exactly_at_the_threshold_is_not_flagged_and_above_is():
    assert rules.area_moved_flags(area_inputs(70.1, 50.1)) == []  # exactly 20, in floats
    assert rules.area_moved_flags(area_inputs(50.1, 70.1)) == []
    assert rules.area_moved_flags(area_inputs(70.11, 50.1)) == [
        RaisedFlag(
            "area_moved:data",
            "area_moved",
            None,
            "data",
            "Data: 70.11 out of 100, up 20.01 points from 50.1 in the 2025 assessment "
            "(more than 20).",
        )
    ]
    [down] = rules.area_moved_flags(area_inputs(10, 45, points=30))
    assert "down 35 points from 45" in down.reason and "more than 30" in down.reason


def test_an_area_without_a_score_then_or_now_is_not_compared():
    assert rules.area_moved_flags(area_inputs(None, 10)) == []
    assert rules.area_moved_flags(area_inputs(90, None)) == []
    assert rules.area_moved_flags(inputs(area_scores={"data": 90})) == []  # no earlier round


# 5. Contradictions -------------------------------------------------------------------------------

CHECK = CheckInput(1, "yn", "is", 0, "q1", "at_most", 3, "")


def test_a_check_whose_if_holds_and_then_fails_is_flagged_in_words():
    found = rules.contradiction_flags(
        inputs(yes_no(value=False), maturity(level=4), checks=(CHECK,))
    )
    assert found == [
        RaisedFlag(
            "contradiction:1",
            "contradiction",
            "q1",
            "data",
            "YN is No, so Q1 was expected to be at most level 3 Learning, but it is level 4 "
            "Developing.",
        )
    ]


def test_the_checks_message_is_the_reason_with_the_answers():
    check = dataclasses.replace(CHECK, order=4, message="Unlikely without it.")
    [flag] = rules.contradiction_flags(
        inputs(yes_no(value=False), maturity(level=5), checks=(check,))
    )
    assert flag.key == "contradiction:4"
    assert flag.reason == "Unlikely without it. Answers given: YN: No; Q1: level 5 Mastering."


def test_no_contradiction_when_either_side_is_unmet_unanswered_or_not_applicable():
    def found(*answers, check=CHECK):
        return rules.contradiction_flags(inputs(*answers, checks=(check,)))

    assert found(yes_no(value=True), maturity(level=5)) == []  # "if" does not hold
    assert found(yes_no(value=False), maturity(level=3)) == []  # "then" holds (boundary)
    assert found(maturity(level=5)) == []  # "if" unanswered
    assert found(yes_no(value=False)) == []  # "then" unanswered
    assert found(yes_no(value=False, na=True), maturity(level=5)) == []
    assert found(yes_no(value=False), maturity(level=None, na=True)) == []
    assert found(yes_no(value=None), maturity(level=5)) == []
    at_least = CheckInput(2, "q1", "at_most", 1, "q2", "at_least", 3, "")
    assert len(found(maturity(level=1), maturity("q2", level=2), check=at_least)) == 1
    assert found(maturity(level=1), maturity("q2", level=3), check=at_least) == []
    assert found(maturity(level=2), maturity("q2", level=1), check=at_least) == []


def test_side_holds_is_none_for_what_it_cannot_compare():
    assert rules.side_holds(None, "is", 1) is None
    assert rules.side_holds(maturity(level=3), "is", 1) is None
    assert rules.side_holds(yes_no(value=True), "at_least", 1) is None
    assert rules.side_holds(yes_no(value=True), "is", 1) is True
    assert rules.side_holds(maturity(level=3), "at_least", 3) is True
    assert rules.side_holds(maturity(level=3), "at_most", 2) is False


# All rules together, and properties ------------------------------------------------------------


def test_raise_flags_applies_every_rule_in_order():
    everything = inputs(
        yes_no(value=False),
        maturity(level=5, evidence=""),
        area_names={"data": "Data"},
        area_scores={"data": 100.0},
        previous=previous(maturity(level=1), area_scores={"data": 0.0}),
        peer_groups=(group("q1", 1, 1, 1),),
        checks=(CHECK,),
    )
    assert [flag.rule for flag in raise_flags(everything)] == [
        "moved",
        "peers",
        "no_evidence",
        "area_moved",
        "contradiction",
    ]


levels = st.integers(min_value=1, max_value=5)


@given(now=levels, then=levels)
def test_moved_flags_exactly_when_two_or_more_levels_apart(now, then):
    found = rules.moved_flags(inputs(maturity(level=now), previous=previous(maturity(level=then))))
    assert bool(found) == (abs(now - then) >= 2)


@given(level=levels, peers=st.lists(levels, max_size=8))
def test_peers_flags_exactly_when_far_from_a_median_of_three_or_more(level, peers):
    found = rules.peer_flags(inputs(maturity(level=level), peer_groups=(group("q1", *peers),)))
    ordered = sorted(peers)
    middle = len(ordered) // 2
    median = (
        (ordered[middle - 1] + ordered[middle]) / 2
        if len(ordered) % 2 == 0 and ordered
        else (ordered[middle] if ordered else 0)
    )
    assert bool(found) == (len(peers) >= 3 and abs(level - median) >= 2)


scores = st.integers(min_value=0, max_value=10000).map(lambda n: n / 100)


@given(now=scores, then=scores, points=st.integers(min_value=0, max_value=100))
def test_area_moved_flags_exactly_when_more_than_the_threshold(now, then, points):
    found = rules.area_moved_flags(area_inputs(now, then, points))
    assert bool(found) == (abs(round(now * 100) - round(then * 100)) > points * 100)


@given(
    answers=st.lists(
        st.tuples(levels | st.none(), st.booleans(), st.sampled_from(["", "Evidence."])),
        min_size=1,
        max_size=6,
    )
)
def test_keys_are_unique_and_name_the_rule(answers):
    given_answers = [
        maturity(f"q{i}", level, na=level is None and na, evidence=evidence)
        for i, (level, na, evidence) in enumerate(answers)
    ]
    found = raise_flags(
        inputs(
            *given_answers,
            previous=previous(*[maturity(a.question_code, 1) for a in given_answers]),
            peer_groups=(
                PeerGroupInput(
                    "g",
                    "G",
                    {
                        a.question_code: tuple(PeerAnswer(100 + n, "approved", 1) for n in range(3))
                        for a in given_answers
                    },
                ),
            ),
        )
    )
    keys = [flag.key for flag in found]
    assert len(keys) == len(set(keys))
    assert all(flag.key.split(":")[0] == flag.rule for flag in found)

"""Properties of the scoring method that must hold for every questionnaire and answers."""

import dataclasses
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.results import scoring
from surveys.results.scoring import AnswerValue, AreaSpec, QuestionnaireSpec, QuestionSpec, Scale

weights = st.one_of(
    st.integers(1, 5), st.decimals(Decimal("0.01"), Decimal("10"), places=2, allow_nan=False)
)


@st.composite
def scales(draw):
    size = draw(st.integers(1, 7))
    step = Fraction(100, max(size - 1, 1))
    kind = draw(st.sampled_from(["usual", "shifted", "any"]))
    if kind == "usual":  # bands halfway between the scores of neighbouring answers
        mins = [Fraction(0)] + [step * (n - Fraction(1, 2)) for n in range(1, size)]
    elif kind == "shifted":  # bands at or just above an answer's score: the awkward edges
        offset = draw(st.sampled_from([Fraction(0), Fraction(1, 100), Fraction(5)]))
        mins = [Fraction(0)] + [min(step * n + offset, Fraction(100)) for n in range(1, size)]
    else:  # any bands at all: the properties must not rely on the usual ones
        others = draw(st.lists(st.integers(0, 10000), min_size=size - 1, max_size=size - 1))
        mins = [Fraction(0)] + sorted(Fraction(m, 100) for m in others)
    return Scale(tuple((n, f"Level {n}", m) for n, m in enumerate(mins, 1)))


@st.composite
def questionnaires(draw, method=None):
    scale = draw(scales())
    areas = tuple(AreaSpec(f"a{i}", draw(weights)) for i in range(draw(st.integers(1, 4))))
    questions = tuple(
        QuestionSpec(
            code=f"q{i}",
            area_code=draw(st.sampled_from(areas)).code,
            kind=draw(st.sampled_from(["maturity", "maturity", "yes_no", "number", "text"])),
            weight=draw(weights),
            required=draw(st.booleans()),
            scored=draw(st.booleans()) or draw(st.booleans()),
        )
        for i in range(draw(st.integers(1, 12)))
    )
    return QuestionnaireSpec(
        scale, areas, questions, method or draw(st.sampled_from(["mean", "gated"]))
    )


@st.composite
def answers_for(draw, spec):
    answers = []
    for question in spec.questions:
        choice = draw(st.sampled_from(["answer", "answer", "na", "missing"]))
        if choice == "missing":
            continue
        if choice == "na":
            answers.append(AnswerValue(question.code, not_applicable=True))
        elif question.kind == "maturity":
            level = draw(st.integers(1, spec.scale.size))
            answers.append(AnswerValue(question.code, level=level))
        elif question.kind == "yes_no":
            answers.append(AnswerValue(question.code, yes_no=draw(st.booleans())))
        else:
            answers.append(AnswerValue(question.code, answered=draw(st.booleans())))
    return answers


@st.composite
def cases(draw, method=None):
    spec = draw(questionnaires(method))
    return spec, draw(answers_for(spec))


def _all_scores(result):
    yield result.overall_score
    yield result.completion
    for area in result.areas:
        yield area.score
        yield area.completion
    for question in result.questions:
        yield question.score


@given(cases())
def test_every_score_and_completion_lies_between_0_and_100(case):
    result = scoring.score_assessment(*case)
    assert all(0 <= value <= 100 for value in _all_scores(result) if value is not None)
    levels = [result.overall_level] + [area.level for area in result.areas]
    assert all(1 <= level <= case[0].scale.size for level in levels if level is not None)


def _raisable(spec, answers):
    kinds = {q.code: q.kind for q in spec.questions}
    for i, answer in enumerate(answers):
        kind = kinds[answer.question_code]
        if kind == "maturity" and answer.level is not None and answer.level < spec.scale.size:
            yield i, dataclasses.replace(answer, level=answer.level + 1)
        if kind == "yes_no" and answer.yes_no is False:
            yield i, dataclasses.replace(answer, yes_no=True)


def _at_least(higher, lower):
    return lower is None or (higher is not None and higher >= lower)


@given(cases(), st.data())
def test_raising_one_answer_never_lowers_its_area_or_the_overall(case, data):
    spec, answers = case
    options = list(_raisable(spec, answers))
    if not options:
        return
    i, raised = data.draw(st.sampled_from(options))
    before = scoring.score_assessment(spec, answers)
    after = scoring.score_assessment(spec, answers[:i] + [raised] + answers[i + 1 :])
    for old, new in zip(before.areas, after.areas, strict=True):
        assert _at_least(new.score, old.score)
        assert _at_least(new.level, old.level)
    assert _at_least(after.overall_score, before.overall_score)
    assert _at_least(after.overall_level, before.overall_level)


@given(cases(), st.data())
def test_na_answers_elsewhere_never_change_any_contribution(case, data):
    spec, answers = case
    answered = {a.question_code for a in answers}
    unanswered = [q.code for q in spec.questions if q.code not in answered]
    na = [a for a in answers if a.not_applicable]
    before = scoring.score_assessment(spec, answers)
    changed = list(answers)
    if unanswered:  # add an N/A answer to a question that had none
        changed.append(AnswerValue(data.draw(st.sampled_from(unanswered)), not_applicable=True))
    if na:  # and remove an existing N/A answer
        changed.remove(data.draw(st.sampled_from(na)))
    after = scoring.score_assessment(spec, changed)
    assert [q.score for q in after.questions] == [q.score for q in before.questions]
    assert [a.score for a in after.areas] == [a.score for a in before.areas]
    assert [a.level for a in after.areas] == [a.level for a in before.areas]
    assert (after.overall_score, after.overall_level) == (
        before.overall_score,
        before.overall_level,
    )


@given(cases(), st.randoms(use_true_random=False))
def test_answer_order_does_not_matter(case, random):
    spec, answers = case
    shuffled = list(answers)
    random.shuffle(shuffled)
    assert scoring.score_assessment(spec, shuffled) == scoring.score_assessment(spec, answers)


@given(cases(), weights, weights)
def test_equal_weights_give_the_plain_mean(case, question_weight, area_weight):
    spec, answers = case
    spec = dataclasses.replace(
        spec,
        areas=tuple(dataclasses.replace(a, weight=area_weight) for a in spec.areas),
        questions=tuple(dataclasses.replace(q, weight=question_weight) for q in spec.questions),
    )
    result = scoring.score_assessment(spec, answers)
    by_code = {a.question_code: a for a in answers}
    scored_areas = []
    for area, area_result in zip(spec.areas, result.areas, strict=True):
        scores = [
            scoring.question_score(q, by_code.get(q.code), spec.scale)
            for q in spec.questions
            if q.area_code == area.code
        ]
        scores = [s for s in scores if s is not None]
        expected = scoring.to_float(sum(scores) / len(scores)) if scores else None
        assert area_result.score == expected
        if any(q.is_scored for q in spec.questions if q.area_code == area.code):
            scored_areas.append(area_result.score)
    if scored_areas and None not in scored_areas:
        plain = sum(Fraction(str(s)) for s in scored_areas) / len(scored_areas)
        assert result.overall_score == scoring.to_float(plain)


@settings(max_examples=200)
@given(cases(method="mean"))
def test_gated_level_is_never_above_the_mean_method_level(case):
    spec, answers = case
    mean = scoring.score_assessment(spec, answers)
    gated = scoring.score_assessment(dataclasses.replace(spec, method="gated"), answers)
    assert [a.score for a in gated.areas] == [a.score for a in mean.areas]
    assert gated.overall_score == mean.overall_score
    for mean_area, gated_area in zip(mean.areas, gated.areas, strict=True):
        assert (gated_area.level is None) == (mean_area.level is None)
        assert gated_area.level is None or gated_area.level <= mean_area.level
    if mean.overall_level is not None:
        assert gated.overall_level <= mean.overall_level

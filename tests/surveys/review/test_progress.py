"""round_progress / round_summaries / reminders_due: statuses, completion, filters, queries."""

import datetime

import pytest
from django.utils import timezone

from boroughs.models import Authority
from surveys.models import Answer, Assessment, AssessmentFlag, Question, ReviewQuery, Round
from surveys.results.selectors import results_for
from surveys.review.progress import (
    Progress,
    reminders_due,
    round_progress,
    round_summaries,
    sort_progress,
)
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, ISLINGTON, assessment, gss_codes

pytestmark = pytest.mark.django_db

Status = Assessment.Status


def _by_gss(rows):
    return {row.authority.gss_code: row for row in rows}


def test_every_authority_is_listed_by_name_even_without_an_assessment(open_round):
    rows = round_progress(round=open_round)
    assert len(rows) == 33
    assert [r.authority.name for r in rows] == sorted(r.authority.name for r in rows)
    assert {r.status for r in rows} == {Progress.NOT_STARTED}
    assert {r.completion for r in rows} == {0.0}
    assert all(r.assessment is None and r.last_activity_at is None for r in rows)


def test_statuses(open_round, lead):
    assessment(open_round, CAMDEN, status=Status.DRAFT, answered=0)
    assessment(open_round, HACKNEY, status=Status.DRAFT, answered=1)
    assessment(open_round, ISLINGTON, status=Status.SUBMITTED)
    codes = gss_codes(3)
    assessment(open_round, codes[0], status=Status.RETURNED)
    assessment(open_round, codes[1], status=Status.APPROVED)
    rows = _by_gss(round_progress(round=open_round))
    assert rows[CAMDEN].status == Progress.NOT_STARTED  # a draft with no answers
    assert rows[CAMDEN].assessment is not None
    assert rows[HACKNEY].status == Progress.IN_PROGRESS
    assert rows[ISLINGTON].status == Progress.SUBMITTED
    assert rows[codes[0]].status == Progress.RETURNED
    assert rows[codes[1]].status == Progress.APPROVED
    assert rows[codes[2]].status == Progress.NOT_STARTED


def test_an_empty_answer_row_is_not_progress(open_round):
    draft = assessment(open_round, CAMDEN, status=Status.DRAFT, answered=0)
    question = open_round.questionnaire.questions.order_by("pk").first()
    factories.AnswerFactory(assessment=draft, question=question, level=None, evidence="Soon")
    row = _by_gss(round_progress(round=open_round))[CAMDEN]
    assert row.status == Progress.NOT_STARTED
    assert row.completion == 0.0


def test_completion_per_area_and_overall():
    questionnaire = factories.make_questionnaire(
        areas=2, questions_per_area=3, kinds=("maturity", "text", "yes_no")
    )
    round_ = factories.RoundFactory(questionnaire=questionnaire)
    draft = assessment(round_, CAMDEN, status=Status.DRAFT, answered=0)
    questions = list(questionnaire.questions.order_by("area__order", "order"))
    # Area 1: maturity answered, text blank (not answered), yes/no N/A (answered).
    Answer.objects.create(
        assessment=draft, question=questions[0], level=2, changed_at=timezone.now()
    )
    Answer.objects.create(
        assessment=draft, question=questions[1], text="   ", changed_at=timezone.now()
    )
    Answer.objects.create(
        assessment=draft, question=questions[2], not_applicable=True, changed_at=timezone.now()
    )
    # Area 2: one optional question answered (does not count), nothing else.
    Question.objects.filter(pk=questions[3].pk).update(required=False)
    Answer.objects.create(
        assessment=draft, question=questions[3], level=5, changed_at=timezone.now()
    )
    row = _by_gss(round_progress(round=round_))[CAMDEN]
    assert row.status == Progress.IN_PROGRESS
    assert [(a.code, a.completion) for a in row.areas] == [("area-1", 66.67), ("area-2", 0.0)]
    assert row.completion == 40.0  # 2 of 5 required questions
    # The same completion as the scoring selector's.
    results = results_for(assessments=Assessment.objects.filter(pk=draft.pk))
    assert results.assessments[0].completion == row.completion
    assert [a.completion for a in results.areas] == [a.completion for a in row.areas]


def test_answers_of_another_round_do_not_count(open_round):
    other_round = factories.RoundFactory(questionnaire=open_round.questionnaire)
    assessment(other_round, CAMDEN, status=Status.DRAFT)
    row = _by_gss(round_progress(round=open_round))[CAMDEN]
    assert row.status == Progress.NOT_STARTED and row.completion == 0.0


def test_last_activity_and_submission(open_round, lead):
    submitted = assessment(open_round, CAMDEN, by=lead)
    row = _by_gss(round_progress(round=open_round))[CAMDEN]
    assert row.last_activity_at == submitted.last_activity_at
    assert row.last_activity_by == lead.get_full_name()
    assert row.submitted_at == submitted.submitted_at


def test_filters(open_round):
    assessment(open_round, CAMDEN, status=Status.SUBMITTED)
    assessment(open_round, HACKNEY, status=Status.SUBMITTED)
    group = factories.PeerGroupFactory()
    group.authorities.add(factories.authority(CAMDEN), factories.authority(ISLINGTON))
    submitted = round_progress(round=open_round, status="submitted")
    assert {r.authority.gss_code for r in submitted} == {CAMDEN, HACKNEY}
    in_group = round_progress(round=open_round, peer_group=group)
    assert {r.authority.gss_code for r in in_group} == {CAMDEN, ISLINGTON}
    both = round_progress(round=open_round, status="submitted", peer_group=group)
    assert [r.authority.gss_code for r in both] == [CAMDEN]
    assert round_progress(round=open_round, status="approved") == []


@pytest.mark.parametrize("count", [3, 33])
@pytest.mark.parametrize("size", [(2, 2), (4, 6)])
def test_a_constant_number_of_queries(count, size, django_assert_num_queries):
    areas, per_area = size
    questionnaire = factories.make_questionnaire(areas=areas, questions_per_area=per_area)
    round_ = factories.RoundFactory(questionnaire=questionnaire)
    for index, code in enumerate(gss_codes(count)):
        status = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED][index % 3]
        assessment(round_, code, status=status, answered=index % (areas * per_area) + 1)
    group = factories.PeerGroupFactory()
    group.authorities.set(Authority.objects.all())
    # Moderation is counted too: flags and queries on every assessment, and the responses
    # once a provisional release is out (one more query).
    for made in Assessment.objects.filter(round=round_):
        question = made.round.questionnaire.questions.first()
        AssessmentFlag.objects.create(
            assessment=made,
            key="no_evidence",
            rule="no_evidence",
            question=question,
            reason="?",
            raised_at=timezone.now(),
        )
        ReviewQuery.objects.create(
            assessment=made, question=question, text="?", created_at=timezone.now()
        )
    Round.objects.filter(pk=round_.pk).update(provisional_sent_at=timezone.now())
    round_ = Round.objects.get(pk=round_.pk)
    with django_assert_num_queries(7):
        rows = round_progress(round=round_, status="submitted", peer_group=group)
        [row.last_activity_by for row in rows]
    assert len(rows) == count // 3
    assert all(row.moderation.open_flags == row.moderation.open_queries == 1 for row in rows)


def test_sorting(open_round, lead):
    assessment(open_round, CAMDEN, status=Status.SUBMITTED, answered=1)
    assessment(open_round, HACKNEY, status=Status.APPROVED)
    rows = round_progress(round=open_round)
    by_completion = sort_progress(rows, sort="completion", descending=True)
    assert [r.authority.gss_code for r in by_completion[:2]] == [HACKNEY, CAMDEN]
    by_status = sort_progress(rows, sort="status", descending=True)
    assert by_status[0].authority.gss_code == HACKNEY  # approved is last in the workflow
    # Missing dates sort last whichever the direction.
    for descending in (False, True):
        submitted = sort_progress(rows, sort="submitted", descending=descending)
        assert {r.authority.gss_code for r in submitted[:2]} == {CAMDEN, HACKNEY}
        assert submitted[2].submitted_at is None
    by_name = sort_progress(rows, sort="name", descending=True)
    assert by_name[0].authority.name == "Westminster"


def test_round_summaries_count_every_authority(open_round, django_assert_num_queries):
    assessment(open_round, CAMDEN, status=Status.DRAFT, answered=0)
    assessment(open_round, HACKNEY, status=Status.DRAFT, answered=1)
    assessment(open_round, ISLINGTON, status=Status.SUBMITTED)
    closed = factories.RoundFactory(
        questionnaire=open_round.questionnaire,
        opens_on=open_round.opens_on - datetime.timedelta(days=400),
        closes_on=open_round.opens_on - datetime.timedelta(days=300),
        status=Round.Status.CLOSED,
    )
    for code in gss_codes(5):
        assessment(closed, code, status=Status.APPROVED)
    with django_assert_num_queries(3):
        summaries = round_summaries()
    assert [s.round for s in summaries] == [open_round, closed]
    assert summaries[0].counts == {
        Progress.NOT_STARTED: 31,
        Progress.IN_PROGRESS: 1,
        Progress.SUBMITTED: 1,
        Progress.RETURNED: 0,
        Progress.APPROVED: 0,
    }
    assert summaries[1].counts[Progress.APPROVED] == 5
    assert summaries[1].counts[Progress.NOT_STARTED] == 28


def test_reminders_due(open_round, lead, contributor, other_lead):
    today = timezone.localdate()
    Round.objects.filter(pk=open_round.pk).update(closes_on=today + datetime.timedelta(days=5))
    assessment(open_round, HACKNEY, status=Status.SUBMITTED)
    assessment(open_round, ISLINGTON, status=Status.RETURNED)
    reminders = reminders_due(days=7)
    by_gss = {r.authority.gss_code: r for r in reminders}
    assert len(reminders) == 32  # everyone but Hackney, which has submitted
    assert HACKNEY not in by_gss
    assert by_gss[CAMDEN].recipients == [(lead.get_full_name(), lead.email)]  # leads only
    assert by_gss[ISLINGTON].status == Progress.RETURNED
    assert by_gss[ISLINGTON].recipients == []
    assert reminders_due(days=4) == []
    assert reminders_due(days=5, today=today) != []
    Round.objects.filter(pk=open_round.pk).update(status=Round.Status.CLOSED)
    assert reminders_due(days=7) == []

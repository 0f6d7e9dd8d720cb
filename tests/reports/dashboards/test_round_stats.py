"""London's question distribution of a round: the same as worked out afresh, read from the
cache while the round's approved results are unchanged, never stale after a change."""

import pytest
from django.utils import timezone

from boroughs.models import Authority
from reports.dashboards import selectors
from reports.dashboards.results import compared_results
from reports.dashboards.round_stats import london_question_stats, results_state
from reports.frames import results as frames
from reports.frames import stats as frames_stats
from surveys.models import Answer, Assessment
from surveys.results.snapshots import result_snapshot_create
from surveys.review.services.assessments import assessment_reopen
from tests import factories

pytestmark = pytest.mark.django_db


def afresh(round_, question_list):
    """The distribution worked out from every approved question score, with no cache."""
    from accounts.access import MIN_AUTHORITIES

    data = frames.frames_from_rows(
        compared_results([round_], questions=True),
        frames.authority_frame(selectors.authority_list()),
    )
    return frames_stats.question_stats(data["questions"], question_list, MIN_AUTHORITIES)


def scored_questions(round_):
    question_df = frames.question_list_frame(selectors.question_list(round_))
    return question_df[question_df["scored"]]


def test_the_distribution_is_what_working_it_out_afresh_gives(results_round):
    question_list = scored_questions(results_round)
    stats = london_question_stats(results_round, question_list)
    expected = afresh(results_round, question_list)
    assert stats.equals(expected)
    assert stats["median"].notna().all()  # eight approved authorities: enough to show


def test_while_results_are_unchanged_it_is_read_from_the_cache(
    results_round, django_assert_num_queries
):
    question_list = scored_questions(results_round)
    first = london_question_stats(results_round, question_list)
    with django_assert_num_queries(2):  # the results' state and the cache
        again = london_question_stats(results_round, question_list)
    assert again.equals(first)


def test_an_approval_or_a_reopening_is_seen_at_once(results_round, admin_user):
    question_list = scored_questions(results_round)
    before_state = results_state(results_round)
    before = london_question_stats(results_round, question_list)
    # A ninth authority approved with every answer at the top level moves the medians up.
    authority = Authority.objects.exclude(assessments__round=results_round).order_by("name")[0]
    assessment = factories.AssessmentFactory(
        authority=authority, round=results_round, status=Assessment.Status.APPROVED
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question=q, level=5, changed_at=timezone.now())
        for q in results_round.questionnaire.questions.all()
    )
    result_snapshot_create(assessment=assessment)
    assert results_state(results_round) != before_state
    after = london_question_stats(results_round, question_list)
    assert after.equals(afresh(results_round, question_list))
    assert (after["authorities"] == before["authorities"] + 1).all()
    assert not after["median"].equals(before["median"])
    assessment_reopen(assessment=assessment, actor=admin_user, reason="Evidence missing")
    reopened = london_question_stats(results_round, question_list)
    assert reopened.equals(before)

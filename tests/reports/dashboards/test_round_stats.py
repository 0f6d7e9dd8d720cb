"""London's question distribution of a round: the same as worked out afresh, read from the
cache while the round's approved results are unchanged, never stale after a change."""

import pandas as pd
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
    rows = frames_stats.grouped_stat_rows(
        data["questions"], "question_code", question_list["question_code"], MIN_AUTHORITIES
    )
    return frames_stats.question_stats_from_rows(rows, question_list)


def approve_another_at_the_top(round_) -> Assessment:
    """One more authority's assessment of ``round_``, approved with a snapshot, every
    answer at the top level (so it moves London's medians up)."""
    authority = Authority.objects.exclude(assessments__round=round_).order_by("name")[0]
    assessment = factories.AssessmentFactory(
        authority=authority, round=round_, status=Assessment.Status.APPROVED
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, question=q, level=5, changed_at=timezone.now())
        for q in round_.questionnaire.questions.all()
    )
    result_snapshot_create(assessment=assessment)
    return assessment


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
    assessment = approve_another_at_the_top(results_round)
    assert results_state(results_round) != before_state
    after = london_question_stats(results_round, question_list)
    assert after.equals(afresh(results_round, question_list))
    assert (after["authorities"] == before["authorities"] + 1).all()
    assert not after["median"].equals(before["median"])
    assessment_reopen(assessment=assessment, actor=admin_user, reason="Evidence missing")
    reopened = london_question_stats(results_round, question_list)
    assert reopened.equals(before)


def medians_afresh(round_, area_list, groups):
    """Group medians worked out from every approved result, with no cache."""
    from accounts.access import MIN_AUTHORITIES

    data = frames.frames_from_rows(
        compared_results([round_]), frames.authority_frame(selectors.authority_list())
    )
    return frames_stats.group_medians(
        data["overall"], data["areas"], area_list, groups, MIN_AUTHORITIES
    ).to_dict("records")


def same(records_a, records_b) -> bool:
    """Equal rows, empty medians (NaN) equal too."""
    return pd.DataFrame(records_a).equals(pd.DataFrame(records_b))


def test_group_medians_are_worked_out_afresh_then_read_until_something_changes(
    results_round, django_assert_num_queries
):
    from reports.dashboards.round_stats import london_group_medians

    area_list = frames.area_list_frame(selectors.area_list(results_round))
    groups = selectors.comparison_groups(selectors.authority_list())
    first = london_group_medians(results_round, area_list, groups)
    assert same(first, medians_afresh(results_round, area_list, groups))
    assert [row["group"] for row in first] == list(groups)
    state = results_state(results_round)
    with django_assert_num_queries(1):  # the cache alone, the state given
        again = london_group_medians(results_round, area_list, groups, state=state)
    assert same(again, first)
    # Other members make another group: worked out afresh, not read from the cache.
    smaller = {"London": set(sorted(groups["London"])[:5])}
    assert same(
        london_group_medians(results_round, area_list, smaller),
        medians_afresh(results_round, area_list, smaller),
    )
    # A new approval changes the state, so the medians are worked out again.
    approve_another_at_the_top(results_round)
    after = london_group_medians(results_round, area_list, groups)
    assert same(after, medians_afresh(results_round, area_list, groups))
    assert not same(after, first)

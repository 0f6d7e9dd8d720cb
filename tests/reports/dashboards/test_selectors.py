"""The dashboards' result selectors: everyone's rows for aggregates, named rows filtered
for the viewer by ``accounts.access`` (no page filters frames itself)."""

import pytest

from accounts import access
from boroughs.models import Authority
from reports.dashboards import selectors
from reports.dashboards.results import (
    AUTHORITY,
    compared_results,
    named_results,
    profile_results,
)
from surveys.models import Assessment
from tests import factories

pytestmark = pytest.mark.django_db


def authority_ids(rows) -> set[int]:
    return {row[AUTHORITY] for row in rows.overall} | {
        row.authority_id for row in rows.live.assessments
    }


def test_compared_results_hold_every_approved_result(results_round):
    rows = compared_results([results_round], questions=True)
    assert len(authority_ids(rows)) == 8
    assert len(rows.questions) == 8 * 4


def test_a_lead_sees_only_their_own_rows_by_name_without_sharing(
    lead, results_round, django_assert_num_queries
):
    viewer = access.viewer_for(lead)
    rows = compared_results([results_round], questions=True)
    with django_assert_num_queries(0):
        named = named_results(viewer, results_round, rows)
    own = {row[0] for row in named.overall}
    assert authority_ids(named) == {viewer.authority_id}
    assert {row[0] for row in named.areas} == own and len(named.areas) == 2
    assert {row[0] for row in named.questions} == own and len(named.questions) == 4
    assert {pair[0] for pair in named.not_applicable} <= own


@pytest.mark.parametrize(("who", "share"), [("lead", True), ("cdo", False), ("cdo", True)])
def test_names_visible_keeps_every_row(request, who, share):
    from tests.reports.conftest import make_results_round

    round_ = make_results_round(share=share)
    viewer = access.viewer_for(request.getfixturevalue(who))
    rows = compared_results([round_], questions=True)
    named = named_results(viewer, round_, rows)
    assert (named.overall, named.areas, named.questions) == (
        rows.overall,
        rows.areas,
        rows.questions,
    )


def test_live_rows_are_filtered_too(lead, results_round):
    """An approved assessment without a snapshot is scored live: still only one's own."""
    camden = Authority.objects.get(gss_code="E09000007")
    Assessment.objects.filter(round=results_round).exclude(
        authority=camden
    ).first().snapshot.delete()
    viewer = access.viewer_for(lead)
    rows = compared_results([results_round])
    assert rows.live.assessments  # the one without a snapshot
    named = named_results(viewer, results_round, rows)
    assert authority_ids(named) == {camden.pk}
    assert not named.live.assessments


def test_profile_results_add_the_authoritys_draft_only_for_those_who_see_its_evidence(
    lead, other_lead, cdo, open_round
):
    camden = Authority.objects.get(gss_code="E09000007")
    factories.AssessmentFactory(authority=camden, round=open_round)
    mine = profile_results(access.viewer_for(lead), camden, open_round)
    office = profile_results(access.viewer_for(cdo), camden, open_round)
    other = profile_results(access.viewer_for(other_lead), camden, open_round)
    assert [row.authority_id for row in mine.live.assessments] == [camden.pk]
    assert [row.authority_id for row in office.live.assessments] == [camden.pk]
    assert other.live.assessments == []


def test_named_authority_ids_need_names_in_every_round(lead, results_round, shared_round):
    viewer = access.viewer_for(lead)
    everyone = set(Authority.objects.values_list("pk", flat=True))
    assert selectors.named_authority_ids(viewer, [shared_round], everyone) == everyone
    both = selectors.named_authority_ids(viewer, [shared_round, results_round], everyone)
    assert both == {viewer.authority_id}


def test_named_authorities_and_evidence(lead, cdo, results_round, shared_round):
    viewer = access.viewer_for(lead)
    assert selectors.named_authorities(viewer, results_round) == []
    assert len(selectors.named_authorities(viewer, shared_round)) == Authority.objects.count()
    assert selectors.named_authorities(viewer, None) == []
    ids = set(Authority.objects.values_list("pk", flat=True))
    assert selectors.evidence_visible(viewer, ids) == {viewer.authority_id}
    assert selectors.evidence_visible(access.viewer_for(cdo), ids) == ids

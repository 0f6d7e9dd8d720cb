"""A lead's provisional results page: own results and aggregates only (never another
authority's), the confirm-or-correct form, who may respond, 404s for tampering, the start
page's banner, and constant query counts."""

import datetime
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.access import MIN_AUTHORITIES
from boroughs.models import Authority
from surveys.models import Assessment, ProvisionalResponse, ResultSnapshot, Round
from surveys.review.provisional_selectors import (
    group_median,
    provisional_standing,
    provisional_waiting_for,
)
from tests import factories
from tests.surveys.review.provisional_support import approved, closed_round, released
from tests.surveys.review.support import CAMDEN, HACKNEY, assessment

pytestmark = pytest.mark.django_db

CORRECTION = ProvisionalResponse.Kind.CORRECTION


def _url(round_) -> str:
    return reverse("surveys:provisional", args=[round_.slug])


def _inner_codes(count: int) -> list[str]:
    """Inner London authorities other than Camden (Camden is inner)."""
    return list(
        Authority.objects.filter(inner_outer=Authority.SubRegion.INNER)
        .exclude(gss_code=CAMDEN)
        .order_by("gss_code")
        .values_list("gss_code", flat=True)[:count]
    )


# --- The medians (pure rule, then the selector) ---------------------------------------------


def test_group_median_needs_the_minimum_of_members_with_a_score():
    scores = {1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0, 5: 50.0, 6: 99.0}
    assert group_median(scores, {1, 2, 3, 4, 5}, 5) == 30.0
    assert group_median(scores, {1, 2, 3, 4, 5, 6}, 5) == 35.0  # halfway between two
    assert group_median(scores, {1, 2, 3, 4, 7}, 5) is None  # 7 has no score
    assert group_median({}, set(), 5) is None


def test_standing_gives_own_frozen_scores_and_the_groups_medians():
    round_ = closed_round()
    own = approved(round_, CAMDEN, level=4)
    for index, code in enumerate(_inner_codes(MIN_AUTHORITIES)):
        approved(round_, code, level=1 + index % 3)
    standing = provisional_standing(assessment=own)
    names = [name for name, _ in standing.groups]
    assert names[:2] == ["London", "Inner London"]
    overall = standing.rows[0]
    assert overall.label == "Overall"
    snapshot = ResultSnapshot.objects.get(assessment=own)
    assert overall.score == float(snapshot.overall_score)
    scores = [
        float(s)
        for s in ResultSnapshot.objects.filter(assessment__round=round_).values_list(
            "overall_score", flat=True
        )
    ]
    assert overall.medians[0] == round(statistics.median(scores), 2)
    assert len(standing.rows) == 1 + own.round.questionnaire.areas.count()


def test_groups_below_the_minimum_have_no_median():
    round_ = closed_round()
    own = approved(round_, CAMDEN)
    for code in _inner_codes(MIN_AUTHORITIES - 2):
        approved(round_, code)
    standing = provisional_standing(assessment=own)
    assert dict(standing.groups)["London"] == MIN_AUTHORITIES - 1
    assert all(median is None for row in standing.rows for median in row.medians)


def test_a_peer_group_of_the_authority_is_compared():
    round_ = closed_round()
    own = approved(round_, CAMDEN)
    codes = _inner_codes(MIN_AUTHORITIES)
    for code in codes:
        approved(round_, code)
    group = factories.PeerGroupFactory(name="North partnership")
    group.authorities.set(Authority.objects.filter(gss_code__in=[CAMDEN, *codes[:2]]))
    factories.PeerGroupFactory(name="Not Camden's").authorities.set(
        Authority.objects.filter(gss_code__in=codes)
    )
    standing = provisional_standing(assessment=own)
    assert dict(standing.groups) == {
        "London": MIN_AUTHORITIES + 1,
        "Inner London": MIN_AUTHORITIES + 1,
        "North partnership": 3,
    }


def test_waiting_for_lists_releases_without_a_response(lead, other_lead, cdo):
    round_ = released()
    assert provisional_waiting_for(lead) == [round_]
    assert provisional_waiting_for(cdo) == []
    ProvisionalResponse.objects.create(
        round=round_,
        authority=lead.membership.authority,
        kind=ProvisionalResponse.Kind.CONFIRMED,
        responded_at=timezone.now(),
    )
    assert provisional_waiting_for(lead) == []
    assert provisional_waiting_for(other_lead) == [round_]
    later = timezone.localdate() + datetime.timedelta(days=15)
    assert provisional_waiting_for(other_lead, today=later) == []  # past its date


# --- The page --------------------------------------------------------------------------------


def test_the_page_shows_own_results_and_aggregates_only(client, lead):
    round_ = released(codes=(CAMDEN, HACKNEY))
    client.force_login(lead)
    response = client.get(_url(round_))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your provisional results" in page and "Camden" in page
    assert "Hackney" not in page  # another authority is never named
    assert "Too few results to compare" in page
    assert 'name="kind"' in page and 'name="text"' in page
    assert "govuk-radios__conditional" not in page  # no conditional reveal: see ResponseForm


def test_a_lead_confirms_then_raises_a_correction(client, lead):
    round_ = released()
    client.force_login(lead)
    confirmed = client.post(_url(round_), {"kind": "confirmed"}, follow=True)
    assert "Your response has been sent" in confirmed.content.decode()
    assert ProvisionalResponse.objects.get().kind == "confirmed"
    client.post(_url(round_), {"kind": "correction", "text": "Data should be 60"})
    stored = ProvisionalResponse.objects.get()
    assert (stored.kind, stored.text) == (CORRECTION, "Data should be 60")
    page = client.get(_url(round_)).content.decode()
    assert "Correction raised" in page and "Not resolved yet" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose whether you confirm your results"),
        ({"kind": "perhaps"}, "Choose whether you confirm your results"),
        ({"kind": "correction", "text": ""}, "Enter what needs correcting"),
        ({"kind": "correction", "text": "x" * 5001}, "5,000 characters or fewer"),
    ],
)
def test_bad_responses_show_the_error_summary(client, lead, data, message):
    round_ = released()
    client.force_login(lead)
    response = client.post(_url(round_), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not ProvisionalResponse.objects.exists()


def test_contributors_read_but_may_not_respond(client, contributor):
    round_ = released()
    client.force_login(contributor)
    page = client.get(_url(round_)).content.decode()
    assert "Only your authority's digital leads can respond" in page
    assert 'name="kind"' not in page
    assert client.post(_url(round_), {"kind": "confirmed"}).status_code == 403
    assert not ProvisionalResponse.objects.exists()


def test_after_the_date_the_page_is_read_only_and_a_post_is_refused(client, lead):
    round_ = released()
    Round.objects.filter(pk=round_.pk).update(
        provisional_respond_by=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(lead)
    assert "The date to respond has passed" in client.get(_url(round_)).content.decode()
    response = client.post(_url(round_), {"kind": "confirmed"})
    assert response.status_code == 400 and "has passed" in response.content.decode()
    assert not ProvisionalResponse.objects.exists()


def test_no_release_no_approved_result_or_unknown_round_is_404(client, lead, open_round):
    not_sent = closed_round()
    approved(not_sent, CAMDEN)
    without_camden = released(codes=(HACKNEY,))
    assessment(without_camden, CAMDEN, status=Assessment.Status.RETURNED)
    client.force_login(lead)
    for slug in (not_sent.slug, without_camden.slug, open_round.slug, "no-such-round"):
        url = reverse("surveys:provisional", args=[slug])
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "confirmed"}).status_code == 404


def test_the_cdo_office_gets_403(client, cdo):
    round_ = released()
    client.force_login(cdo)
    assert client.get(_url(round_)).status_code == 403


@pytest.mark.parametrize("count", [2, 10])
def test_the_page_runs_a_constant_number_of_queries(client, lead, count, django_assert_num_queries):
    round_ = released(codes=(CAMDEN, *_inner_codes(count - 1)))
    factories.PeerGroupFactory(name="Partnership").authorities.set(Authority.objects.all())
    client.force_login(lead)
    client.get(_url(round_))
    with django_assert_num_queries(QUERIES):
        assert client.get(_url(round_)).status_code == 200


QUERIES = 14


# --- The start page's banner -------------------------------------------------------------------


def test_the_start_page_says_a_release_waits_until_the_lead_responds(client, lead, contributor):
    round_ = released()
    client.force_login(lead)
    page = client.get(reverse("surveys:start")).content.decode()
    assert f"Your provisional {round_.name} results are ready to check" in page
    assert _url(round_) in page and "Confirm them or raise a correction by" in page
    client.force_login(contributor)
    page = client.get(reverse("surveys:start")).content.decode()
    assert "Your digital lead confirms them" in page
    client.force_login(lead)
    client.post(_url(round_), {"kind": "confirmed"})
    page = client.get(reverse("surveys:start")).content.decode()
    assert "results are ready to check" not in page

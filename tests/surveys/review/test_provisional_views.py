"""The CDO office's provisional-release pages: send (GOV.UK date input and error summary),
the responses table, resolving a correction, publishing with a reason; tampering and
constant query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from surveys.models import ProvisionalResponse, Round
from surveys.review.services.provisional import provisional_respond
from tests import factories
from tests.surveys.review.provisional_support import approved, closed_round, released
from tests.surveys.review.support import CAMDEN, HACKNEY, gss_codes

pytestmark = pytest.mark.django_db

CORRECTION = ProvisionalResponse.Kind.CORRECTION


def _url(round_, name="review:release"):
    return reverse(name, args=[round_.slug])


def _date(day: datetime.date) -> dict:
    return {"respond_by_0": day.day, "respond_by_1": day.month, "respond_by_2": day.year}


def _correction(round_, lead, text="Our data score is wrong") -> ProvisionalResponse:
    return provisional_respond(
        round=round_,
        authority=lead.membership.authority,
        kind=CORRECTION,
        text=text,
        actor=lead,
    )


def test_a_closed_round_offers_the_date_input(client, cdo):
    round_ = closed_round()
    approved(round_, CAMDEN)
    client.force_login(cdo)
    page = client.get(_url(round_)).content.decode()
    assert "What a provisional release is" in page or "Before a round is published" in page
    assert 'name="respond_by_0"' in page and 'name="respond_by_2"' in page
    assert "govuk-date-input" in page
    assert "Send provisional release" in page
    assert "Publish the round" not in page  # the CDO office does not publish


def test_sending_redirects_and_says_so(client, cdo):
    round_ = closed_round()
    approved(round_, CAMDEN)
    client.force_login(cdo)
    day = timezone.localdate() + datetime.timedelta(days=7)
    response = client.post(_url(round_), _date(day), follow=True)
    assert response.redirect_chain[-1][0] == _url(round_)
    assert Round.objects.get(pk=round_.pk).provisional_respond_by == day
    page = response.content.decode()
    assert "Provisional release sent" in page
    assert "No response yet" in page and "Camden" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the date authorities must respond by"),
        ({"respond_by_0": "31", "respond_by_1": "2", "respond_by_2": "2030"}, "real date"),
        ({"respond_by_0": "x", "respond_by_1": "2", "respond_by_2": "2030"}, "valid date"),
        (_date(timezone.localdate() - datetime.timedelta(days=1)), "today or in the future"),
        (_date(timezone.localdate() + datetime.timedelta(days=61)), "within 60 days"),
    ],
)
def test_a_bad_date_shows_the_error_summary_and_changes_nothing(client, cdo, data, message):
    round_ = closed_round()
    approved(round_, CAMDEN)
    client.force_login(cdo)
    response = client.post(_url(round_), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert "<title>Error:" in page
    assert Round.objects.get(pk=round_.pk).provisional_sent_at is None
    assert not AuditEvent.objects.filter(action="round.provisional_release").exists()


def test_a_refused_release_shows_why(client, cdo, open_round):
    approved(open_round, CAMDEN)
    client.force_login(cdo)
    response = client.post(_url(open_round), _date(timezone.localdate()))
    assert response.status_code == 400
    assert "still open: close it first" in response.content.decode()
    assert "Send provisional release" not in response.content.decode()  # not closed


def test_the_table_shows_each_response(client, cdo, lead, other_lead):
    round_ = released()
    provisional_respond(
        round=round_,
        authority=other_lead.membership.authority,
        kind=ProvisionalResponse.Kind.CONFIRMED,
        text="",
        actor=other_lead,
    )
    correction = _correction(round_, lead)
    client.force_login(cdo)
    page = client.get(_url(round_)).content.decode()
    assert "1 confirmed, 1 correction open, 0 resolved, 0 with no response yet" in page
    assert f"Confirmed on {timezone.localdate():%-d %B %Y}" in page
    assert "Correction raised" in page and "Our data score is wrong" in page
    assert reverse("review:release-resolve", args=[round_.slug, correction.pk]) in page
    assert "Change the date and send again" in page


def test_the_round_view_links_to_the_release(client, cdo):
    round_ = released()
    client.force_login(cdo)
    page = client.get(reverse("review:round", args=[round_.slug])).content.decode()
    assert f'href="{_url(round_)}"' in page


def test_resolving_a_correction(client, cdo, lead):
    round_ = released()
    correction = _correction(round_, lead)
    url = reverse("review:release-resolve", args=[round_.slug, correction.pk])
    client.force_login(cdo)
    assert "Our data score is wrong" in client.get(url).content.decode()
    empty = client.post(url, {"resolution": " "})
    assert empty.status_code == 400
    assert "Enter what you did about the correction" in empty.content.decode()
    assert ProvisionalResponse.objects.get().is_open_correction
    done = client.post(url, {"resolution": "Reopened; approved again"})
    assert done.status_code == 302 and done["Location"] == _url(round_)
    assert ProvisionalResponse.objects.get().resolution == "Reopened; approved again"
    again = client.post(url, {"resolution": "Twice"})
    assert again.status_code == 400  # no longer open: refused, nothing changes
    assert ProvisionalResponse.objects.get().resolution == "Reopened; approved again"


def test_a_correction_of_another_round_or_a_confirmation_is_404(client, cdo, lead, other_lead):
    round_ = released()
    other = released(closed_round(), codes=())
    approved(other, CAMDEN)
    correction = _correction(round_, lead)
    confirmed = provisional_respond(
        round=round_,
        authority=other_lead.membership.authority,
        kind=ProvisionalResponse.Kind.CONFIRMED,
        text="",
        actor=other_lead,
    )
    client.force_login(cdo)
    for slug, pk in ((other.slug, correction.pk), (round_.slug, confirmed.pk), (round_.slug, 999)):
        url = reverse("review:release-resolve", args=[slug, pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"resolution": "x"}).status_code == 404
    assert client.get("/review/rounds/no-such-round/release/").status_code == 404


def test_publishing_needs_a_reason_while_corrections_are_open(client, admin_user, lead):
    round_ = released()
    _correction(round_, lead)
    client.force_login(admin_user)
    page = client.get(_url(round_)).content.decode()
    assert "Why publish with corrections still open?" in page
    assert "1 correction is still open" in page
    refused = client.post(_url(round_, "review:release-publish"), {"override_reason": ""})
    assert refused.status_code == 400
    assert "Enter why you are publishing while corrections are open" in refused.content.decode()
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED
    done = client.post(_url(round_, "review:release-publish"), {"override_reason": "Deadline"})
    assert done.status_code == 302
    stored = Round.objects.get(pk=round_.pk)
    assert stored.status == Round.Status.PUBLISHED
    assert stored.publish_override_reason == "Deadline"
    page = client.get(_url(round_)).content.decode()
    assert "with corrections still open, because: Deadline" in page
    assert "Publish the round" not in page


def test_publishing_without_open_corrections_needs_no_reason(client, admin_user):
    round_ = released()
    client.force_login(admin_user)
    page = client.get(_url(round_)).content.decode()
    assert "Publish the round" in page and "override_reason" not in page
    response = client.post(_url(round_, "review:release-publish"), {})
    assert response.status_code == 302
    assert Round.objects.get(pk=round_.pk).status == Round.Status.PUBLISHED


def test_a_refused_publication_shows_why(client, admin_user):
    round_ = released()
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.OPEN)
    client.force_login(admin_user)
    response = client.post(_url(round_, "review:release-publish"), {})
    assert response.status_code == 400
    assert "Only closed rounds can be published" in response.content.decode()


QUERIES = 7


@pytest.mark.parametrize("count", [3, 12])
def test_the_release_page_runs_a_constant_number_of_queries(
    client, admin_user, lead, count, django_assert_num_queries
):
    """Camden's correction, then every other authority confirmed: the same queries for
    3 authorities as for 12."""
    others = [code for code in gss_codes(count + 1) if code != CAMDEN][: count - 1]
    round_ = released(codes=(CAMDEN, *others))
    _correction(round_, lead)
    for code in others:
        member = factories.make_member("lead", code, username=f"lead-{code}")
        provisional_respond(
            round=round_,
            authority=member.membership.authority,
            kind=ProvisionalResponse.Kind.CONFIRMED,
            text="",
            actor=member,
        )
    client.force_login(admin_user)
    client.get(_url(round_))  # the session and the user's role are read once
    with django_assert_num_queries(QUERIES):
        response = client.get(_url(round_))
    assert response.status_code == 200
    assert response.content.decode().count("Confirmed on") == count - 1


def test_the_responses_table_says_no_response_for_every_authority_at_first(client, cdo):
    round_ = released(codes=(CAMDEN, HACKNEY))
    client.force_login(cdo)
    page = client.get(_url(round_)).content.decode()
    assert page.count("No response yet") == 2

"""The review pages: who may open them, filters and sorting, the tile map, the transitions.

Access rule (documented here and in surveys/views/review.py): anonymous visitors are
sent to sign in; borough users (and people with no role) get 403 on every review URL,
even for an object that does not exist, so the answer reveals nothing; the CDO office
and admins get 404 for an unknown round or reference. Only admins may reopen.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape  # names such as O'Brien are escaped in pages

from surveys.models import Assessment, AssessmentEvent
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, assessment, gss_codes

pytestmark = pytest.mark.django_db

Status = Assessment.Status
BOROUGH = ["lead", "contributor", "other_lead"]


@pytest.fixture
def submitted(open_round, lead):
    return assessment(open_round, CAMDEN, by=lead)


@pytest.fixture
def approved(open_round, lead):
    return assessment(open_round, HACKNEY, status=Status.APPROVED, by=lead)


def _urls(open_round, submitted, approved):
    ref = submitted.reference
    return {
        "rounds": ("get", reverse("review:rounds")),
        "round": ("get", reverse("review:round", args=[open_round.slug])),
        "assessment": ("get", reverse("review:assessment", args=[ref])),
        "return": ("get", reverse("review:return", args=[ref])),
        "approve": ("post", reverse("review:approve", args=[ref])),
        "reopen": ("get", reverse("review:reopen", args=[approved.reference])),
    }


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client, open_round, submitted, approved):
    for method, url in _urls(open_round, submitted, approved).values():
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", BOROUGH)
def test_borough_users_get_403_everywhere(client, request, role, open_round, submitted, approved):
    _as(client, request.getfixturevalue(role))
    for method, url in _urls(open_round, submitted, approved).values():
        assert getattr(client, method)(url).status_code == 403, url
    # Even for something that does not exist: the answer must not reveal anything.
    assert client.get(reverse("review:round", args=["no-such-round"])).status_code == 403
    assert client.get(reverse("review:assessment", args=["NOPE"])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_people_without_a_role_get_403(client, open_round):
    _as(client, factories.UserFactory())
    assert client.get(reverse("review:rounds")).status_code == 403


@pytest.mark.parametrize("role", ["cdo", "admin_user"])
def test_the_cdo_office_and_admins_can_review(client, request, role, open_round, submitted):
    _as(client, request.getfixturevalue(role))
    assert client.get(reverse("review:rounds")).status_code == 200
    assert client.get(reverse("review:round", args=[open_round.slug])).status_code == 200
    assert client.get(reverse("review:assessment", args=[submitted.reference])).status_code == 200
    assert client.get(reverse("review:return", args=[submitted.reference])).status_code == 200
    assert client.get(reverse("review:round", args=["no-such-round"])).status_code == 404
    assert client.get(reverse("review:assessment", args=["NOPE"])).status_code == 404
    assert client.get(reverse("review:approve", args=[submitted.reference])).status_code == 200


def test_only_admins_reopen(client, cdo, admin_user, approved):
    url = reverse("review:reopen", args=[approved.reference])
    assert _as(client, cdo).get(url).status_code == 403
    assert client.post(url, {"comment": "Because"}).status_code == 403
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert _as(client, admin_user).get(url).status_code == 200


def test_rounds_list(client, cdo, open_round, submitted):
    response = _as(client, cdo).get(reverse("review:rounds"))
    html = response.content.decode()
    assert open_round.name in html
    assert reverse("review:round", args=[open_round.slug]) in html
    counts = re.findall(r"govuk-table__cell--numeric\">(\d+)<", html)
    assert counts == ["32", "0", "1", "0", "0"]


def _round(client, open_round, query=""):
    response = client.get(reverse("review:round", args=[open_round.slug]) + query)
    return response, response.content.decode()


def _table_names(html):
    return re.findall(r'<th scope="row" class="govuk-table__header">(?:<a[^>]*>)?([^<]+)<', html)


def test_round_page_lists_all_33_with_a_tile_map(client, cdo, open_round, submitted):
    response, html = _round(_as(client, cdo), open_round)
    assert response.status_code == 200
    assert len(_table_names(html)) == 33
    assert html.count('class="ldm-tile ldm-tile--col-') == 33
    assert 'class="ldm-tile ldm-tile--col-3 ldm-tile--row-2 ldm-colour--purple"' in html
    assert 'style="' not in html
    # Camden's tile links to its assessment, shows "CMD" and "Submitted", and is named
    # "Camden: Submitted" for screen readers.
    tile = re.search(r'ldm-colour--purple">(.*?)</li>', html, re.S).group(1)
    assert f'href="{reverse("review:assessment", args=[submitted.reference])}"' in tile
    assert re.search(r">CMD<.*>Camden:<.*>Submitted<", tile, re.S)
    # Authorities with no assessment have a tile but no link.
    assert html.count('class="ldm-tile__link"') == 1
    # The table's row links to it too.
    assert html.count(f'href="{reverse("review:assessment", args=[submitted.reference])}"') == 2


def test_round_page_filters_by_status_and_peer_group(client, cdo, open_round, submitted):
    group = factories.PeerGroupFactory(slug="north")
    group.authorities.add(factories.authority(CAMDEN), factories.authority(HACKNEY))
    _as(client, cdo)
    _, html = _round(client, open_round, "?status=submitted")
    assert _table_names(html) == ["Camden"]
    _, html = _round(client, open_round, "?peer_group=north")
    assert _table_names(html) == ["Camden", "Hackney"]
    _, html = _round(client, open_round, "?status=not_started&peer_group=north")
    assert _table_names(html) == ["Hackney"]
    assert "Clear filters" in html


@pytest.mark.parametrize(
    "query",
    ["?status=bogus", "?peer_group=nope", "?status=<script>&peer_group[]=x", "?sort=x&dir=y"],
)
def test_bad_filters_are_ignored_with_an_error(client, cdo, open_round, query):
    response, html = _round(_as(client, cdo), open_round, query)
    assert response.status_code == 200
    assert len(_table_names(html)) == 33
    if "sort=x" not in query:
        assert "govuk-error-summary" in html
        assert "Select a valid choice" in html


def test_a_bad_filter_does_not_drop_a_good_one(client, cdo, open_round, submitted):
    _, html = _round(_as(client, cdo), open_round, "?status=submitted&peer_group=nope")
    assert _table_names(html) == ["Camden"]


def test_sorting_links_and_aria_sort(client, cdo, open_round, submitted):
    _as(client, cdo)
    _, html = _round(client, open_round)
    assert html.count('aria-sort="') == 5
    assert 'aria-sort="ascending"><a class="govuk-link govuk-link--no-visited-state" href="' in html
    assert "?sort=name&amp;dir=desc" in html  # the current column's link reverses it
    _, html = _round(client, open_round, "?status=submitted&sort=completion&dir=desc")
    assert "?status=submitted&amp;sort=completion&amp;dir=asc" in html
    assert re.search(r'aria-sort="descending"><a[^>]*>Completion', html)
    _, html = _round(client, open_round, "?sort=submitted&dir=desc")
    assert _table_names(html)[0] == "Camden"  # the only one submitted; missing dates last
    _, html = _round(client, open_round, "?sort=name&dir=desc")
    assert _table_names(html)[0] == "Westminster"


def test_round_page_queries_do_not_grow_with_assessments(client, cdo):
    _as(client, cdo).get(reverse("review:rounds"))  # sessions settle on the first request
    counts = []
    for count in (3, 33):
        round_ = factories.RoundFactory()
        for code in gss_codes(count):
            assessment(round_, code)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("review:round", args=[round_.slug])).status_code == 200
        counts.append([q["sql"] for q in queries.captured_queries])
    assert len(counts[0]) == len(counts[1]), counts


def test_assessment_page_shows_answers_evidence_scores_and_timeline(client, cdo, submitted, lead):
    AssessmentEvent.objects.create(
        assessment=submitted, kind="submitted", at=submitted.submitted_at, actor=lead
    )
    response = _as(client, cdo).get(reverse("review:assessment", args=[submitted.reference]))
    html = response.content.decode()
    assert "Question 1 of area 1" in html
    assert "Level 3: Learning" in html
    assert "Evidence for a1-q1" in html
    assert "50 out of 100" in html
    assert "Timeline" in html and escape(lead.get_full_name()) in html
    assert "Approve assessment" in html
    assert "Reopen assessment" not in html


def test_return_needs_a_comment(client, cdo, submitted):
    url = reverse("review:return", args=[submitted.reference])
    response = _as(client, cdo).post(url, {"comment": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter what the authority needs to change before it submits again" in html
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_return_with_a_comment(client, cdo, submitted, open_round):
    url = reverse("review:return", args=[submitted.reference])
    response = _as(client, cdo).post(url, {"comment": "Add evidence please"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:round", args=[open_round.slug])
    submitted.refresh_from_db()
    assert (submitted.status, submitted.return_comment) == (Status.RETURNED, "Add evidence please")


def test_approve(client, cdo, submitted):
    response = _as(client, cdo).post(reverse("review:approve", args=[submitted.reference]))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED


@pytest.mark.parametrize("action", ["approve", "return"])
def test_invalid_transitions_answer_400_with_a_message(client, cdo, approved, action):
    url = reverse(f"review:{action}", args=[approved.reference])
    response = _as(client, cdo).post(url, {"comment": "Please fix"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "because it is approved" in html
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_reopening_a_draft_answers_400(client, admin_user, open_round):
    draft = assessment(open_round, status=Status.DRAFT)
    response = _as(client, admin_user).post(
        reverse("review:reopen", args=[draft.reference]), {"comment": "Why"}
    )
    assert response.status_code == 400
    assert "Only approved assessments can be reopened" in response.content.decode()


def test_admin_reopens(client, admin_user, approved, open_round):
    _as(client, admin_user)
    page = client.get(reverse("review:assessment", args=[approved.reference]))
    assert "Reopen assessment" in page.content.decode()
    response = client.post(
        reverse("review:reopen", args=[approved.reference]), {"comment": "Wrong data"}
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.status, approved.return_comment) == (Status.RETURNED, "Wrong data")


def _more_authorities(count: int) -> None:
    from boroughs.models import Authority

    Authority.objects.bulk_create(
        Authority(
            gss_code=f"E0910{index:04d}",
            name=f"Test authority {index:03d}",
            slug=f"test-authority-{index:03d}",
            abbreviation=f"T{index:03d}",
            kind=Authority.Kind.LONDON_BOROUGH,
            inner_outer=Authority.SubRegion.OUTER,
            grid_column=10 + index % 20,
            grid_row=index // 20,
        )
        for index in range(count)
    )


def test_london_is_one_page_without_pagination(client, cdo, open_round):
    response, html = _round(_as(client, cdo), open_round)
    assert "govuk-pagination" not in html
    assert len(_table_names(html)) == 33


def test_a_national_scale_round_pages_its_table_not_its_map(client, cdo, open_round, submitted):
    _more_authorities(80)  # 113 authorities: 100 rows, then 13
    url = reverse("review:round", args=[open_round.slug])
    first = _as(client, cdo).get(url + "?sort=name&dir=desc").content.decode()
    assert len(_table_names(first)) == 100
    assert first.count('class="ldm-tile ldm-tile--col-') == 113  # the map shows everyone
    assert "Showing authorities 1 to 100 of 113" in first
    assert 'aria-current="page">1<' in first
    # The next page keeps the sort (and any filter) of this one.
    next_url = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "sort=name" in next_url and "dir=desc" in next_url and "page=2" in next_url
    second = client.get(next_url).content.decode()
    names = _table_names(second)
    assert len(names) == 13
    assert names == sorted(names, reverse=True)
    assert "Camden" not in _table_names(first) and "Camden" in names  # sorted Z to A
    # A tampered page number shows a real page, never an error.
    for page in ("abc", "0", "-1", "999", "1e9"):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200
        assert len(_table_names(response.content.decode())) in (100, 13)

"""The CDO office's landing page is a to-do list (issue 12, item 11; issue 14).

For each open round, then each closed round not yet published: the assessments waiting for
review (with links, the longest waiting first), those returned, the authorities not started
(open rounds), the moderation left (``test_landing_moderation.py``) and the closing date;
in a number of queries that does not grow with the data. The navigation names the pages
by their headings.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import navigation
from surveys.models import Assessment, ProvisionalResponse
from surveys.review.todo import open_round_todos
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, ISLINGTON, assessment, gss_codes
from tests.surveys.review.test_landing_moderation import moderate

pytestmark = pytest.mark.django_db

Status = Assessment.Status
# The real date: the landing page counts the days left from today (a fixed date here
# broke the day after it was written).
TODAY = timezone.localdate()


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def open_round(db):
    return factories.RoundFactory(
        name="2026 assessment",
        slug="2026",
        opens_on=TODAY - datetime.timedelta(days=20),
        closes_on=TODAY + datetime.timedelta(days=24),
    )


@pytest.fixture
def mixed(open_round, lead):
    """Camden and Islington submitted (Islington first), Hackney returned, one draft with
    answers (Barnet) and one without (Bexley): 28 authorities with nothing at all."""
    camden = assessment(open_round, CAMDEN, by=lead)
    islington = assessment(open_round, ISLINGTON, by=lead)
    Assessment.objects.filter(pk=islington.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    hackney = assessment(open_round, HACKNEY, status=Status.RETURNED)
    assessment(open_round, "E09000003", status=Status.DRAFT, answered=2)
    assessment(open_round, "E09000004", status=Status.DRAFT, answered=0)
    return camden, islington, hackney


def test_the_todo_of_an_open_round(mixed, open_round):
    camden, islington, hackney = mixed
    (todo,) = open_round_todos(today=TODAY)
    assert todo.round == open_round and todo.days_left == 24
    assert todo.waiting == [islington, camden]
    assert todo.returned == [hackney]
    assert (todo.in_progress, todo.approved, len(todo.not_started)) == (1, 0, 29)
    assert "Bexley" in [a.name for a in todo.not_started]
    assert "Barnet" not in [a.name for a in todo.not_started]


def test_a_closed_round_keeps_its_todo_until_published(mixed, open_round):
    """Moderation goes on after a round closes: a closed round is listed, after the open
    ones; a published one is not."""
    camden, islington, hackney = mixed
    open_round.status = "closed"
    open_round.save()
    later = factories.RoundFactory(name="2027 assessment", slug="2027")
    todos = open_round_todos(today=TODAY)
    assert [todo.round for todo in todos] == [later, open_round]
    assert [todo.is_open for todo in todos] == [True, False]
    assert todos[1].waiting == [islington, camden] and todos[1].returned == [hackney]
    open_round.status = "published"
    open_round.save()
    assert [todo.round for todo in open_round_todos(today=TODAY)] == [later]


def test_the_landing_page_lists_a_closed_round_without_who_has_not_started(
    client, cdo, mixed, open_round
):
    open_round.status = "closed"
    open_round.save()
    client.force_login(cdo)
    html = _main(client.get(reverse("review:rounds")).content.decode())
    todo = html[html.index('id="todo-2026"') : html.index('id="all-rounds"')]
    closed = open_round.closes_on
    assert f"Closed on {closed.day} {closed:%B} {closed.year}, not published yet" in todo
    assert "2 submitted, waiting for your review" in todo
    assert "not started" not in todo
    assert "No round is open" not in html


def test_the_landing_page_says_what_waits_for_review(client, cdo, mixed, open_round):
    camden, islington, hackney = mixed
    client.force_login(cdo)
    html = _main(client.get(reverse("review:rounds")).content.decode())
    assert re.search(r"<h1[^>]*>Round progress</h1>", html)
    todo = html[html.index('id="todo-2026"') : html.index('id="all-rounds"')]
    assert "2 submitted, waiting for your review" in todo
    waiting = re.findall(r'<a class="govuk-link" href="([^"]+)">(\w+)</a>', todo)
    assert waiting[:2] == [
        (reverse("review:assessment", args=[islington.reference]), "Islington"),
        (reverse("review:assessment", args=[camden.reference]), "Camden"),
    ]
    assert "1 returned, waiting for the authority to submit again" in todo
    assert reverse("review:assessment", args=[hackney.reference]) in todo
    assert "29 not started" in todo and "1 in progress" in todo
    assert "closes on" in todo.lower() and "24 days" in todo
    assert reverse("review:round", args=[open_round.slug]) in todo


def test_no_open_round_says_so(client, cdo):
    client.force_login(cdo)
    html = client.get(reverse("review:rounds")).content.decode()
    assert "No round is open at the moment, and none is waiting to be published" in html


def _queries(client, size: int) -> int:
    """Queries of the landing page over ``size`` authorities' assessments, each with
    outlier flags, review queries and a provisional-release response, in an open round
    and in a closed one (and an empty open round)."""
    made = {}
    for round_ in (factories.RoundFactory(), factories.RoundFactory(status="closed")):
        made[round_] = []
        for index, code in enumerate(gss_codes(size)):
            status = [Status.SUBMITTED, Status.RETURNED, Status.DRAFT, Status.APPROVED][index % 4]
            made[round_].append(
                assessment(round_, code, status=status, answered=None if index % 8 else 0)
            )
        moderate(round_, made[round_])
    factories.RoundFactory()  # a second open round, empty
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("review:rounds")).status_code == 200
    ProvisionalResponse.objects.all().delete()
    Assessment.objects.all().delete()  # with their flags and queries
    return len(queries)


def test_the_landing_page_queries_do_not_grow_with_the_data(client, cdo):
    client.force_login(cdo)
    client.get(reverse("review:rounds"))  # sessions settle on the first request
    assert _queries(client, 4) == _queries(client, 33)


def test_the_navigation_names_the_pages_as_their_headings(client, cdo, open_round):
    labels = [item.label for item in navigation.navigation(cdo)]
    assert "Reports" in labels and "Dashboards" not in labels
    client.force_login(cdo)
    reports = client.get(reverse("reports:index")).content.decode()
    assert re.search(r"<h1[^>]*>Reports</h1>", reports)
    rounds = client.get(reverse("review:rounds")).content.decode()
    assert re.search(r"<h1[^>]*>Round progress</h1>", rounds)
    # The review pages' breadcrumbs lead back to it by the same name.
    round_page = client.get(reverse("review:round", args=[open_round.slug])).content.decode()
    assert f'href="{reverse("review:rounds")}">Round progress</a>' in round_page

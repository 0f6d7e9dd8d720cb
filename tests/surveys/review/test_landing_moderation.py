"""The landing page lists the moderation that waits for the CDO office (issue 14): outlier
flags to decide on submitted assessments, queries the authority has answered (or on an
assessment submitted again), and open corrections to the provisional release, in open
rounds and in closed rounds not yet published.

Flags, queries and responses are made directly with the models: the services that make
them are tested on their own.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import (
    Assessment,
    AssessmentFlag,
    ProvisionalResponse,
    Question,
    ReviewQuery,
)
from surveys.review.todo import open_round_todos
from tests import factories
from tests.surveys.review.support import CAMDEN, HACKNEY, ISLINGTON, assessment

pytestmark = pytest.mark.django_db

Status = Assessment.Status
TODAY = timezone.localdate()  # the real date: the page counts days from today
BARNET = "E09000003"


def flag(assessment_: Assessment, key: str, decision: str = AssessmentFlag.Decision.OPEN):
    return AssessmentFlag.objects.create(
        assessment=assessment_,
        key=key,
        rule=AssessmentFlag.Rule.NO_EVIDENCE,
        reason="Mastering with no evidence",
        decision=decision,
        raised_at=timezone.now(),
    )


def query(assessment_: Assessment, *, replied: bool = False, status: str = ReviewQuery.Status.OPEN):
    now = timezone.now()
    question = Question.objects.filter(questionnaire_id=assessment_.round.questionnaire_id).first()
    return ReviewQuery.objects.create(
        assessment=assessment_,
        question=question,
        text="Is this right?",
        status=status,
        created_at=now,
        sent_at=now,
        reply="Yes" if replied else "",
        replied_at=now if replied else None,
        resolved_at=now if status == ReviewQuery.Status.RESOLVED else None,
    )


def response(round_, gss_code: str, *, kind: str, resolved: bool = False):
    return ProvisionalResponse.objects.create(
        round=round_,
        authority=factories.authority(gss_code),
        kind=kind,
        text="Our data score is wrong" if kind == ProvisionalResponse.Kind.CORRECTION else "",
        responded_at=timezone.now(),
        resolved_at=timezone.now() if resolved else None,
    )


def moderate(round_, assessments: list[Assessment]) -> None:
    """Some of everything on each assessment, counted or not, and a response from each
    authority: used by the query-count test to make the data grow."""
    for index, made in enumerate(assessments):
        flag(made, "a")
        flag(made, "b", decision=AssessmentFlag.Decision.ACCEPTED)
        query(made, replied=bool(index % 2))
        query(made, status=ReviewQuery.Status.RESOLVED)
        kind = [ProvisionalResponse.Kind.CORRECTION, ProvisionalResponse.Kind.CONFIRMED][index % 2]
        response(round_, made.authority.gss_code, kind=kind)


@pytest.fixture
def open_round(db):
    return factories.RoundFactory(
        name="2026 assessment",
        slug="2026",
        opens_on=TODAY - datetime.timedelta(days=20),
        closes_on=TODAY + datetime.timedelta(days=24),
    )


@pytest.fixture
def moderated(open_round):
    """Camden and Islington submitted with open flags (2 and 1), Hackney returned with an
    open flag (not counted: not submitted) and a replied query, Barnet approved."""
    camden = assessment(open_round, CAMDEN, answered=1)
    islington = assessment(open_round, ISLINGTON, answered=1)
    hackney = assessment(open_round, HACKNEY, status=Status.RETURNED, answered=1)
    barnet = assessment(open_round, BARNET, status=Status.APPROVED, answered=1)
    flag(camden, "a")
    flag(camden, "b")
    flag(camden, "c", decision=AssessmentFlag.Decision.ACCEPTED)
    flag(camden, "d", decision=AssessmentFlag.Decision.QUERIED)
    flag(islington, "a")
    flag(hackney, "a")
    flag(barnet, "a")
    # Queries: Camden (submitted again) has one open and one resolved; Hackney (returned)
    # one replied and one not yet; Barnet one resolved.
    query(camden)
    query(camden, status=ReviewQuery.Status.RESOLVED)
    query(hackney, replied=True)
    query(hackney)
    query(barnet, replied=True, status=ReviewQuery.Status.RESOLVED)
    return camden, islington, hackney, barnet


def test_open_flags_on_submitted_assessments_are_counted(moderated):
    camden, islington, hackney, barnet = moderated
    (todo,) = open_round_todos(today=TODAY)
    assert [(item.assessment, item.count) for item in todo.flagged] == [
        (camden, 2),
        (islington, 1),
    ]
    assert todo.open_flags == 3


def test_queries_wait_for_the_reviewer_once_replied_or_resubmitted(moderated):
    camden, islington, hackney, barnet = moderated
    (todo,) = open_round_todos(today=TODAY)
    assert [(item.assessment, item.count) for item in todo.queried] == [
        (camden, 1),
        (hackney, 1),
    ]
    assert todo.waiting_queries == 2


def test_open_corrections_are_listed_by_authority(open_round, moderated):
    other = factories.RoundFactory(status="closed")
    response(open_round, ISLINGTON, kind=ProvisionalResponse.Kind.CORRECTION)
    camden = response(open_round, CAMDEN, kind=ProvisionalResponse.Kind.CORRECTION)
    response(open_round, HACKNEY, kind=ProvisionalResponse.Kind.CORRECTION, resolved=True)
    response(open_round, BARNET, kind=ProvisionalResponse.Kind.CONFIRMED)
    elsewhere = response(other, CAMDEN, kind=ProvisionalResponse.Kind.CORRECTION)
    first, second = open_round_todos(today=TODAY)
    assert [r.authority.name for r in first.corrections] == ["Camden", "Islington"]
    assert first.corrections[0] == camden
    assert (second.round, second.corrections) == (other, [elsewhere])


def test_nothing_to_moderate_is_nothing(open_round):
    assessment(open_round, CAMDEN, answered=1)
    (todo,) = open_round_todos(today=TODAY)
    assert (todo.flagged, todo.queried, todo.corrections) == ([], [], [])
    assert todo.open_flags == todo.waiting_queries == 0


def _todo_html(client, cdo, slug: str = "2026") -> str:
    client.force_login(cdo)
    html = client.get(reverse("review:rounds")).content.decode()
    start = html.index(f'id="todo-{slug}"')
    return html[start : html.index("</section>", start)]


def test_the_landing_page_says_what_moderation_waits(client, cdo, open_round, moderated):
    camden, islington, hackney, barnet = moderated
    response(open_round, ISLINGTON, kind=ProvisionalResponse.Kind.CORRECTION)
    response(open_round, CAMDEN, kind=ProvisionalResponse.Kind.CORRECTION)
    todo = _todo_html(client, cdo)
    assert "3 outlier flags to decide in 2 submitted assessments" in todo
    flags = todo[todo.index('id="todo-2026-flags"') : todo.index('id="todo-2026-queries"')]
    links = re.findall(r'<a class="govuk-link" href="([^"]+)">(\w+)</a>: (\d) flags?', flags)
    assert links == [
        (reverse("review:assessment", args=[camden.reference]) + "#flags", "Camden", "2"),
        (reverse("review:assessment", args=[islington.reference]) + "#flags", "Islington", "1"),
    ]
    assert "2 queries waiting for you in 2 assessments" in todo
    queries = todo[todo.index('id="todo-2026-queries"') : todo.index('id="todo-2026-corrections"')]
    assert reverse("review:assessment", args=[hackney.reference]) + "#queries" in queries
    assert reverse("review:assessment", args=[camden.reference]) + "#queries" in queries
    assert barnet.reference not in queries
    corrections = todo[todo.index('id="todo-2026-corrections"') :]
    assert "2 corrections to the provisional release to resolve" in corrections
    assert "Raised by Camden and Islington." in corrections
    assert f'href="{reverse("review:release", args=[open_round.slug])}"' in corrections


def test_the_landing_page_says_when_nothing_waits(client, cdo, open_round):
    assessment(open_round, CAMDEN, answered=1)
    todo = _todo_html(client, cdo)
    assert "No outlier flags to decide" in todo
    assert "No queries waiting for you" in todo
    assert "correction" not in todo
    # One of each, in the singular.
    flag(Assessment.objects.get(authority__gss_code=CAMDEN), "a")
    query(Assessment.objects.get(authority__gss_code=CAMDEN))
    response(open_round, CAMDEN, kind=ProvisionalResponse.Kind.CORRECTION)
    todo = _todo_html(client, cdo)
    assert "1 outlier flag to decide in 1 submitted assessment" in todo
    assert "1 query waiting for you in 1 assessment" in todo
    assert "1 correction to the provisional release to resolve" in todo
    assert "Raised by Camden." in todo


def test_a_closed_round_shows_its_moderation(client, cdo, open_round, moderated):
    open_round.status = "closed"
    open_round.save()
    todo = _todo_html(client, cdo)
    assert "Closed on" in todo
    assert "3 outlier flags to decide in 2 submitted assessments" in todo

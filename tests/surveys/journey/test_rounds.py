"""Several rounds open at once: each on the start page with its own status and task list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from surveys.journey.rounds import open_rounds_for
from surveys.journey.selectors import earlier_assessments, previous_assessment_with_answers
from surveys.journey.services.answers import answer_save
from surveys.journey.services.assessments import assessment_start
from surveys.models import Assessment, Round
from tests import factories
from tests.surveys.journey.support import Journey, answer_all, make_journey

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _round(name: str, *, opened_days_ago: int, code: str = "london", **kwargs) -> Round:
    questionnaire = factories.make_questionnaire(code=code, name=f"{name} questionnaire")
    return factories.RoundFactory(
        questionnaire=questionnaire,
        name=name,
        slug=name.lower().replace(" ", "-"),
        opens_on=TODAY - datetime.timedelta(days=opened_days_ago),
        **kwargs,
    )


def _start(round_: Round, user) -> Assessment:
    return assessment_start(authority=user.membership.authority, round=round_, actor=user)


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("surveys:start"))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, round_: Round) -> str:
    """The start page's section of one round (up to the next section or the end)."""
    start = html.index(f'<section class="govuk-!-margin-top-8" id="round-{round_.slug}"')
    end = html.find("<section", start + 1)
    return html[start : end if end != -1 else len(html)]


# ---- the selector ------------------------------------------------------------------------


def test_every_open_round_newest_first_with_its_own_status(lead, other_lead):
    london = _round("London 2026", opened_days_ago=30, code="london")
    data = _round("Data maturity 2026", opened_days_ago=5, code="data")
    _round("London 2025", opened_days_ago=400, code="london", status=Round.Status.CLOSED)
    draft = _start(london, lead)
    _start(data, other_lead)  # another authority's: not Camden's

    entries = open_rounds_for(authority_id=lead.membership.authority_id)

    assert [e.round for e in entries] == [data, london]
    assert [(e.status, e.status_label) for e in entries] == [
        ("not_started", "Not started"),
        ("in_progress", "In progress"),
    ]
    assert entries[0].assessment is None and entries[0].progress is None
    assert entries[1].assessment == draft
    assert (entries[1].progress.answered, entries[1].progress.total) == (0, 4)


@pytest.mark.parametrize(
    ("status", "label"),
    [("submitted", "Submitted"), ("returned", "Returned for changes"), ("approved", "Approved")],
)
def test_a_rounds_status_follows_its_assessment(lead, status, label):
    round_ = _round("London 2026", opened_days_ago=30)
    Assessment.objects.filter(pk=_start(round_, lead).pk).update(status=status)
    (entry,) = open_rounds_for(authority_id=lead.membership.authority_id)
    assert (entry.status, entry.status_label, entry.returned) == (
        status,
        label,
        status == "returned",
    )


def _open_rounds(count: int, lead) -> None:
    for n in range(count):
        round_ = _round(f"Round {count}-{n}", opened_days_ago=10 + n, code=f"q{n}")
        journey_assessment = _start(round_, lead)
        question = round_.questionnaire.questions.order_by("pk").first()
        answer_save(
            assessment=journey_assessment,
            question=question,
            actor=lead,
            level=2,
            expected_version=0,
        )


def test_the_selector_reads_every_open_round_in_a_fixed_number_of_queries(lead):
    counts = []
    for rounds in (1, 4):
        Round.objects.filter(status=Round.Status.OPEN).update(status=Round.Status.CLOSED)
        _open_rounds(rounds, lead)
        with CaptureQueriesContext(connection) as queries:
            entries = open_rounds_for(authority_id=lead.membership.authority_id)
            summary = [(e.round.questionnaire.name, e.status, e.progress.answered) for e in entries]
        assert len(summary) == rounds
        counts.append(len(queries))
    assert counts[0] == counts[1] == 6  # rounds, assessments, then the progress of them all


def test_the_start_page_takes_as_many_queries_for_four_rounds_as_for_one(client, lead):
    counts = []
    for rounds in (1, 4):
        Round.objects.filter(status=Round.Status.OPEN).update(status=Round.Status.CLOSED)
        _open_rounds(rounds, lead)
        _page(client, lead)  # the session's first write is not the page's
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, lead)
        assert html.count('<section class="govuk-!-margin-top-8" id="round-') == (
            rounds if rounds > 1 else 0
        )
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ---- the start page ----------------------------------------------------------------------


def test_the_start_page_lists_every_open_round_with_its_own_task_list(client, lead):
    london = _round("London 2026", opened_days_ago=30, code="london")
    data = _round("Data maturity 2026", opened_days_ago=5, code="data")
    assessment = _start(london, lead)

    html = _page(client, lead)

    assert "2 assessments are open" in html
    # The overview links to each round's section, newest first, with its status.
    assert html.index('href="#round-data-maturity-2026"') < html.index('href="#round-london-2026"')
    newer, older = _section(html, data), _section(html, london)
    assert '<h2 class="govuk-heading-l" id="round-data-maturity-2026-heading">' in newer
    assert data.closes_on.strftime("%-d %B %Y") in newer
    assert "Not started" in newer and "Start this assessment" in newer
    assert reverse("surveys:round-start", args=[data.slug]) in newer
    assert 'class="govuk-task-list"' not in newer
    assert '<h2 class="govuk-heading-l" id="round-london-2026-heading">London 2026</h2>' in older
    assert assessment.reference in older and "In progress" in older
    assert older.count('<li class="govuk-task-list__item') == 2
    assert '<h3 class="govuk-heading-m">Areas</h3>' in older
    assert reverse("surveys:check", args=[assessment.reference]) in older
    assert "Start this assessment" not in older


def test_one_open_round_reads_as_before(client, lead):
    london = _round("London 2026", opened_days_ago=30)
    _start(london, lead)
    html = _page(client, lead)
    assert "assessments are open" not in html and 'id="round-london-2026"' not in html
    assert '<h2 class="govuk-heading-m">Areas</h2>' in html
    assert html.count('<li class="govuk-task-list__item') == 2


def test_a_returned_assessment_in_an_older_round_stays_prominent(client, contributor):
    london = _round("London 2026", opened_days_ago=30)
    _round("Data maturity 2026", opened_days_ago=5, code="data")  # opened after it
    returned = _start(london, contributor)
    Assessment.objects.filter(pk=returned.pk).update(
        status=Assessment.Status.RETURNED, return_comment="Please add <evidence> for security."
    )
    html = _page(client, contributor)
    banner = html[html.index("govuk-notification-banner") : html.index("<h1")]
    assert "London 2026: the CDO office returned your assessment for changes" in banner
    assert "Please add &lt;evidence&gt; for security." in banner
    assert 'href="#round-london-2026"' in banner
    assert "Returned for changes" in _section(html, london)
    # Still editable: its task list links to the questions.
    assert reverse("surveys:question", args=[returned.reference, "a1-q1"]) in html


def test_each_round_is_submitted_on_its_own(client, lead):
    london = _round("London 2026", opened_days_ago=30)
    data = _round("Data maturity 2026", opened_days_ago=5, code="data")
    for round_ in (london, data):
        _start(round_, lead)
    journey = Journey(data.questionnaire, data, Assessment.objects.get(round=data))
    answer_all(journey, lead)
    Assessment.objects.filter(round=london).update(status=Assessment.Status.SUBMITTED)

    html = _page(client, lead)
    ready = _section(html, data)
    assert reverse("surveys:submit", args=[journey.assessment.reference]) in ready
    submitted = _section(html, london)
    assert "can no longer be changed" in submitted and "Submitted" in submitted
    assert "/submit/" not in submitted


def test_starting_one_round_leaves_the_others_alone(client, lead):
    london = _round("London 2026", opened_days_ago=30)
    data = _round("Data maturity 2026", opened_days_ago=5, code="data")
    client.force_login(lead)
    response = client.post(reverse("surveys:round-start", args=[london.slug]))
    assert response["Location"] == f"{reverse('surveys:start')}#round-london-2026"
    assert list(Assessment.objects.values_list("round", flat=True)) == [london.pk]
    html = _page(client, lead)
    assert "Start this assessment" in _section(html, data)
    assert "Start this assessment" not in _section(html, london)


# ---- what used to assume a single open round ---------------------------------------------


def test_previous_rounds_leave_out_every_open_round(lead):
    london = _round("London 2026", opened_days_ago=30)
    data = _round("Data maturity 2026", opened_days_ago=5, code="data")
    old = _round("London 2025", opened_days_ago=400, status=Round.Status.PUBLISHED)
    for round_ in (london, data):
        _start(round_, lead)
    Assessment.objects.create(authority=lead.membership.authority, round=old, reference="OLD")
    earlier = earlier_assessments(
        authority_id=lead.membership.authority_id, exclude_rounds=[london, data]
    )
    assert [a.reference for a in earlier] == ["OLD"]


def test_prefill_never_comes_from_another_questionnaires_round(client, lead):
    # The London round opened first and has answers; the data-maturity round opened
    # later on another questionnaire (same question codes, as the factories make them).
    london = make_journey(lead, opens_on=TODAY - datetime.timedelta(days=30))
    answer_all(london, lead)
    data = _round("Data maturity 2026", opened_days_ago=5, code="data")
    new = _start(data, lead)
    assert previous_assessment_with_answers(assessment=new) is None
    html = _page(client, lead)
    assert "Start from last round&#x27;s answers" not in html
    assert "Start from last round's answers" not in html
    # An earlier round of the same questionnaire code still is.
    next_london = factories.RoundFactory(
        questionnaire=london.questionnaire, opens_on=TODAY - datetime.timedelta(days=1)
    )
    later = _start(next_london, lead)
    assert previous_assessment_with_answers(assessment=later) == london.assessment

"""axe-core on the pages that the journey, review and dashboard browser tests do not visit.

Public pages (the scoring method, the accessibility statement, the open-data release
and its dictionary, the API documentation), and the CDO office's export page, with
its error summary after a bad filter. Each must load without console errors and with
no WCAG 2.2 A or AA violation.
"""

import pytest

from tests import factories
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.browser


@pytest.fixture
def published_round(transactional_db):
    return make_results_round(round_index=0, name="Round A", authorities=6)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", None),
        ("/how-scores-are-calculated/", "How scores are calculated"),
        ("/accessibility/", None),
        ("/open-data/", None),
        ("/open-data/round-a/", None),
        ("/open-data/data-dictionary/", None),
        ("/api/v1/docs/", None),
        ("/accounts/password_reset/", None),
        ("/accounts/password_reset/done/", None),
    ],
)
def test_public_pages_are_accessible(
    page, live_server, assert_accessible, published_round, path, heading
):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    if heading:
        assert page.locator("h1").inner_text().startswith(heading)
    assert_accessible(page)


def test_export_page_and_its_error_summary_are_accessible(
    page, live_server, sign_in, assert_accessible, published_round, console_errors
):
    console_errors.allow("status of 400")  # the bad filter's own response, below
    factories.make_cdo(username="cdo-exports")
    sign_in(page, live_server, "cdo-exports")
    page.goto(f"{live_server.url}/exports/")
    assert page.locator("h1").inner_text() == "Export data"
    assert_accessible(page)
    # A tampered filter: a 400 page with an error summary, not a file.
    page.goto(f"{live_server.url}/exports/summary/?round=no-such-round&format=csv")
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1
    assert "Choose a round from the list" in summary.inner_text()
    assert_accessible(page)


def test_answer_history_and_the_two_factor_page_are_accessible(
    page, live_server, sign_in, assert_accessible, transactional_db
):
    from surveys.journey.services.answers import answer_save
    from surveys.journey.services.assessments import assessment_start

    round_ = factories.RoundFactory()
    lead = factories.make_member("lead", username="lead-history")
    assessment = assessment_start(authority=lead.membership.authority, round=round_, actor=lead)
    question = round_.questionnaire.questions.filter(kind="maturity").first()
    for version, level in enumerate((2, 3)):
        answer_save(
            assessment=assessment,
            question=question,
            actor=lead,
            level=level,
            evidence=f"Evidence {version}",
            expected_version=version,
        )
    sign_in(page, live_server, "lead-history")
    page.goto(
        f"{live_server.url}/assessments/{assessment.reference}/questions/{question.code}/history/"
    )
    assert page.locator("main").inner_text().count("Evidence") >= 2
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/two-factor/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)

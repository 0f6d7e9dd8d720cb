"""The trends page's change chart picks out one authority against London (issue 12)."""

import pytest
from django.urls import reverse

from reports.charts import trends as charts_trends
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rounds(db):
    first = make_results_round(round_index=0, name="Round A")
    make_results_round(round_index=1, name="Round B", questionnaire=first.questionnaire)


def focus(response) -> dict:
    """Trace name -> colour of the lines drawn in a colour of their own."""
    traces = response.context["charts"]["slope"].figure["data"]
    return {
        t["name"]: t["line"]["color"]
        for t in traces
        if t.get("line", {}).get("color")
        in (charts_trends.HIGHLIGHT_COLOUR, charts_trends.MEDIAN_COLOUR)
    }


def test_the_cdo_office_picks_an_authority_out(client, cdo, two_rounds):
    client.force_login(cdo)
    response = client.get(reverse("reports:trends"))
    assert focus(response) == {"London median": charts_trends.MEDIAN_COLOUR}
    assert b'name="authority"' in response.content  # the form offers the choice
    response = client.get(reverse("reports:trends") + "?authority=hackney")
    assert focus(response) == {
        "London median": charts_trends.MEDIAN_COLOUR,
        "Hackney": charts_trends.HIGHLIGHT_COLOUR,
    }
    assert response.context["highlight"].slug == "hackney"
    assert "Hackney: " in response.context["charts"]["slope"].summary
    assert b'<option value="hackney" selected>' in response.content


def test_a_borough_sees_its_own_authority_picked_out_and_no_one_else(client, lead, two_rounds):
    client.force_login(lead)
    response = client.get(reverse("reports:trends") + "?authority=hackney")
    assert focus(response) == {
        "London median": charts_trends.MEDIAN_COLOUR,
        "Camden": charts_trends.HIGHLIGHT_COLOUR,
    }
    assert b"Hackney" not in response.content
    assert b'name="authority"' not in response.content  # names are not shared: no choice


def test_an_unknown_authority_is_an_error_and_the_default(client, cdo, two_rounds):
    client.force_login(cdo)
    response = client.get(reverse("reports:trends") + "?authority=nowhere")
    assert response.status_code == 200
    assert response.context["highlight"] is None
    assert b"There is a problem" in response.content


def test_a_borough_user_sending_an_authority_gets_no_error_for_a_filter_not_shown(
    client, lead, two_rounds
):
    """Names are not shared, so the page has no "Highlight an authority" select: a
    tampered ?authority= is ignored, not reported as an error pointing at nothing."""
    client.force_login(lead)
    for value in ("nope", "hackney"):
        response = client.get(reverse("reports:trends") + f"?authority={value}")
        assert response.status_code == 200
        assert b'name="authority"' not in response.content
        assert b"govuk-error-summary" not in response.content
        assert focus(response) == {
            "London median": charts_trends.MEDIAN_COLOUR,
            "Camden": charts_trends.HIGHLIGHT_COLOUR,
        }

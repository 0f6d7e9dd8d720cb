"""The PDF opens with a PDF library, is A4, and carries the report's text as text."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.dashboards.selectors import report_rounds
from tests.reports.report.conftest import ACTION_TITLES

pytestmark = pytest.mark.django_db

A4_POINTS = (595.28, 841.89)


def _pdf(client, user, round_, slug="camden") -> PdfReader:
    client.force_login(user)
    url = reverse("reports:authority-report-pdf", args=[slug]) + f"?round={round_.slug}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{slug}-{round_.slug}-report.pdf"' in response["Content-Disposition"]
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


def _overall_score(client, round_) -> str:
    """Camden's overall score as the profile page shows it (the report must agree)."""
    html = client.get(
        reverse("reports:authority-report", args=["camden"]) + f"?round={round_.slug}"
    )
    text = html.content.decode()
    start = text.index('id="overall-score">') + len('id="overall-score">')
    return text[start : text.index(" out of 100", start)]


def test_the_pdf_names_the_authority_its_score_and_its_actions(client, lead, report_round):
    reader = _pdf(client, lead, report_round)
    text = _text(reader)
    score = _overall_score(client, report_round)
    assert "Camden" in text
    assert "Prepared for Camden's leadership" in text
    assert f"Overall score {score} out of 100" in text
    for title in ACTION_TITLES:
        assert title in text
    assert "Ada Lovelace, Chief Executive" in text
    assert "Developing by the 2027 assessment" in " ".join(text.split())  # a target


def test_every_page_is_a4_with_its_number_and_the_round_in_the_footer(client, cdo, report_round):
    reader = _pdf(client, cdo, report_round)
    for number, page in enumerate(reader.pages, 1):
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_POINTS
        text = page.extract_text()
        assert f"Page {number} of {len(reader.pages)}" in text
        assert report_round.name in text


def test_the_pdf_is_tagged_with_a_title_and_a_language(client, lead, report_round):
    reader = _pdf(client, lead, report_round)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")
    assert "Camden" in reader.metadata.title


def test_the_chart_labels_are_text_in_the_pdf(client, lead, report_round):
    text = _text(_pdf(client, lead, report_round))
    assert "London median" in text and "Score (0 to 100)" in text


def test_a_round_without_approved_results_still_gives_the_plan(client, lead, report_round):
    from surveys.models import Assessment

    Assessment.objects.filter(round=report_round, authority__slug="camden").update(
        status=Assessment.Status.SUBMITTED
    )
    text = _text(_pdf(client, lead, report_round))
    assert "no approved results" in text
    assert ACTION_TITLES[0] in text
    assert report_rounds()  # the round is still offered


def test_it_names_no_other_authority_even_in_a_shared_round(client, lead, report_round):
    from boroughs.models import Authority
    from surveys.models import Round

    Round.objects.filter(pk=report_round.pk).update(share_named_results=True)
    text = " ".join(_text(_pdf(client, lead, report_round)).split())
    named = [a.name for a in Authority.objects.exclude(slug="camden") if a.name in text]
    assert not named


def test_peer_group_medians_are_drawn_where_the_group_is_large_enough(client, cdo, db):
    from tests.reports.conftest import make_results_round

    round_ = make_results_round(authorities=16)
    text = " ".join(_text(_pdf(client, cdo, round_)).split())
    assert "London median" in text
    assert "Inner London median" in text

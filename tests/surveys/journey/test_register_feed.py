"""The register beside the assessment: the counts the register knows on the two technology
estate questions (with a button to use them as the answer), the small-firm share and route
mix on the procurement questions; only the assessment's own authority's register in its
round, at a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from estate.models import System
from surveys.journey.register_feed import REGISTER_FIGURES
from surveys.journey.services.answers import answer_save
from surveys.models import Answer, AnswerChange
from tests import factories
from tests.estate.support import add_system, make_register
from tests.surveys.journey.support import make_journey

pytestmark = pytest.mark.django_db
LINES = "tech-lines-of-business"
APPS = "tech-application-count"


@pytest.fixture
def journey(lead):
    """A questionnaire whose first area has the two counts (numbers) and whose second is
    the procurement area (one number, one maturity question)."""
    journey = make_journey(lead, kinds=("number", "number", "number", "maturity"))
    # Straight updates: a published questionnaire refuses changes through save().
    questions = journey.questionnaire.questions
    questions.filter(code="a1-q1").update(code=LINES)
    questions.filter(code="a1-q2").update(code=APPS)
    journey.questionnaire.areas.filter(code="area-2").update(code="procurement")
    return journey


@pytest.fixture
def camden_register(journey):
    register = make_register(journey.assessment.authority, journey.round)
    add_system(register, "idox-uniform", ("planning", "building-control"), route="g_cloud")
    add_system(register, "itrent", ("hr-payroll",), route="open_tender", supplier_sme=False)
    add_system(register, "bartec-collective", ("waste",), route="g_cloud", supplier_sme=True)
    return register


def _page(client, journey, code):
    url = reverse("surveys:question", args=[journey.assessment.reference, code])
    return client.get(url)


def _use(client, journey, code, figure, version):
    url = reverse("surveys:question", args=[journey.assessment.reference, code])
    return client.post(url, {"action": "use-register", "figure": figure, "version": version})


def test_the_mapping_names_register_figures():
    assert set(REGISTER_FIGURES) == {LINES, APPS}


def test_the_counts_shown_are_the_registers(client, lead, journey, camden_register):
    client.force_login(lead)
    html = _page(client, journey, LINES).content.decode()
    assert "Your register for this round lists <strong>4 lines of business</strong>" in html
    assert "Use 4 as the answer" in html
    assert reverse("surveys:register") in html
    html = _page(client, journey, APPS).content.decode()
    assert "lists <strong>3 systems</strong>" in html


def test_other_questions_show_nothing_from_the_register(client, lead, journey, camden_register):
    journey.questionnaire.areas.filter(code="procurement").update(code="skills")
    client.force_login(lead)
    assert 'id="register-feed"' not in _page(client, journey, "a2-q1").content.decode()
    assert 'id="register-feed"' in _page(client, journey, LINES).content.decode()


def test_using_the_figure_saves_the_answer_and_keeps_the_evidence(
    client, lead, journey, camden_register
):
    question = journey.question(LINES)
    answer_save(
        assessment=journey.assessment,
        question=question,
        actor=lead,
        number=7,
        evidence="From the 2019 survey.",
        expected_version=0,
    )
    client.force_login(lead)
    html = _page(client, journey, LINES).content.decode()
    assert "The answer, 7, is different from the register's figure." in html
    response = _use(client, journey, LINES, 4, 1)
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=journey.assessment, question=question)
    assert answer.number == Decimal(4) and answer.version == 2
    assert answer.evidence == "From the 2019 survey."
    assert AnswerChange.objects.filter(answer=answer, version=2, changed_by=lead).exists()
    html = client.get(response["Location"]).content.decode()
    assert "The answer is the register's figure." in html
    assert "Use 4 as the answer" not in html


def test_a_colleagues_newer_answer_is_not_overwritten(
    client, lead, contributor, journey, camden_register
):
    question = journey.question(LINES)
    client.force_login(lead)
    assert 'name="version" value="0"' in _page(client, journey, LINES).content.decode()
    answer_save(
        assessment=journey.assessment,
        question=question,
        actor=contributor,
        number=12,
        expected_version=0,
    )
    response = _use(client, journey, LINES, 4, 0)
    assert response.status_code == 409
    assert "changed since you opened this page" in response.content.decode()
    answer = Answer.objects.get(assessment=journey.assessment, question=question)
    assert answer.number == Decimal(12) and answer.version == 1


def test_a_figure_the_register_no_longer_has_is_refused(client, lead, journey, camden_register):
    client.force_login(lead)
    add_system(camden_register, "civica-spydus", ("libraries",))
    response = _use(client, journey, LINES, 4, 0)
    assert response.status_code == 409
    assert "lists <strong>5 lines of business</strong>" in response.content.decode()
    assert not Answer.objects.filter(assessment=journey.assessment).exists()


def test_a_tampered_figure_or_version_is_a_bad_request(client, lead, journey, camden_register):
    client.force_login(lead)
    assert _use(client, journey, LINES, "four", 0).status_code == 400
    assert _use(client, journey, LINES, 4, "").status_code == 400
    assert not Answer.objects.filter(assessment=journey.assessment).exists()


def test_no_register_says_how_to_start_one(client, lead, journey):
    client.force_login(lead)
    html = _page(client, journey, LINES).content.decode()
    assert "Your authority has no register of systems for this round yet." in html
    assert "Open your register</a> to start one" in html
    assert "as the answer" not in html
    assert _use(client, journey, LINES, 0, 0).status_code == 409
    assert not Answer.objects.filter(assessment=journey.assessment).exists()


def test_another_authoritys_register_is_never_read(client, lead, journey, other_lead):
    hackney = make_register(other_lead.membership.authority, journey.round)
    for product in ("idox-uniform", "itrent", "mosaic"):
        add_system(hackney, product, ("planning",))
    client.force_login(lead)
    html = _page(client, journey, APPS).content.decode()
    assert "Your authority has no register" in html
    assert "3 systems" not in html
    camden = make_register(journey.assessment.authority, journey.round)
    add_system(camden, "idox-uniform", ("planning",))
    html = _page(client, journey, APPS).content.decode()
    assert "lists <strong>1 systems</strong>" in html
    # Last round's register of the same authority is not this round's either.
    earlier = factories.RoundFactory(questionnaire=journey.questionnaire, status="closed")
    add_system(make_register(journey.assessment.authority, earlier), "itrent", ("hr-payroll",))
    assert "lists <strong>1 systems</strong>" in _page(client, journey, APPS).content.decode()


def test_the_cdo_office_reads_the_figures_but_cannot_use_them(
    client, cdo, journey, camden_register
):
    client.force_login(cdo)
    html = _page(client, journey, LINES).content.decode()
    assert "The authority's register for this round lists <strong>4 lines" in html
    assert "as the answer" not in html
    assert reverse("surveys:register") not in html
    assert _use(client, journey, LINES, 4, 0).status_code == 403
    assert not Answer.objects.filter(assessment=journey.assessment).exists()


def test_procurement_questions_show_small_firm_share_and_route_mix(
    client, lead, journey, camden_register
):
    client.force_login(lead)
    html = _page(client, journey, "a2-q1").content.decode()
    assert "50% (1 of 2 systems where it is known)" in html
    text = re.sub(r"\s+", " ", html)
    assert "G-Cloud</th> <td" in text and ">67%<" in text and ">33%<" in text
    assert text.index("G-Cloud") < text.index("Open tender")
    assert "Use " not in html.split('id="register-feed"')[1].split("</div>")[0]


def _queries(client, journey, code) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert _page(client, journey, code).status_code == 200
    return len(queries)


@pytest.mark.parametrize("code", [LINES, "a2-q1"])
def test_query_count_does_not_grow_with_the_register(client, lead, journey, camden_register, code):
    client.force_login(lead)
    _page(client, journey, code)  # warm caches (session, scale)
    small = _queries(client, journey, code)
    products = ["mosaic", "civica-spydus", "taranto", "yotta-alloy", "iken-case", "okta-workforce"]
    for product in products:
        add_system(camden_register, product, ("libraries", "parking"), route="dos")
    System.objects.filter(register=camden_register).update(supplier_sme=True)
    assert _queries(client, journey, code) == small

"""The report benchmark builds the PDF of an authority with a large plan, and leaves no plan."""

import pytest

from bench.report import run
from surveys.models import PlanAction
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


def test_it_times_the_pdf_and_rolls_its_plan_back(cdo, capsys):
    make_results_round(authorities=6, areas=2, questions_per_area=3)
    run(2)
    out = capsys.readouterr().out
    assert "City of London, " in out and "8 actions" in out  # 6 questions and 2 areas
    assert "first request (cold)" in out and "median of 2" in out
    assert "goal under 3 s:" in out
    assert not PlanAction.objects.exists()

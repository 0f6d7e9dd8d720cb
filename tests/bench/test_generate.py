"""The benchmark generator's pieces and the load test's plan, on the test database."""

import io
import re

import pytest
import yaml
from django.core.management import call_command

from accounts.access import role_of
from accounts.roles import Role
from bench import db as bench_db
from bench.fill import add_accounts, add_snapshots
from bench.loadtest.plan import build_plan
from bench.national import authority_rows, questionnaire_yaml
from boroughs.models import Authority, Membership
from surveys.models import Assessment, Questionnaire, ResultSnapshot, Round
from surveys.results.selectors import results_for
from surveys.results.snapshots import result_snapshot_create
from tests import factories


def test_extra_authorities_are_valid_and_off_the_london_grid():
    rows = authority_rows(400)
    assert len(rows) == 400 - 33
    assert all(re.fullmatch(r"E091\d{5}", r["gss_code"]) for r in rows)
    cells = {(r["grid_column"], r["grid_row"]) for r in rows}
    assert len(cells) == len(rows)
    assert all(column >= 8 for column, _ in cells)  # London's grid is 8 columns wide
    for field in ("gss_code", "name", "slug", "abbreviation"):
        values = [r[field] for r in rows]
        assert len(set(values)) == len(values)
    assert all(len(r["abbreviation"]) <= 4 for r in rows)


@pytest.mark.django_db
def test_extra_authorities_fit_the_model_constraints():
    Authority.objects.bulk_create(Authority(**row) for row in authority_rows(40))
    assert Authority.objects.count() == 40


@pytest.mark.django_db
def test_the_generated_questionnaire_loads_with_the_project_loader(tmp_path):
    path = tmp_path / "national.yaml"
    path.write_text(questionnaire_yaml(), encoding="utf-8")
    call_command("load_questionnaire", str(path), publish=True, stdout=io.StringIO())
    questionnaire = Questionnaire.objects.get(code=yaml.safe_load(path.read_text())["code"])
    assert questionnaire.questions.count() == 80
    assert set(questionnaire.questions.values_list("kind", flat=True)) == {
        "maturity",
        "yes_no",
        "number",
        "text",
    }


@pytest.mark.django_db
def test_accounts_get_their_role_and_authority():
    camden = Authority.objects.get(gss_code="E09000007")
    users = add_accounts([camden], "a-long-benchmark-password")
    assert role_of(users["lead-camden"]) == Role.LEAD
    assert role_of(users["contributor-camden"]) == Role.CONTRIBUTOR
    assert role_of(users["cdo"]) == Role.CDO
    assert Membership.objects.get(user=users["lead-camden"]).authority == camden
    # Idempotent: a second call adds nobody.
    add_accounts([camden], "a-long-benchmark-password")
    assert Membership.objects.filter(authority=camden).count() == 2


@pytest.mark.django_db
def test_bulk_snapshots_equal_the_services(open_round):
    questions = list(open_round.questionnaire.questions.all())
    assessments = []
    for n, gss in enumerate(["E09000007", "E09000012"]):
        assessment = factories.AssessmentFactory(
            authority=factories.authority(gss), round=open_round, status="approved"
        )
        for i, question in enumerate(questions):
            factories.AnswerFactory(assessment=assessment, question=question, level=1 + (n + i) % 5)
        assessments.append(assessment)
    assert add_snapshots() == 2
    generated = results_for(assessments=Assessment.objects.all())
    for assessment in assessments:
        result_snapshot_create(assessment=assessment)
    assert ResultSnapshot.objects.count() == 2
    assert results_for(assessments=Assessment.objects.all()) == generated


@pytest.mark.django_db
def test_the_plan_starts_every_assessment_and_records_the_baseline(open_round):
    published = factories.RoundFactory(
        status=Round.Status.PUBLISHED, questionnaire=open_round.questionnaire
    )
    answer = factories.AnswerFactory(
        assessment=factories.AssessmentFactory(round=open_round), version=4
    )
    plan = build_plan("pw")
    assert len(plan["authorities"]) == 33
    assert Assessment.objects.filter(round=open_round).count() == 33
    assert plan["open_round"] == open_round.slug
    assert plan["results_round"] == published.slug
    assert all(q["kind"] == "maturity" for a in plan["authorities"] for q in a["hot"])
    assert plan["baseline"] == {f"{answer.assessment.reference}|{answer.question.code}": 4}


def test_database_names_are_checked():
    assert bench_db.url_for("ldm_bench_london", "postgres://u@127.0.0.1:5432/x").endswith(
        "/ldm_bench_london"
    )
    with pytest.raises(ValueError):
        bench_db.url_for('x"; DROP DATABASE postgres; --')

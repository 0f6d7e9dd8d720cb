"""The CDO office's exports: columns and values on a known data set, access, streaming."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from reports.exports.dictionary import SUMMARY, header
from tests import factories
from tests.reports.exports.jobs_support import ask, job_of
from tests.reports.exports_support import (
    CAMDEN,
    HACKNEY,
    HACKNEY_NAME,
    HOSTILE,
    build_dataset,
    content_of,
    parse_csv,
    rows_by,
)

pytestmark = pytest.mark.django_db

DOWNLOADS = ["exports:summary", "exports:answers", "exports:questionnaire", "exports:progress"]


@pytest.fixture
def data(db):
    return build_dataset()


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


# --- Access -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["exports:index", *DOWNLOADS])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["exports:index", *DOWNLOADS])
def test_borough_users_are_refused(client, lead, contributor, name):
    for user in (lead, contributor):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", DOWNLOADS)
def test_cdo_office_and_admins_can_download(client, cdo, admin_user, data, name):
    for user in (cdo, admin_user):
        response = _get(client, user, name, round=data.round.slug)
        assert response.status_code == 200
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        rows = parse_csv(content_of(response))
        assert len(rows) > 1


def test_exports_page_offers_every_download(client, cdo, data):
    response = _get(client, cdo, "exports:index")
    assert response.status_code == 200
    html = response.content.decode()
    for name in DOWNLOADS:
        assert f'formaction="{reverse(name)}"' in html
    assert "Add a byte-order mark for Excel" in html
    assert data.round.name in html


def test_a_tampered_filter_is_a_form_error_not_a_crash(client, cdo, data):
    response = _get(client, cdo, "exports:summary", round="no-such-round")
    assert response.status_code == 400
    assert "Choose a round from the list" in response.content.decode()
    response = _get(client, cdo, "exports:summary", format="pdf")
    assert response.status_code == 400


def test_each_download_is_audited(client, cdo, data):
    content_of(_get(client, cdo, "exports:answers", round=data.round.slug))
    event = AuditEvent.objects.get(action="export.answers")
    assert event.actor == cdo
    assert event.detail["round"] == data.round.slug


# --- Summary ------------------------------------------------------------------------


def test_summary_columns_and_values(client, cdo, data):
    rows = parse_csv(content_of(_get(client, cdo, "exports:summary", round=data.round.slug)))
    assert rows[0] == [
        "round", "gss_code", "authority", "inner_outer", "status", "completion_pct",
        "area-1_score", "area-1_level", "area-2_score", "area-2_level",
        "overall_score", "overall_level", "submitted_at", "approved_at",
        "sign_off_name", "sign_off_role",
    ]  # fmt: skip
    assert rows[0] == header(SUMMARY, ["area-1", "area-2"])
    assert len(rows) == 1 + 33
    by_gss = rows_by(rows, "gss_code")
    assert by_gss[CAMDEN] == {
        "round": "round-2024",
        "gss_code": CAMDEN,
        "authority": "Camden",
        "inner_outer": "inner",
        "status": "approved",
        "completion_pct": "100.0",
        "area-1_score": "50.0",
        "area-1_level": "3",
        "area-2_score": "100.0",
        "area-2_level": "5",
        "overall_score": "75.0",
        "overall_level": "4",
        "submitted_at": "2024-10-01T09:30:00+00:00",
        "approved_at": "2024-10-08T14:00:00+00:00",
        "sign_off_name": "",
        "sign_off_role": "",
    }
    hackney = by_gss[HACKNEY]
    assert hackney["authority"] == "'" + HACKNEY_NAME
    assert (hackney["status"], hackney["completion_pct"]) == ("in_progress", "50.0")
    assert (hackney["area-1_score"], hackney["area-1_level"]) == ("0.0", "1")
    assert hackney["area-2_score"] == hackney["overall_score"] == hackney["submitted_at"] == ""
    barnet = by_gss["E09000003"]
    assert barnet["status"] == "not_started"
    assert barnet["overall_score"] == ""


def test_summary_filters_by_area_and_peer_group(client, cdo, data):
    group = factories.PeerGroupFactory()
    group.authorities.add(factories.authority(CAMDEN), factories.authority(HACKNEY))
    response = _get(
        client, cdo, "exports:summary", round=data.round.slug, area="area-2", peer_group=group.slug
    )
    rows = parse_csv(content_of(response))
    assert "area-2_score" in rows[0]
    assert "area-1_score" not in rows[0]
    assert sorted(row[1] for row in rows[1:]) == [CAMDEN, HACKNEY]


def test_all_rounds_gives_a_row_per_authority_per_round(client, cdo, data):
    build_dataset(name="Round 2025")
    rows = parse_csv(content_of(_get(client, cdo, "exports:summary")))
    assert len(rows) == 1 + 2 * 33
    assert [row[0] for row in rows[1:]].count("round-2025") == 33


def test_byte_order_mark_only_when_asked(client, cdo, data):
    plain = content_of(_get(client, cdo, "exports:summary", round=data.round.slug))
    with_bom = content_of(_get(client, cdo, "exports:summary", round=data.round.slug, bom="on"))
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert with_bom[3:] == plain


# --- Answers ------------------------------------------------------------------------


def test_answers_columns_and_values(client, cdo, data):
    rows = parse_csv(content_of(_get(client, cdo, "exports:answers", round=data.round.slug)))
    assert rows[0] == [
        "round", "gss_code", "authority", "area_code", "question_code", "question_text",
        "level_number", "level_name", "score", "not_applicable", "evidence",
        "last_changed_by", "last_changed_at", "question_kind", "answer_value",
    ]  # fmt: skip
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [(r["gss_code"], r["question_code"]) for r in body] == [
        (HACKNEY, "a1-q1"),  # "@Hackney" sorts before "Camden"
        (HACKNEY, "a1-q2"),
        (HACKNEY, "a2-q1"),
        (CAMDEN, "a1-q1"),
        (CAMDEN, "a1-q2"),
        (CAMDEN, "a2-q1"),
        (CAMDEN, "a2-q2"),
    ]
    camden_first = body[3]
    assert camden_first == {
        "round": "round-2024",
        "gss_code": CAMDEN,
        "authority": "Camden",
        "area_code": "area-1",
        "question_code": "a1-q1",
        "question_text": "'" + HOSTILE[0],
        "level_number": "4",
        "level_name": "Developing",
        "score": "75.0",
        "not_applicable": "false",
        "evidence": "'" + HOSTILE[0],
        "last_changed_by": "export-lead",
        "last_changed_at": "2024-09-20T12:00:00+00:00",
        "question_kind": "maturity",
        "answer_value": "",
    }
    assert body[6]["evidence"] == "Plain, with a comma"
    na = body[1]
    assert (na["not_applicable"], na["level_number"], na["score"]) == ("true", "", "")
    assert body[0]["score"] == "0.0" and body[0]["level_name"] == "Beginning"


def test_answers_filtered_by_area(client, cdo, data):
    rows = parse_csv(
        content_of(_get(client, cdo, "exports:answers", round=data.round.slug, area="area-2"))
    )
    assert {row[3] for row in rows[1:]} == {"area-2"}
    assert len(rows) == 1 + 3


# --- Questionnaire and progress -----------------------------------------------------


def test_questionnaire_columns_and_values(client, cdo, data):
    rows = parse_csv(content_of(_get(client, cdo, "exports:questionnaire", round=data.round.slug)))
    assert rows[0][:15] == [
        "questionnaire_code", "version", "area_code", "area_name", "area_order", "area_weight",
        "question_code", "question_order", "question_text", "hint", "kind", "weight",
        "required", "scored", "unit",
    ]  # fmt: skip
    assert rows[0][15:] == [f"level_{n}_descriptor" for n in range(1, 6)]
    assert len(rows) == 1 + 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["questionnaire_code"] == "test-questionnaire"
    assert first["version"] == str(data.questionnaire.version)
    assert (first["area_code"], first["question_code"], first["kind"]) == (
        "area-1",
        "a1-q1",
        "maturity",
    )
    assert (first["weight"], first["required"], first["scored"]) == ("1", "true", "true")
    assert first["level_3_descriptor"] == "Level 3 looks like this"


def test_questionnaire_version_can_be_chosen(client, cdo, data):
    other = factories.make_questionnaire(areas=1, questions_per_area=1)
    rows = parse_csv(
        content_of(_get(client, cdo, "exports:questionnaire", questionnaire=str(other.pk)))
    )
    assert len(rows) == 2
    assert rows[1][1] == str(other.version)


def test_progress_columns_and_values(client, cdo, data):
    rows = parse_csv(content_of(_get(client, cdo, "exports:progress", round=data.round.slug)))
    assert rows[0] == [
        "round", "gss_code", "authority", "reference", "status", "completion_pct",
        "area-1_completion_pct", "area-2_completion_pct", "submitted_at", "approved_at",
        "last_activity_at", "lead_emails",
    ]  # fmt: skip
    by_gss = rows_by(rows, "gss_code")
    camden = by_gss[CAMDEN]
    assert camden["status"] == "approved"
    assert camden["completion_pct"] == "100.0"
    assert camden["lead_emails"] == "'-2+3@example.gov.uk; zoe@camden.gov.uk"
    hackney = by_gss[HACKNEY]
    assert (hackney["reference"], hackney["status"]) == ("'=1+2", "in_progress")
    assert (hackney["area-1_completion_pct"], hackney["area-2_completion_pct"]) == ("100.0", "0.0")
    assert by_gss["E09000003"]["status"] == "not_started"


# --- Excel ----------------------------------------------------------------------------


def _excel(client, cdo, name, round_slug) -> bytes:
    """An Excel download: streamed from the request, or (answers) made by a job."""
    client.force_login(cdo)
    response = ask(client, name, {"round": round_slug, "format": "xlsx"})
    if name == "exports:answers":
        job = job_of(response)
        response = client.get(reverse("exports:job-file", args=[job.pk]))
        assert response["Content-Disposition"].endswith('.xlsx"')
        return b"".join(response.streaming_content)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].endswith('.xlsx"')
    return content_of(response)


@pytest.mark.parametrize("name", ["exports:summary", "exports:answers"])
def test_excel_downloads_are_workbooks_with_typed_cells(client, cdo, data, name):
    sheet = load_workbook(io.BytesIO(_excel(client, cdo, name, data.round.slug))).active
    rows = list(sheet.iter_rows(values_only=True))
    csv_rows = parse_csv(content_of(_get(client, cdo, name, round=data.round.slug)))
    assert list(rows[0]) == csv_rows[0]
    assert len(rows) == len(csv_rows)


def test_excel_summary_numbers_are_numbers(client, cdo, data):
    response = _get(client, cdo, "exports:summary", round=data.round.slug, format="xlsx")
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    header_row = [cell.value for cell in sheet[1]]
    camden = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == CAMDEN)
    values = {name: cell for name, cell in zip(header_row, camden, strict=True)}
    assert values["overall_score"].value == 75.0
    assert values["overall_score"].data_type == "n"
    assert values["area-1_level"].value == 3
    assert values["approved_at"].value.isoformat() == "2024-10-08T14:00:00"


# --- Queries do not grow with the data -------------------------------------------------


def _queries(kind: str, scope) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.exports.answers import answers_table
    from reports.exports.tables import progress_table, summary_table

    build = {"summary": summary_table, "answers": answers_table, "progress": progress_table}[kind]
    with CaptureQueriesContext(connection) as captured:
        rows = list(build(scope).rows)
    assert rows
    return len(captured)


@pytest.mark.parametrize("kind", ["summary", "answers", "progress"])
def test_query_count_does_not_grow_with_authorities_or_answers(data, kind):
    from reports.exports.tables import Scope
    from surveys.models import Answer, Assessment

    scope = Scope(round=data.round)
    before = _queries(kind, scope)
    questions = list(data.questionnaire.questions.all())
    for gss in ("E09000020", "E09000021", "E09000022"):
        assessment = factories.AssessmentFactory(
            authority=factories.authority(gss), round=data.round, status=Assessment.Status.DRAFT
        )
        for question in questions:
            Answer.objects.create(
                assessment=assessment, question=question, level=2, changed_at=data.camden.created_at
            )
    assert _queries(kind, scope) == before


def test_the_get_form_puts_no_csrf_token_in_the_query_string(client, cdo, data):
    html = _get(client, cdo, "exports:index").content.decode()
    assert "csrfmiddlewaretoken" not in html.split('<form method="get"')[1].split("</form>")[0]


# --- The management command -----------------------------------------------------------


def _command(*args) -> list[list[str]]:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return parse_csv(out.getvalue().encode())


def test_command_filters_like_the_page(data):
    group = factories.PeerGroupFactory()
    group.authorities.add(factories.authority(CAMDEN), factories.authority(HACKNEY))
    rows = _command(
        "summary", "--round", data.round.slug, "--area", "area-2", "--peer-group", group.slug
    )
    assert "area-2_score" in rows[0] and "area-1_score" not in rows[0]
    assert sorted(row[1] for row in rows[1:]) == [CAMDEN, HACKNEY]
    answers = _command("answers", "--round", data.round.slug, "--area", "area-1")
    area_column = answers[0].index("area_code")
    assert {row[area_column] for row in answers[1:]} == {"area-1"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--round", "no-such-round"], "No round with the slug 'no-such-round'"),
        (["--peer-group", "nobody"], "No peer group with the slug 'nobody'"),
        (["--area", "area-9"], "No area with the code 'area-9'"),
    ],
)
def test_command_names_an_unknown_filter(data, args, message):
    with pytest.raises(CommandError, match=message):
        _command("summary", *args)

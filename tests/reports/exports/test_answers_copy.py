"""The answers CSV written by PostgreSQL's COPY (reports.exports.answers_copy) is the
same bytes as the Python path (answers_table rendered by render.csv_lines).

The data set is built to catch every difference between the two writers: text that
begins with each formula prefix, quotes, commas, CR, LF and CRLF inside text, empty
strings, unicode, N/A of every kind, yes/no, number and text answers, a user whose name
is a formula and an answer with no user, times with microseconds in another time zone,
approved (frozen, recomputed after a change of weights and method) and unapproved
assessments, two rounds on two questionnaire versions with different scales, an area
and a peer group. The COPY tests need PostgreSQL (``make pg-test``); the CRLF pass and
the SQLite fallback are tested everywhere.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Authority, PeerGroup
from reports.exports import answers_copy
from reports.exports.answers import answers_table
from reports.exports.render import csv_chunks, csv_lines
from reports.exports.tables import Scope
from surveys.models import Answer, Area, Assessment, Question, Questionnaire, Round, ScaleLevel
from surveys.results.answer_scores import frozen_differences, score_mismatches
from surveys.results.snapshots import result_snapshot_create, result_snapshots_recompute
from tests import factories

KINDS = ("maturity", "yes_no", "number", "text")
TRICKY = [
    "=1+1",
    "+44 20 7946 0000",
    "-2",
    "@SUM(A1)",
    "\tTabbed",
    "\rCarriage",
    "\nLine feed first",
    'He said "yes", then "no"',
    "a,b,c",
    "line one\r\nline two",
    "line one\nline two\n",
    "",
    "ünïcödé — 日本語 🙂",
    "'already quoted",
    " leading space",
    'ends with a quote"',
    '"',
    ",",
    "\r\n",
    "x\ry",
    "\x0bvertical tab",
]
TEXTS = ['=HYPERLINK("x")', "", "plain", "a\nb", '"quoted"', "-minus", "€100, or so"]
NUMBERS = ["12.5", "-3", "0", "1000000.25", "999999999999.99", "0.01", "7"]
CHANGED = datetime.datetime(2024, 9, 20, 13, 0, 59, 999999, tzinfo=ZoneInfo("Europe/London"))


def _version(*, version: int, levels: int, level_name: str) -> Questionnaire:
    questionnaire = factories.make_questionnaire(
        areas=2, questions_per_area=4, kinds=KINDS, status=Questionnaire.Status.DRAFT
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(version=version)
    ScaleLevel.objects.filter(questionnaire=questionnaire, number__gt=levels).delete()
    ScaleLevel.objects.filter(questionnaire=questionnaire, number=2).update(name=level_name)
    Area.objects.filter(questionnaire=questionnaire, order=2).update(code="-area-2")
    for index, question in enumerate(Question.objects.filter(questionnaire=questionnaire)):
        question.text = TRICKY[index % len(TRICKY)] or "Question"
        question.save()
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        status=Questionnaire.Status.PUBLISHED, published_at=timezone.now()
    )
    return questionnaire


def _answer_all(assessment: Assessment, users: list, offset: int, start: int) -> None:
    questions = assessment.round.questionnaire.questions.order_by("area__order", "order")
    levels = assessment.round.questionnaire.levels.count()
    for index, question in enumerate(questions):
        n = index + offset
        value: dict = {"not_applicable": True} if n % 6 == 5 else {}
        if not value:
            value = {
                "maturity": {"level": 1 + n % levels},
                "yes_no": {"yes_no": n % 2 == 0},
                "number": {"number": Decimal(NUMBERS[n % len(NUMBERS)])},
                "text": {"text": TEXTS[n % len(TEXTS)]},
            }[question.kind]
        factories.AnswerFactory(
            assessment=assessment,
            question=question,
            evidence=TRICKY[(start + index) % len(TRICKY)],
            changed_by=users[n % len(users)],
            changed_at=CHANGED + datetime.timedelta(days=n, microseconds=-n),
            **{"level": None, **value},
        )


@pytest.fixture
def data(db):
    users = [
        factories.UserFactory(username="=cmd"),
        factories.UserFactory(username="plain.user"),
        None,
    ]
    Authority.objects.filter(gss_code="E09000001").update(name='=City "of" London, the')
    Authority.objects.filter(gss_code="E09000002").update(name="@Barking")
    old = factories.RoundFactory(
        questionnaire=_version(version=1, levels=5, level_name="=Emerging"),
        name="Round 2024",
        slug="round-2024",
        status=Round.Status.PUBLISHED,
        opens_on=datetime.date(2024, 9, 1),
        closes_on=datetime.date(2024, 10, 31),
    )
    new = factories.RoundFactory(
        questionnaire=_version(version=2, levels=4, level_name='Emerging, "two"'),
        name="Round 2025",
        slug="round-2025",
        opens_on=datetime.date(2025, 9, 1),
        closes_on=datetime.date(2025, 10, 31),
    )
    gss = ["E09000001", "E09000002", "E09000007", "E09000012", "E09000020"]
    start = 0  # every tricky evidence is used several times
    for round_, statuses in (
        (old, ["approved", "approved", "approved", "draft", "approved"]),
        (new, ["draft", "submitted", "returned", "approved", "draft"]),
    ):
        for offset, (code, status) in enumerate(zip(gss, statuses, strict=True)):
            assessment = factories.AssessmentFactory(
                authority=Authority.objects.get(gss_code=code), round=round_, status=status
            )
            _answer_all(assessment, users, offset, start)
            start += 8
            if status == "approved" and code != "E09000020":  # one approved without snapshot
                result_snapshot_create(assessment=assessment)
    # Frozen results recomputed after a change of weights and method: question scores
    # do not depend on either, so the stored scores still equal the frozen ones.
    Question.objects.filter(questionnaire=old.questionnaire).update(weight=3)
    Questionnaire.objects.filter(pk=old.questionnaire_id).update(scoring_method="gated")
    result_snapshots_recompute(assessments=Assessment.objects.filter(round=old), dry_run=False)
    group = PeerGroup.objects.create(name="Tricky partners", slug="tricky-partners")
    group.authorities.set(Authority.objects.filter(gss_code__in=["E09000002", "E09000012"]))
    assert list(score_mismatches()) == [] and list(frozen_differences()) == []
    return {"old": old, "new": new, "group": group}


def _python(scope: Scope, bom: bool) -> bytes:
    return "".join(csv_lines(answers_table(scope), bom=bom)).encode("utf-8")


def _copy(scope: Scope, bom: bool) -> bytes:
    chunks = answers_table(scope).csv_bytes(bom=bom)
    assert chunks is not None, "PostgreSQL should write the answers CSV with COPY"
    return b"".join(chunks)


def _scopes(data) -> dict[str, Scope]:
    return {
        "one round": Scope(round=data["new"]),
        "the frozen round": Scope(round=data["old"]),
        "every round": Scope(),
        "an area": Scope(area_code="-area-2"),
        "a peer group": Scope(peer_group=data["group"]),
        "all filters": Scope(round=data["old"], area_code="area-1", peer_group=data["group"]),
    }


@pytest.mark.postgres
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize(
    "name",
    ["one round", "the frozen round", "every round", "an area", "a peer group", "all filters"],
)
def test_copy_writes_the_same_bytes_as_the_python_path(data, name, bom, monkeypatch):
    # Small chunks, so quoted fields, CRLFs and multibyte characters straddle them.
    monkeypatch.setattr(answers_copy, "CHUNK", 7)
    scope = _scopes(data)[name]
    expected = _python(scope, bom)
    assert expected.count(b"\r\n") > 1  # the header and rows
    assert _copy(scope, bom) == expected


@pytest.mark.postgres
def test_the_data_has_what_it_is_meant_to_catch(data):
    everything = _python(Scope(), bom=False)
    assert len(everything.split(b"\r\n")) > 80  # 80 answers, a header, CRLFs in text
    for piece in (
        b"'=1+1",
        b"'\tTabbed",
        b"'@Barking",
        b"'=cmd",
        b'"line one\r\nline two"',
        b'"line one\nline two\n"',
        b'"He said ""yes"", then ""no"""',
        "ünïcödé — 日本語 🙂".encode(),
        b",,",  # empty fields (empty strings, no user, N/A)
        b",100.0,",
        b",999999999999.99\r\n",
        b",-3.0\r\n",
        b"2024-09-20T12:00:59+00:00",
        b"'=Emerging",
        b'"Emerging, ""two"""',
        b",66.67,",  # a four-level scale's level 3
    ):
        assert piece in everything, piece


@pytest.mark.postgres
def test_the_download_streams_the_copy(client, data):
    client.force_login(factories.make_cdo(username="cdo-copy"))
    response = client.get(
        reverse("exports:answers"), {"round": data["old"].slug, "format": "csv", "bom": "on"}
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _python(Scope(round=data["old"]), bom=True)


@pytest.mark.postgres
def test_manage_py_export_writes_the_copy_too(data, tmp_path, monkeypatch):
    from django.core.management import call_command

    # Small chunks, so multibyte characters straddle them and must be decoded whole.
    monkeypatch.setattr(answers_copy, "CHUNK", 7)
    output = tmp_path / "answers.csv"
    written = []
    real = answers_copy.copy_into
    monkeypatch.setattr(
        answers_copy, "copy_into", lambda *a, **k: (written.append(1), real(*a, **k))[1]
    )
    call_command("export", "answers", output=str(output), bom=True, stderr=io.StringIO())
    assert written, "the command should write the answers with COPY on PostgreSQL"
    assert output.read_bytes() == _python(Scope(), bom=True)
    # To standard output too, with no line end added to any chunk.
    stdout = io.StringIO()
    call_command("export", "answers", stdout=stdout)
    assert len(written) == 2
    assert stdout.getvalue().encode("utf-8") == _python(Scope(), bom=False)


@pytest.mark.postgres
def test_an_empty_export_is_the_header_alone(db):
    scope = Scope(round=factories.RoundFactory())
    assert _copy(scope, bom=False) == _python(scope, bom=False)
    assert _copy(scope, bom=False).count(b"\r\n") == 1


def test_on_sqlite_the_download_renders_the_rows(db):
    if answers_copy.available():
        pytest.skip("on PostgreSQL the download is COPY's (tested above)")
    factories.AnswerFactory(evidence="=x")
    table = answers_table(Scope())
    assert table.csv_bytes() is None
    assert b"".join(csv_chunks(answers_table(Scope()))) == _python(Scope(), bom=False)
    assert Answer.objects.count() == 1


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64])
def test_crlf_ends_records_with_crlf_and_keeps_newlines_inside_fields(size):
    postgres = (
        b'a,"x\ny",b\n'
        b'"",",",c\n'
        b'"""q""\n",d\r,e\n'  # (not PostgreSQL's: a bare CR is quoted; the pass keeps it)
        b"f,\xc3\xbc\xe6\x97\xa5,g\n"
    )
    chunks = [postgres[i : i + size] for i in range(0, len(postgres), size)]
    assert b"".join(answers_copy.crlf(iter(chunks))) == (
        b'a,"x\ny",b\r\n"",",",c\r\n"""q""\n",d\r,e\r\nf,\xc3\xbc\xe6\x97\xa5,g\r\n'
    )

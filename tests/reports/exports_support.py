"""A small, fully known data set for the export, open-data and API tests, with hostile text.

Round "round-2024" (questionnaire of 2 areas x 2 maturity questions, levels 1-5 scoring
0/25/50/75/100):

- Camden, approved (frozen): a1-q1 L4, a1-q2 L2 -> area-1 50 (level 3); a2-q1 L5,
  a2-q2 L5 -> area-2 100 (level 5); overall 75 (level 4); completion 100.
- Hackney (renamed "@Hackney"), draft: a1-q1 L1, a1-q2 N/A, a2-q1 unanswered ->
  area-1 0 (level 1); area-2 none; overall none; completion 50; in progress.
- Every other authority: not started. Six of them are renamed to the hostile strings.

Evidence, question texts and hints, a reference and a lead's email are hostile too, so
every export has text that a spreadsheet would otherwise run.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from boroughs.models import Authority
from reports.exports.csv_safety import DANGEROUS_PREFIXES
from surveys.models import Answer, Assessment, Question, Questionnaire, Round
from surveys.results.answer_scores import rescore_answers
from surveys.results.snapshots import result_snapshot_create
from tests import factories

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\t=1", "\r=1"]
RENAMED = ["E09000001", "E09000002", "E09000003", "E09000004", "E09000005", "E09000006"]
CAMDEN, HACKNEY = "E09000007", "E09000012"
HACKNEY_NAME = "@Hackney"
HACKNEY_REFERENCE = "=1+2"
LEAD_EMAIL = "-2+3@example.gov.uk"
SUBMITTED = datetime.datetime(2024, 10, 1, 9, 30, tzinfo=datetime.UTC)
APPROVED = datetime.datetime(2024, 10, 8, 14, 0, tzinfo=datetime.UTC)
CHANGED = datetime.datetime(2024, 9, 20, 12, 0, tzinfo=datetime.UTC)


@dataclass
class Dataset:
    round: Round
    questionnaire: Questionnaire
    camden: Assessment
    hackney: Assessment
    lead: object


def build_dataset(
    *, status: str = Round.Status.CLOSED, name: str = "Round 2024", share_named_results=False
) -> Dataset:
    questionnaire = factories.make_questionnaire(status=Questionnaire.Status.DRAFT)
    questions = list(questionnaire.questions.order_by("area__order", "order"))
    # Questions are changed while a draft (published ones are locked), then published.
    for question, text in zip(questions, HOSTILE, strict=False):
        question.text = text
        question.hint = text
        question.save()
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        status=Questionnaire.Status.PUBLISHED, published_at=timezone.now()
    )
    questionnaire.refresh_from_db()
    round_ = factories.RoundFactory(
        questionnaire=questionnaire,
        name=name,
        slug=name.lower().replace(" ", "-"),
        status=status,
        share_named_results=share_named_results,
        opens_on=datetime.date(2024, 9, 1),
        closes_on=datetime.date(2024, 10, 31),
    )
    for gss, hostile in zip(RENAMED, HOSTILE, strict=True):
        Authority.objects.filter(gss_code=gss).update(name=hostile)
    Authority.objects.filter(gss_code=HACKNEY).update(name=HACKNEY_NAME)
    lead = User.objects.filter(username="export-lead").first()
    if lead is None:  # a second round reuses the leads
        lead = factories.make_member("lead", CAMDEN, username="export-lead", email=LEAD_EMAIL)
        factories.make_member("lead", CAMDEN, username="export-lead-2", email="zoe@camden.gov.uk")
    slug = round_.slug.upper()
    camden = factories.AssessmentFactory(
        authority=factories.authority(CAMDEN),
        round=round_,
        status=Assessment.Status.APPROVED,
        submitted_at=SUBMITTED,
        approved_at=APPROVED,
    )
    for question, level, evidence in zip(
        questions, (4, 2, 5, 5), (*HOSTILE[:3], "Plain, with a comma"), strict=True
    ):
        Answer.objects.create(
            assessment=camden,
            question=question,
            level=level,
            evidence=evidence,
            changed_at=CHANGED,
            changed_by=lead,
        )
    result_snapshot_create(assessment=camden)
    hackney = factories.AssessmentFactory(
        authority=factories.authority(HACKNEY),
        round=round_,
        reference=HACKNEY_REFERENCE if name == "Round 2024" else f"LDM-{slug}-H",
    )
    for question, level, na, evidence in (
        (questions[0], 1, False, HOSTILE[3]),
        (questions[1], None, True, HOSTILE[4]),
        (questions[2], None, False, HOSTILE[5]),
    ):
        Answer.objects.create(
            assessment=hackney,
            question=question,
            level=level,
            not_applicable=na,
            evidence=evidence,
            changed_at=CHANGED,
        )
    rescore_answers()  # the scores answer_save would have stored
    return Dataset(round_, questionnaire, camden, hackney, lead)


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def parse_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def rows_by(rows: list[list[str]], column: str) -> dict[str, dict[str, str]]:
    header = rows[0]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    return {record[column]: record for record in records}


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_no_formulas(rows: list[list[str]]) -> None:
    """No cell a spreadsheet would run: dangerous first characters only on real numbers."""
    for row in rows:
        for cell in row:
            if cell.startswith(DANGEROUS_PREFIXES):
                assert is_number(cell), f"unneutralised cell {cell!r}"


def question_by_code(questionnaire, code: str) -> Question:
    return questionnaire.questions.get(code=code)


def approve_more(dataset: Dataset, levels: dict[str, int]) -> None:
    """Approved assessments (frozen) for more authorities: ``{gss_code: level}``, every
    question answered at that level (level L scores (L-1) x 25)."""
    questions = list(dataset.questionnaire.questions.all())
    for gss, level in levels.items():
        assessment = factories.AssessmentFactory(
            authority=factories.authority(gss),
            round=dataset.round,
            status=Assessment.Status.APPROVED,
            submitted_at=SUBMITTED,
            approved_at=APPROVED,
        )
        Answer.objects.bulk_create(
            Answer(assessment=assessment, question=q, level=level, changed_at=CHANGED)
            for q in questions
        )
        rescore_answers(Answer.objects.filter(assessment=assessment))
        result_snapshot_create(assessment=assessment)

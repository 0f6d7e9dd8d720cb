"""The loader refuses what the rest of the service cannot hold, naming the place.

Every limit is defined once in ``surveys.questionnaires.format`` and applies to the
load_questionnaire command and the admin import alike. Several of these crashed on
PostgreSQL only (a version above 2^31 - 1, a NUL): run them there too with
``./scripts/with-postgres .venv/bin/pytest tests/surveys/test_questionnaire_limits.py``.
"""

from io import StringIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse

from surveys.exceptions import QuestionnaireConflict, QuestionnaireInvalid
from surveys.models import Area, Question, Questionnaire, ScaleLevel
from surveys.questionnaires.format import (
    MAX_AREA_NAME,
    MAX_AREAS,
    MAX_CODE,
    MAX_FILE_BYTES,
    MAX_LEVEL_NAME,
    MAX_LEVELS,
    MAX_NOT_APPLICABLE_LABEL,
    MAX_QUESTION_TEXT,
    MAX_QUESTIONNAIRE_CODE,
    MAX_QUESTIONNAIRE_NAME,
    MAX_QUESTIONS,
    MAX_QUESTIONS_PER_AREA,
    MAX_UNIT,
    MAX_VERSION,
    RESERVED_CODES,
)
from surveys.questionnaires.services import questionnaire_load, questionnaire_new_version
from tests.surveys.questionnaires.samples import SMALL, row_counts, small, write

pytestmark = pytest.mark.django_db

SMALLINT_MAX = 32767  # PositiveSmallIntegerField on PostgreSQL


def generated(*, areas: int = 1, questions: int = 1, levels: int = 3, version: int = 1) -> str:
    """A valid file with ``areas`` areas of ``questions`` yes/no questions each."""
    data = {
        "code": "generated",
        "version": version,
        "name": "Generated",
        "levels": [
            {"number": n, "name": f"Level {n}", "min_score": (n - 1) * 5}
            for n in range(1, levels + 1)
        ],
        "areas": [
            {
                "code": f"area-{a}",
                "name": f"Area {a}",
                "questions": [
                    {"code": f"a{a}-q{q}", "kind": "yes_no", "text": "Yes?"}
                    for q in range(1, questions + 1)
                ],
            }
            for a in range(1, areas + 1)
        ],
    }
    return yaml.safe_dump(data, sort_keys=False)


def refused(text: str, tmp_path) -> list[str]:
    """Load the file (expecting refusal): its problems, after checking nothing was written."""
    path = write(tmp_path, text)
    before = row_counts()
    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_load(source=str(path))
    assert row_counts() == before
    return [m.replace(f"{tmp_path}/", "") for m in caught.value.messages]


def command_refuses(path) -> str:
    stderr = StringIO()
    before = row_counts()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_questionnaire", str(path), stdout=StringIO(), stderr=stderr)
    assert row_counts() == before
    return stderr.getvalue().replace(f"{path.parent}/", "")


def admin_upload(client, admin_user, content: bytes) -> str:
    client.force_login(admin_user)
    before = row_counts()
    response = client.post(
        reverse("admin:surveys_questionnaire_import"),
        {"file": SimpleUploadedFile("upload.yaml", content, content_type="application/yaml")},
    )
    assert response.status_code == 200
    assert row_counts() == before
    return response.content.decode()


# --- Reserved codes ---------------------------------------------------------------------


@pytest.mark.parametrize("code", RESERVED_CODES)
def test_an_area_cannot_take_a_reserved_code(code, tmp_path):
    problems = refused(small(("code: beta\n", f"code: {code}\n")), tmp_path)
    assert problems == [
        f'q.yaml: area "{code}": the code "{code}" is reserved: the reports and exports use '
        "it themselves (reserved: overall, london, all, total); choose another (line 31)"
    ]


def test_a_question_cannot_take_a_reserved_code(tmp_path):
    problems = refused(small(("code: beta-two", "code: overall")), tmp_path)
    assert problems == [
        'q.yaml: area "beta", question "overall": the code "overall" is reserved: the reports '
        "and exports use it themselves (reserved: overall, london, all, total); choose "
        "another (line 40)"
    ]


def test_overall_is_reserved_because_the_reports_use_it():
    assert "overall" in RESERVED_CODES


# --- Numbers the database holds ------------------------------------------------------------


def test_a_version_above_what_the_database_holds_is_refused(tmp_path):
    problems = refused(small(("version: 1", f"version: {2**31}")), tmp_path)
    assert problems == [f'q.yaml: "version" must be at most {2**31 - 1}, got {2**31} (line 2)']


def test_the_highest_version_the_database_holds_loads(tmp_path, admin_user):
    path = write(tmp_path, small(("version: 1", f"version: {MAX_VERSION}")))
    questionnaire = questionnaire_load(source=str(path))
    assert Questionnaire.objects.get(pk=questionnaire.pk).version == 2**31 - 1
    with pytest.raises(QuestionnaireConflict, match="highest version number"):
        questionnaire_new_version(questionnaire=questionnaire, actor=admin_user)
    assert Questionnaire.objects.count() == 1


def test_an_area_with_too_many_questions_is_refused(tmp_path):
    problems = refused(generated(questions=MAX_QUESTIONS_PER_AREA + 1), tmp_path)
    assert problems == [
        f'q.yaml: area "area-1": "questions" has {MAX_QUESTIONS_PER_AREA + 1} questions; '
        f"the most is {MAX_QUESTIONS_PER_AREA} (line 17)"
    ]


def test_an_area_with_the_most_questions_loads(tmp_path):
    path = write(tmp_path, generated(questions=MAX_QUESTIONS_PER_AREA))
    questionnaire = questionnaire_load(source=str(path))
    assert Question.objects.filter(questionnaire=questionnaire).count() == MAX_QUESTIONS_PER_AREA


def test_too_many_areas_are_refused(tmp_path):
    problems = refused(generated(areas=MAX_AREAS + 1), tmp_path)
    assert problems == [
        f'q.yaml: "areas" has {MAX_AREAS + 1} areas; the most is {MAX_AREAS} (line 14)'
    ]


def test_too_many_questions_in_all_are_refused(tmp_path):
    per_area = MAX_QUESTIONS_PER_AREA
    areas = MAX_QUESTIONS // per_area + 1
    problems = refused(generated(areas=areas, questions=per_area), tmp_path)
    assert problems == [
        f"q.yaml: the file has {areas * per_area} questions in all; the most is "
        f"{MAX_QUESTIONS} (line 14)"
    ]


def test_too_many_levels_are_refused(tmp_path):
    problems = refused(generated(levels=MAX_LEVELS + 1), tmp_path)
    assert problems == [
        f'q.yaml: "levels" has {MAX_LEVELS + 1} levels; the most is {MAX_LEVELS} (line 4)'
    ]


def test_aliases_cannot_make_a_small_file_hold_a_huge_list(tmp_path):
    # 50,000 aliases of one question: a small file, but only the first 100 are looked at.
    anchor = "x: &q {code: q, kind: yes_no, text: x}\n"
    huge = "areas:\n- code: big\n  name: Big\n  questions: [" + ", ".join(["*q"] * 50000) + "]\n"
    problems = refused(anchor + generated().split("areas:")[0] + huge, tmp_path)
    assert 'q.yaml: area "big": "questions" has 50000 questions; the most is 100 (line 18)' in (
        problems
    )
    assert len(problems) < 150


def test_the_limits_match_the_database_columns():
    def length(model, field):
        return model._meta.get_field(field).max_length

    assert length(Questionnaire, "code") == MAX_QUESTIONNAIRE_CODE
    assert length(Questionnaire, "name") == MAX_QUESTIONNAIRE_NAME
    assert length(Questionnaire, "not_applicable_label") == MAX_NOT_APPLICABLE_LABEL
    assert length(ScaleLevel, "name") == MAX_LEVEL_NAME
    assert MAX_CODE == length(Area, "code") == length(Question, "code")
    assert length(Area, "name") == MAX_AREA_NAME
    assert length(Question, "text") == MAX_QUESTION_TEXT
    assert length(Question, "unit") == MAX_UNIT
    assert isinstance(Questionnaire._meta.get_field("version"), models.PositiveIntegerField)
    assert MAX_VERSION == 2**31 - 1  # PostgreSQL's integer
    for model in (Area, Question):
        assert isinstance(model._meta.get_field("order"), models.PositiveSmallIntegerField)
    assert max(MAX_AREAS, MAX_QUESTIONS_PER_AREA, MAX_LEVELS) < SMALLINT_MAX


# --- File size, encoding and characters ----------------------------------------------------


def padded(size: int) -> bytes:
    """SMALL padded with a comment to exactly ``size`` bytes."""
    content = SMALL.encode()
    comment = b"# " + b"x" * (size - len(content) - 3) + b"\n"
    data = content + comment
    assert len(data) == size
    return data


def test_a_file_of_exactly_the_limit_loads(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_bytes(padded(MAX_FILE_BYTES))
    call_command("load_questionnaire", str(path), stdout=StringIO())
    assert Questionnaire.objects.filter(code="small").exists()


def test_the_command_refuses_a_file_one_byte_over_the_limit(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_bytes(padded(MAX_FILE_BYTES + 1))
    assert command_refuses(path) == (
        "q.yaml: the file is larger than 1 MB (1,048,576 bytes), the most a questionnaire "
        "file may be\n"
    )


def test_the_admin_refuses_a_file_one_byte_over_the_limit(client, admin_user):
    html = admin_upload(client, admin_user, padded(MAX_FILE_BYTES + 1))
    assert "upload.yaml: the file is larger than 1 MB (1,048,576 bytes)" in html


def test_bytes_that_are_not_utf8_are_named_by_line_and_column(tmp_path, client, admin_user):
    content = small(("text: Anything else?", "text: Anything else? \udce9")).encode(
        "utf-8", errors="surrogateescape"
    )
    expected = "q.yaml: line 43, column 30: not UTF-8 (byte 0xE9): save the file as UTF-8 text"
    path = tmp_path / "q.yaml"
    path.write_bytes(content)
    assert command_refuses(path) == expected + "\n"
    html = admin_upload(client, admin_user, content)
    assert expected.replace("q.yaml", "upload.yaml") in html


def test_a_nul_is_named_by_line_and_column(tmp_path, client, admin_user):
    content = small(("name: Alpha", "name: Al\x00pha")).encode()
    expected = (
        "q.yaml: line 18, column 13: a NUL character (U+0000), which a questionnaire file "
        "cannot hold: remove it"
    )
    path = tmp_path / "q.yaml"
    path.write_bytes(content)
    assert command_refuses(path) == expected + "\n"
    html = admin_upload(client, admin_user, content)
    assert expected.replace("q.yaml", "upload.yaml") in html


def test_many_bad_bytes_are_counted_after_the_first_ten(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_bytes(b"code: x\n" + b"\xff" * 25)
    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_load(source=str(path))
    messages = [m.replace(f"{tmp_path}/", "") for m in caught.value.messages]
    assert len(messages) == 11
    assert (
        messages[0]
        == "q.yaml: line 2, column 1: not UTF-8 (byte 0xFF): save the file as UTF-8 text"
    )
    assert messages[9].startswith("q.yaml: line 2, column 10: ")
    assert messages[-1] == "q.yaml: and 15 more bytes that are not UTF-8"

"""Questionnaire files: the shipped ones, every check, all problems at once, round trips."""

import dataclasses
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from surveys.exceptions import QuestionnaireInvalid
from surveys.models import Questionnaire
from surveys.questionnaires.format import differences, dump
from surveys.questionnaires.io import (
    export_questionnaire,
    questionnaire_definition,
    read_questionnaire,
    write_questionnaire,
)
from surveys.questionnaires.reading import Problem
from surveys.questionnaires.services import questionnaire_delete, questionnaire_load
from surveys.questionnaires.validation import parse
from tests.surveys.questionnaires.samples import SHIPPED, SMALL, row_counts, small, write

LEVEL_NAMES = ["Beginning", "Emerging", "Learning", "Developing", "Mastering"]


# The shipped questionnaire -------------------------------------------------------------


@pytest.mark.parametrize("version", [1, 2])
def test_shipped_file_is_complete(version):
    definition = read_questionnaire(SHIPPED[version])

    assert (definition.code, definition.version) == ("london-digital-maturity", version)
    assert [area.code for area in definition.areas] == [
        "technology",
        "data",
        "security",
        "procurement",
    ]
    assert [level.name for level in definition.levels] == LEVEL_NAMES
    assert [level.min_score for level in definition.levels] == [
        Decimal(x) for x in ("0", "12.5", "37.5", "62.5", "87.5")
    ]
    for area in definition.areas:
        assert len(area.questions) >= 8, area.code
        maturity = [q for q in area.questions if q.kind == "maturity"]
        assert len(maturity) > len(area.questions) / 2, area.code
        for question in area.questions:
            assert question.hint, question.code
            if question.kind == "maturity":
                assert [level for level, _ in question.descriptors] == [1, 2, 3, 4, 5]
                assert all(len(text) > 30 for _, text in question.descriptors), question.code
            if question.kind == "text":
                assert not question.required, question.code
    kinds = {q.kind for q in definition.questions}
    assert kinds == {"maturity", "yes_no", "number", "text"}
    codes = {q.code for q in definition.questions}
    assert {
        "tech-lines-of-business",
        "proc-sales-cycle-months",
        "sec-cyber-essentials-plus",
    } <= codes


def test_version_2_is_a_revision_of_version_1():
    v1, v2 = (read_questionnaire(SHIPPED[v]) for v in (1, 2))
    q1 = {q.code: q for q in v1.questions}
    q2 = {q.code: q for q in v2.questions}

    assert set(q1) - set(q2) == {"sec-psn"}
    assert set(q2) - set(q1) == {"sec-multi-factor", "data-ai"}
    reworded = {code for code in set(q1) & set(q2) if q1[code].text != q2[code].text}
    assert reworded == {"tech-cloud", "data-open"}
    for code in reworded:  # reworded, not redefined: same kind and descriptors
        assert q1[code].descriptors == q2[code].descriptors


@pytest.mark.django_db
@pytest.mark.parametrize("version", [1, 2])
def test_shipped_file_loads_into_the_database(version):
    questionnaire = questionnaire_load(source=SHIPPED[version])

    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert questionnaire.areas.count() == 4
    for area in questionnaire.areas.all():
        assert area.questions.count() >= 8
    for question in questionnaire.questions.filter(kind="maturity"):
        assert question.descriptors.count() == 5
    assert questionnaire.levels.count() == 5
    assert questionnaire_definition(questionnaire) == read_questionnaire(SHIPPED[version])


# Rejected files: each problem named with its place ---------------------------------------

BAD_FILES = {
    "yaml syntax": (
        small(("name: Small questionnaire", "name: [Small questionnaire")),
        "q.yaml: YAML syntax error: expected ',' or ']', but got ':', at column 12 (line 4)",
    ),
    "missing field": (
        small(("    name: Alpha\n", "")),
        'q.yaml: area "alpha": "name" is missing (line 17)',
    ),
    "empty field": (
        small(("text: First question?", 'text: ""')),
        'q.yaml: area "alpha", question "alpha-one": "text" is empty (line 22)',
    ),
    "duplicate area": (
        small(("code: beta\n", "code: alpha\n")),
        'q.yaml: area "alpha": duplicate area code "alpha" (first used on line 17) (line 31)',
    ),
    "duplicate question across areas": (
        small(("code: beta-one", "code: alpha-one")),
        'q.yaml: area "beta", question "alpha-one": duplicate question code "alpha-one" '
        '(also in area "alpha", line 20) (line 35)',
    ),
    "unknown kind": (
        small(("kind: yes_no", "kind: scale")),
        'question "alpha-two": unknown kind "scale"; use one of: maturity, yes_no, number, text',
    ),
    "zero weight": (
        small(("weight: 2", "weight: 0")),
        'q.yaml: area "beta": "weight" must be more than 0, got 0 (line 33)',
    ),
    "negative question weight": (
        small(("        kind: yes_no\n", "        kind: yes_no\n        weight: -1\n")),
        'question "alpha-two": "weight" must be more than 0, got -1',
    ),
    "weight not a number": (
        small(("weight: 2", "weight: heavy")),
        'area "beta": "weight" must be a number (more than 0), got "heavy"',
    ),
    "missing descriptor": (
        small(("          2: Mid level.\n", "")),
        'q.yaml: area "alpha", question "alpha-one": missing level descriptor for level 2 '
        "(line 24)",
    ),
    "extra descriptor": (
        small(("3: High level.\n", "3: High level.\n          4: Beyond.\n")),
        'question "alpha-one": level descriptor for level 4, but the scale has levels 1 to 3',
    ),
    "descriptors on a yes/no question": (
        small(("text: Second question?\n", "text: Second question?\n        levels: {1: a}\n")),
        'question "alpha-two": "levels" (level descriptors) are only for maturity questions',
    ),
    "maturity question without descriptors": (
        small(
            (
                "        levels:\n          1: Low level.\n",
                "        notes:\n          1: Low level.\n",
            )
        ),
        'question "alpha-one": missing "levels": a maturity question needs a descriptor for '
        "levels 1 to 3",
    ),
    "levels misnumbered": (
        small(("number: 3", "number: 4")),
        "q.yaml: levels must be numbered 1, 2, 3 and so on, in order; got 1, 2, 4 (line 6)",
    ),
    "bands not increasing": (
        small(("min_score: 75", "min_score: 20")),
        'q.yaml: level 3: "min_score" 20 must be greater than the level before\'s (25) (line 15)',
    ),
    "first band not 0": (
        small(("min_score: 0", "min_score: 5")),
        'q.yaml: level 1: the first level\'s "min_score" must be 0, got 5 (line 9)',
    ),
    "band above 100": (
        small(("min_score: 75", "min_score: 175")),
        'level 3: "min_score" must be at most 100, got 175',
    ),
    "unknown scoring method": (
        small(("scoring_method: mean", "scoring_method: median")),
        'q.yaml: unknown scoring_method "median"; use one of: mean, gated (line 5)',
    ),
    "typo in a key": (
        small(("weight: 2", "wieght: 2")),
        'q.yaml: area "beta": unknown key "wieght" (did you mean "weight"?) (line 33)',
    ),
    "unknown top-level key": (
        small(("description: For tests.", "colour: blue")),
        'q.yaml: unknown key "colour"',
    ),
    "text read as true": (
        small(("text: Second question?", "text: yes")),
        '"text" must be text, got true (put it in quotes: YAML reads yes, no',
    ),
    "key given twice": (
        small(
            ("        text: Anything else?\n", "        text: Anything else?\n        text: Or?\n")
        ),
        'question "beta-two": "text" is given more than once (line 44)',
    ),
    "unit on a yes/no question": (
        small(("        kind: yes_no\n", "        kind: yes_no\n        unit: days\n")),
        'question "alpha-two": "unit" is only for number questions, not yes_no',
    ),
    "text question scored": (
        small(("        kind: text\n", "        kind: text\n        scored: true\n")),
        'question "beta-two": "scored" can be true only for maturity and yes_no questions',
    ),
    "required not a boolean": (
        small(
            ("required: false\n        text: How long?", "required: maybe\n        text: How long?")
        ),
        'question "beta-one": "required" must be true or false, got "maybe"',
    ),
    "version not a whole number": (
        small(("version: 1", "version: 1.5")),
        'q.yaml: "version" must be a whole number, 1 or more, got 1.5 (line 2)',
    ),
    "bad code": (
        small(("code: alpha-two", "code: Alpha Two")),
        '"code" must be lowercase letters, digits, hyphens and underscores, got "Alpha Two"',
    ),
    "question text too long": (
        small(("text: Second question?", "text: " + "x" * 501)),
        '"text" is 501 characters long; the most is 500',
    ),
    "one-level scale": (
        small(
            (
                "  - number: 2\n    name: Mid\n    min_score: 25\n"
                "  - number: 3\n    name: High\n    min_score: 75\n",
                "",
            )
        ),
        "the scale needs at least two levels",
    ),
    "nothing scored": (
        small(("kind: maturity", "kind: text"), ("kind: yes_no", "kind: number"))
        .replace("        levels:\n          1: Low level.\n", "")
        .replace("          2: Mid level.\n          3: High level.\n", ""),
        "q.yaml: no question is scored, so the questionnaire would give no scores",
    ),
    "areas not a list": (
        SMALL.split("areas:")[0] + "areas: technology\n",
        'q.yaml: "areas" must be a list, got "technology"',
    ),
    "question not a mapping": (
        small(("      - code: beta-two\n", "      - just text\n      - code: beta-two\n")),
        'q.yaml: area "beta": question 2 must be a mapping of keys and values, got "just text"',
    ),
    "area without questions": (
        SMALL.split("  - code: beta")[0] + "  - code: beta\n    name: Beta\n    questions: []\n",
        'q.yaml: area "beta": "questions" is empty (line 33)',
    ),
    "no levels": (
        small(("levels:\n  - number: 1", "levels: []\nold:\n  - number: 1")),
        'q.yaml: "levels" is empty (line 6)',
    ),
    "empty file": ("", "q.yaml: the file is empty"),
    "not a mapping": ("- a\n- b\n", "q.yaml: the file must be a mapping of keys and values"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_file_is_rejected_with_its_place_and_nothing_is_written(case, tmp_path):
    text, expected = BAD_FILES[case]
    path = write(tmp_path, text)
    before = row_counts()

    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_load(source=str(path), publish=True)

    messages = [m.replace(str(tmp_path) + "/", "") for m in caught.value.messages]
    assert any(expected in m for m in messages), messages
    assert row_counts() == before


def test_the_small_sample_is_valid():
    # The bad files above are SMALL with one change: SMALL itself must pass.
    definition, problems = parse(SMALL, "q.yaml")
    assert problems == []
    assert [q.code for q in definition.questions] == [
        "alpha-one",
        "alpha-two",
        "beta-one",
        "beta-two",
    ]


def test_syntax_error_gives_line_and_column():
    _, problems = parse("code: a\nname: [b\nversion: 1\n", "q.yaml")
    assert len(problems) == 1
    assert problems[0].line == 3
    assert str(problems[0]).startswith("q.yaml: YAML syntax error: ")
    assert ", at column 8 (line 3)" in str(problems[0])


def test_every_problem_is_reported_at_once():
    text = small(
        ("scoring_method: mean", "scoring_method: median"),
        ("          2: Mid level.\n", ""),
        ("kind: yes_no", "kind: scale"),
        ("code: beta\n", "code: alpha\n"),
        ("weight: 2", "weight: -2"),
        ("        kind: text\n", "        kind: text\n        hin: Typo.\n"),
    )
    _, problems = parse(text, "default.yaml")

    assert [str(p) for p in problems] == [
        'default.yaml: unknown scoring_method "median"; use one of: mean, gated (line 5)',
        'default.yaml: area "alpha", question "alpha-one": missing level descriptor for level 2 '
        "(line 24)",
        'default.yaml: area "alpha", question "alpha-two": unknown kind "scale"; use one of: '
        "maturity, yes_no, number, text (line 28)",
        'default.yaml: area "alpha": duplicate area code "alpha" (first used on line 17) (line 30)',
        'default.yaml: area "alpha": "weight" must be more than 0, got -2 (line 32)',
        'default.yaml: area "alpha", question "beta-two": unknown key "hin" (did you mean "hint"?) '
        "(line 41)",
    ]


def test_problem_reads_as_one_line():
    problem = Problem(
        "default.yaml", "missing level descriptor for level 4", 'area "data", question "x"'
    )
    assert (
        str(problem)
        == 'default.yaml: area "data", question "x": missing level descriptor for level 4'
    )
    assert (
        str(Problem("f.yaml", "the file is empty", line=3)) == "f.yaml: the file is empty (line 3)"
    )


@pytest.mark.django_db
def test_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_load(source=tmp_path / "missing.yaml")
    assert caught.value.messages == [
        f"{tmp_path}/missing.yaml: cannot read the file: No such file or directory"
    ]

    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(QuestionnaireInvalid) as caught:
        questionnaire_load(source=path)
    assert caught.value.messages == [
        f"{path}: line 1, column 10: not UTF-8 (byte 0xE9): save the file as UTF-8 text"
    ]


def test_an_uploaded_file_is_read_as_utf8_bytes():
    upload = SimpleUploadedFile("upload.yaml", ("\ufeff" + SMALL).encode("utf-8"))
    assert read_questionnaire(upload) == parse(SMALL, "q.yaml")[0]

    bad = SimpleUploadedFile("upload.yaml", small(("kind: yes_no", "kind: scale")).encode("utf-8"))
    with pytest.raises(QuestionnaireInvalid) as caught:
        read_questionnaire(bad)
    assert caught.value.messages[0].startswith('upload.yaml: area "alpha", question "alpha-two"')


# Writing and exporting -----------------------------------------------------------------


@pytest.mark.django_db
def test_writer_creates_everything_as_a_draft_in_a_constant_number_of_queries(
    django_assert_num_queries,
):
    definition = read_questionnaire(SHIPPED[1])
    # savepoint, questionnaire, levels, areas, questions, descriptors, release
    with django_assert_num_queries(7):
        questionnaire = write_questionnaire(definition)

    assert questionnaire.status == Questionnaire.Status.DRAFT
    assert questionnaire.questions.count() == len(definition.questions)
    first = questionnaire.questions.get(code="tech-lines-of-business")
    assert (first.area.code, first.order, first.kind, first.unit) == (
        "technology",
        1,
        "number",
        "lines of business",
    )
    backup = questionnaire.questions.get(code="sec-backup")
    assert backup.weight == 2
    assert backup.descriptors.get(level=3).text.startswith("Critical systems have offline")


@pytest.mark.django_db
def test_reading_back_takes_five_queries(django_assert_num_queries):
    questionnaire = write_questionnaire(read_questionnaire(SHIPPED[2]))
    # levels, descriptors, questions, areas, checks
    with django_assert_num_queries(5):
        questionnaire_definition(questionnaire)


@pytest.mark.django_db
@pytest.mark.parametrize("version", [1, 2])
def test_export_of_the_loaded_shipped_file_gives_the_same_data_as_the_file(version):
    from_file = read_questionnaire(SHIPPED[version])
    questionnaire = questionnaire_load(source=SHIPPED[version])

    exported, problems = parse(export_questionnaire(questionnaire), "export.yaml")

    assert problems == []
    assert exported == from_file
    assert differences(exported, from_file) == []


@pytest.mark.django_db
def test_export_then_import_gives_an_identical_questionnaire(tmp_path, admin_user):
    tricky = small(
        (
            "hint: A hint.",
            'hint: "Line one: yes\\n\\n  indented, £5 – \\"quoted\\" # not a comment"',
        ),
        ("text: Second question?", "text: 'yes'"),
        ("weight: 2", "weight: 1.25"),
        ("min_score: 25", "min_score: 12.5"),
    )
    original = questionnaire_load(source=write(tmp_path, tricky))
    before = questionnaire_definition(original)
    text = export_questionnaire(original)
    questionnaire_delete(questionnaire=original, actor=admin_user)

    again = questionnaire_load(source=write(tmp_path, text, "export.yaml"))

    assert questionnaire_definition(again) == before
    assert (
        before.areas[0].questions[0].hint
        == 'Line one: yes\n\n  indented, £5 – "quoted" # not a comment'
    )
    assert before.areas[0].questions[1].text == "yes"


def test_definitions_differ_where_the_files_differ():
    first, _ = parse(SMALL, "a.yaml")
    second, _ = parse(
        small(("text: How long?", "text: How many months?"), ("weight: 2", "weight: 3")), "b.yaml"
    )
    third = dataclasses.replace(first, areas=first.areas[:1])

    assert differences(first, first) == []
    assert differences(first, second) == [
        'area "beta": "weight" differs',
        'area "beta", question "beta-one": "text" differs',
    ]
    assert differences(first, third) == ['area "beta" is only in the first']


def test_dump_leaves_defaults_out_and_keeps_the_header():
    definition, _ = parse(SMALL, "q.yaml")
    text = dump(definition, header="First line\nSecond line")

    assert text.startswith("# First line\n# Second line\ncode: small\n")
    assert "required: true" not in text
    assert "scored:" not in text
    assert "weight: 2\n" in text

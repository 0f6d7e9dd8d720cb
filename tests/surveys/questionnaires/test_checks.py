"""The questionnaire file's ``checks:`` section: read, checked, stored, exported, copied,
compared; and migration 0007, which gives a stored version 2 the checks of its file."""

import dataclasses
import importlib

import pytest
from django.apps import apps as django_apps

from audit.models import AuditEvent
from surveys.exceptions import QuestionnaireConflict, QuestionnaireInvalid, QuestionnaireLocked
from surveys.models import CheckOperator, ConsistencyCheck, Questionnaire
from surveys.questionnaires.format import (
    CHECK_OPERATORS,
    MAX_CHECK_MESSAGE,
    MAX_CHECKS,
    CheckDef,
    CheckSide,
    differences,
)
from surveys.questionnaires.io import (
    export_questionnaire,
    questionnaire_definition,
    read_questionnaire,
)
from surveys.questionnaires.services import (
    questionnaire_delete,
    questionnaire_load,
    questionnaire_load_if_new,
    questionnaire_new_version,
)
from surveys.questionnaires.validation import parse
from tests.surveys.questionnaires.samples import SHIPPED, SMALL, row_counts, write

# SMALL's questions: alpha-one (maturity, 3 levels), alpha-two (yes/no), beta-one
# (number), beta-two (text).
CHECKS = """\
checks:
  - if: {question: alpha-two, is: "no"}
    then: {question: alpha-one, at_most: 2}
    message: Without it, High is unlikely.
  - if:
      question: alpha-one
      at_least: 3
    then:
      question: alpha-two
      is: yes
"""


def with_checks(text: str = CHECKS) -> str:
    return SMALL + text


def problems_of(text: str) -> list[str]:
    definition, problems = parse(text, "q.yaml")
    assert definition is None
    return [str(problem) for problem in problems]


def test_checks_are_read_in_order_with_yes_and_no_as_one_and_zero():
    definition, problems = parse(with_checks(), "q.yaml")

    assert problems == []
    assert definition.checks == (
        CheckDef(
            CheckSide("alpha-two", "is", 0),
            CheckSide("alpha-one", "at_most", 2),
            "Without it, High is unlikely.",
        ),
        # An unquoted yes (YAML's true) is taken too.
        CheckDef(CheckSide("alpha-one", "at_least", 3), CheckSide("alpha-two", "is", 1)),
    )


def test_a_file_without_checks_has_none():
    definition, _ = parse(SMALL, "q.yaml")
    assert definition.checks == ()


def test_the_operators_and_lengths_match_the_model():
    assert tuple(CheckOperator.values) == CHECK_OPERATORS
    assert ConsistencyCheck._meta.get_field("message").max_length == MAX_CHECK_MESSAGE


# The line of the first check's "if" (after SMALL and "checks:").
FIRST = SMALL.count("\n") + 2
BAD = [
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: {question: alpha-one, at_most: 2}\n"
        "    mesage: x\n",
        'q.yaml: check 1: unknown key "mesage" (did you mean "message"?) (line {2})',
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: {question: alpha-one, at_mots: 2}\n",
        'q.yaml: check 1, "then": unknown key "at_mots" (did you mean "at_most"?) (line {1})\n'
        'q.yaml: check 1, "then": give exactly one of "is", "at_least" or "at_most" (got none) '
        "(line {1})",
    ),
    (
        "  - if: {question: alpha-to, is: 'no'}\n    then: {question: alpha-one, at_most: 2}\n",
        'q.yaml: check 1, "if": "question" names "alpha-to", which is not a question of this '
        'file (did you mean "alpha-two"?) (line {0})',
    ),
    (
        "  - if: {question: alpha-one, is: 'no'}\n    then: {question: alpha-two, is: 'yes'}\n",
        'q.yaml: check 1, "if": "is" is for yes_no questions; "alpha-one" is a maturity '
        'question (use "at_least" or "at_most" for a maturity question) (line {0})',
    ),
    (
        "  - if: {question: alpha-two, at_least: 2}\n    then: {question: alpha-one, at_most: 2}\n",
        'q.yaml: check 1, "if": "at_least" is for maturity questions; "alpha-two" is a yes_no '
        'question (use "is" for a yes_no question) (line {0})',
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: {question: beta-one, at_most: 2}\n",
        'q.yaml: check 1, "then": "at_most" is for maturity questions; "beta-one" is a number '
        "question (line {1})",
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: {question: alpha-one, at_most: 4}\n",
        'q.yaml: check 1, "then": "at_most" must be a level of the scale (1 to 3), got 4 '
        "(line {1})",
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: {question: alpha-one, at_most: 0}\n",
        'q.yaml: check 1, "then": "at_most" must be a whole number, 1 or more, got 0 (line {1})',
    ),
    (
        "  - if: {question: alpha-two, is: maybe}\n    then: {question: alpha-one, at_most: 2}\n",
        'q.yaml: check 1, "if": "is" must be "yes" or "no", got "maybe" (line {0})',
    ),
    (
        "  - if: {question: alpha-two, is: 'no', at_most: 1}\n"
        "    then: {question: alpha-one, at_most: 2}\n",
        'q.yaml: check 1, "if": give exactly one of "is", "at_least" or "at_most" '
        '(got "is" and "at_most") (line {0})',
    ),
    (
        "  - if: {question: alpha-two}\n    then: {question: alpha-one, at_most: 2}\n",
        'q.yaml: check 1, "if": give exactly one of "is", "at_least" or "at_most" (got none) '
        "(line {0})",
    ),
    (
        "  - if: {question: alpha-one, at_least: 2}\n    then: {question: alpha-one, at_most: 1}\n",
        'q.yaml: check 1: "if" and "then" both name the question "alpha-one"; a check compares '
        "the answers to two different questions (line {1})",
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n",
        'q.yaml: check 1: "then" is missing: give "question" and one of "is", "at_least" or '
        '"at_most" (line {0})',
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: alpha-one\n",
        'q.yaml: check 1: "then" must be a mapping of "question" and one of "is", "at_least" or '
        '"at_most", got "alpha-one" (line {1})',
    ),
    (
        "  - if: {question: alpha-two, is: 'no'}\n    then: {question: alpha-one, at_most: 2}\n"
        f"    message: {'x' * (MAX_CHECK_MESSAGE + 1)}\n",
        f'q.yaml: check 1: "message" is {MAX_CHECK_MESSAGE + 1} characters long; the most is '
        f"{MAX_CHECK_MESSAGE} (line {{2}})",
    ),
]


@pytest.mark.parametrize(("items", "expected"), BAD, ids=[str(n) for n in range(len(BAD))])
def test_a_bad_check_is_reported_with_its_place_and_line(items, expected):
    lines = expected.format(FIRST, FIRST + 1, FIRST + 2).split("\n")
    assert problems_of(SMALL + "checks:\n" + items) == lines


def test_checks_must_be_a_list_of_mappings():
    line = FIRST - 1
    assert problems_of(SMALL + "checks: yes\n") == [
        f'q.yaml: "checks" must be a list, got true (line {line})'
    ]
    assert problems_of(SMALL + "checks:\n  - alpha-one\n") == [
        f'q.yaml: check 1 must be a mapping of keys and values, got "alpha-one" (line {line})'
    ]
    assert problems_of(SMALL + "chekcs: []\n") == [
        f'q.yaml: unknown key "chekcs" (did you mean "checks"?) (line {line})'
    ]


def test_at_most_100_checks():
    one = "  - if: {question: alpha-two, is: 'no'}\n    then: {question: alpha-one, at_most: 2}\n"
    definition, problems = parse(SMALL + "checks:\n" + one * MAX_CHECKS, "q.yaml")
    assert problems == [] and len(definition.checks) == MAX_CHECKS

    assert problems_of(SMALL + "checks:\n" + one * (MAX_CHECKS + 1)) == [
        f'q.yaml: "checks" has {MAX_CHECKS + 1} checks; the most is {MAX_CHECKS} (line {FIRST - 1})'
    ]


def test_every_problem_is_reported_together_with_the_rest(tmp_path):
    text = (
        SMALL.replace("name: Mid", "name: Low")
        + "checks:\n  - if: {question: nope, is: 'no'}\n"
        + "    then: {question: alpha-one, at_most: 9}\n"
    )
    with pytest.raises(QuestionnaireInvalid) as caught:
        read_questionnaire(write(tmp_path, text))

    messages = caught.value.messages
    assert any('level name "Low" is used more than once' in m for m in messages)
    assert any('"nope", which is not a question of this file' in m for m in messages)
    assert any(f"got 9 (line {FIRST + 1})" in m for m in messages)


@pytest.mark.django_db
def test_a_bad_check_writes_nothing(tmp_path):
    before = row_counts(), ConsistencyCheck.objects.count()
    bad = with_checks(CHECKS.replace("at_most: 2", "at_most: 7"))

    with pytest.raises(QuestionnaireInvalid):
        questionnaire_load(source=write(tmp_path, bad))
    assert (row_counts(), ConsistencyCheck.objects.count()) == before


# Stored, exported, copied, compared ------------------------------------------------------


@pytest.mark.django_db
def test_loading_stores_each_check_in_order(tmp_path):
    questionnaire = questionnaire_load(source=write(tmp_path, with_checks()))

    assert AuditEvent.objects.get(action="questionnaire.load").detail["checks"] == 2

    rows = list(
        ConsistencyCheck.objects.filter(questionnaire=questionnaire)
        .order_by("order")
        .values_list(
            "order",
            "if_question__code",
            "if_operator",
            "if_value",
            "then_question__code",
            "then_operator",
            "then_value",
            "message",
        )
    )
    assert rows == [
        (1, "alpha-two", "is", 0, "alpha-one", "at_most", 2, "Without it, High is unlikely."),
        (2, "alpha-one", "at_least", 3, "alpha-two", "is", 1, ""),
    ]


@pytest.mark.django_db
def test_export_writes_the_checks_and_loads_back_identical(tmp_path, admin_user):
    original = questionnaire_load(source=write(tmp_path, with_checks()))
    before = questionnaire_definition(original)
    text = export_questionnaire(original)
    questionnaire_delete(questionnaire=original, actor=admin_user)

    again = questionnaire_load(source=write(tmp_path, text, "export.yaml"))

    assert "checks:\n" in text and "is: 'no'" in text and "at_most: 2" in text
    assert "message:" in text.split("checks:")[1]
    assert questionnaire_definition(again) == before
    assert len(before.checks) == 2


@pytest.mark.django_db
def test_a_new_version_copies_the_checks(tmp_path, admin_user):
    original = questionnaire_load(source=write(tmp_path, with_checks()), publish=True)

    copy = questionnaire_new_version(questionnaire=original, actor=admin_user)

    assert questionnaire_definition(copy).checks == questionnaire_definition(original).checks
    assert ConsistencyCheck.objects.filter(questionnaire=copy).count() == 2
    # The copy's checks name the copy's questions, not the original's.
    assert not ConsistencyCheck.objects.filter(
        questionnaire=copy, then_question__questionnaire=original
    ).exists()


def test_differences_name_the_checks_that_differ():
    first, _ = parse(with_checks(), "a.yaml")
    second = dataclasses.replace(
        first, checks=(first.checks[0], dataclasses.replace(first.checks[1], message="Why."))
    )
    third = dataclasses.replace(first, checks=first.checks[:1])

    assert differences(first, first) == []
    assert differences(first, second) == ["check 2 differs"]
    assert differences(first, third) == ["the first has 2 checks, the second 1"]


@pytest.mark.django_db
def test_load_if_new_refuses_a_stored_copy_whose_checks_differ(tmp_path):
    questionnaire_load(source=write(tmp_path, SMALL), publish=True)

    with pytest.raises(QuestionnaireConflict) as caught:
        questionnaire_load_if_new(source=write(tmp_path, with_checks(), "b.yaml"), publish=True)
    assert list(caught.value.differences) == ["the first has 0 checks, the second 2"]


@pytest.mark.django_db
def test_a_published_questionnaires_checks_are_locked(tmp_path):
    questionnaire = questionnaire_load(source=write(tmp_path, with_checks()), publish=True)
    check = ConsistencyCheck.objects.get(questionnaire=questionnaire, order=1)

    check.then_value = 3
    with pytest.raises(QuestionnaireLocked):
        check.save()
    with pytest.raises(QuestionnaireLocked):
        check.delete()


def test_the_shipped_version_2_has_checks_and_version_1_none():
    assert read_questionnaire(SHIPPED[1]).checks == ()
    checks = read_questionnaire(SHIPPED[2]).checks
    assert 3 <= len(checks) <= 6
    assert checks[0] == CheckDef(
        CheckSide("sec-cyber-essentials-plus", "is", 0),
        CheckSide("sec-approach", "at_most", 3),
        checks[0].message,
    )
    assert all(check.message for check in checks)


# Migration 0007: a stored version 2 without checks gets the file's ------------------------

migration = importlib.import_module("surveys.migrations.0007_v2_checks")


def _without_checks(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[: text.index("\nchecks:\n") + 1]


@pytest.mark.django_db
def test_the_migration_gives_a_stored_version_2_the_files_checks(tmp_path):
    questionnaire_load(source=SHIPPED[1], publish=True)
    stored = questionnaire_load(source=write(tmp_path, _without_checks(SHIPPED[2])), publish=True)
    with pytest.raises(QuestionnaireConflict):
        questionnaire_load_if_new(source=SHIPPED[2], publish=True)

    migration.add_checks(django_apps, None)
    migration.add_checks(django_apps, None)  # a second run adds nothing

    outcome = questionnaire_load_if_new(source=SHIPPED[2], publish=True)
    assert (outcome.questionnaire, outcome.created) == (stored, False)
    assert ConsistencyCheck.objects.filter(questionnaire=stored).count() == len(
        read_questionnaire(SHIPPED[2]).checks
    )


@pytest.mark.django_db
def test_the_migration_leaves_a_database_without_version_2_alone():
    questionnaire_load(source=SHIPPED[1], publish=True)

    migration.add_checks(django_apps, None)

    assert ConsistencyCheck.objects.count() == 0
    assert not Questionnaire.objects.filter(version=2).exists()

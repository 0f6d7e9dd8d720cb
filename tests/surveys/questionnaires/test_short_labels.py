"""Short labels: a question's name on charts, in the file format, the database and back."""

import importlib

import pytest
from django.apps import apps

from surveys.exceptions import QuestionnaireInvalid
from surveys.models import Question
from surveys.models.questionnaires import SHORT_LABEL_LENGTH, shortened
from surveys.questionnaires.format import MAX_SHORT_LABEL
from surveys.questionnaires.io import (
    export_questionnaire,
    questionnaire_definition,
    read_questionnaire,
)
from surveys.questionnaires.services import questionnaire_delete, questionnaire_load
from tests.surveys.questionnaires.samples import SHIPPED, small, write

MIGRATION = importlib.import_module("surveys.migrations.0004_question_short_label")
LABELLED = small(
    ("text: First question?\n", "text: First question?\n        short_label: The first one\n")
)


def problems_of(tmp_path, text) -> list[str]:
    with pytest.raises(QuestionnaireInvalid) as caught:
        read_questionnaire(write(tmp_path, text))
    return [m.replace(f"{tmp_path}/", "") for m in caught.value.messages]


def test_a_short_label_is_read_and_is_optional(tmp_path):
    definition = read_questionnaire(write(tmp_path, LABELLED))
    first, second = definition.areas[0].questions
    assert (first.short_label, second.short_label) == ("The first one", "")


@pytest.mark.django_db
def test_short_labels_survive_export_and_import(tmp_path, admin_user):
    original = questionnaire_load(source=write(tmp_path, LABELLED))
    assert Question.objects.get(code="alpha-one").short_label == "The first one"
    text = export_questionnaire(original)
    assert "        short_label: The first one\n" in text
    assert text.count("short_label") == 1  # none written for questions without one
    before = questionnaire_definition(original)
    questionnaire_delete(questionnaire=original, actor=admin_user)
    again = questionnaire_load(source=write(tmp_path, text, "export.yaml"))
    assert questionnaire_definition(again) == before


@pytest.mark.parametrize(
    ("label", "problem"),
    [
        (
            "x" * (MAX_SHORT_LABEL + 1),
            'q.yaml: area "alpha", question "alpha-one": "short_label" is 41 characters long; '
            "the most is 40 (line 23)",
        ),
        (
            '"Two\\nlines"',
            'q.yaml: area "alpha", question "alpha-one": "short_label" must be one line (line 23)',
        ),
        ("[a list]", 'q.yaml: area "alpha", question "alpha-one": "short_label" must be text'),
    ],
)
def test_a_bad_short_label_is_refused_with_its_place(tmp_path, label, problem):
    text = small(
        ("text: First question?\n", f"text: First question?\n        short_label: {label}\n")
    )
    assert any(m.startswith(problem) for m in problems_of(tmp_path, text)), problems_of(
        tmp_path, text
    )


def test_two_questions_may_not_share_a_short_label(tmp_path):
    text = small(
        ("text: First question?\n", "text: First question?\n        short_label: Same\n"),
        ("text: How long?\n", "text: How long?\n        short_label: Same\n"),
    )
    assert problems_of(tmp_path, text) == [
        'q.yaml: area "beta", question "beta-one": the short label "Same" is also used by '
        'area "alpha", question "alpha-one"; give each question its own (line 41)'
    ]


def test_the_limit_is_the_columns():
    field = Question._meta.get_field("short_label")
    assert field.max_length == MAX_SHORT_LABEL == SHORT_LABEL_LENGTH
    assert field.blank


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Short enough?", "Short enough?"),
        (
            "How much is legacy technology holding your services back?",
            "How much is legacy technology holding…",
        ),
        (
            "How well does your authority share data with other London boroughs and partners?",
            "How well does your authority share data…",
        ),
        ("Does   it\nfold spaces?", "Does it fold spaces?"),
        ("A" * 60, "A" * 39 + "…"),
    ],
)
def test_without_a_short_label_the_text_is_cut_at_a_word_with_an_ellipsis(text, label):
    assert shortened(text) == label
    assert len(label) <= MAX_SHORT_LABEL
    assert Question(text=text).label == label
    assert Question(text=text, short_label="Mine").label == "Mine"


@pytest.mark.parametrize("version", [1, 2])
def test_every_shipped_question_has_its_own_short_label(version):
    questions = read_questionnaire(SHIPPED[version]).questions
    labels = [q.short_label for q in questions]
    assert all(labels) and len(set(labels)) == len(labels)
    assert all(len(label) <= MAX_SHORT_LABEL for label in labels)
    # The migration labels databases that hold these versions already, with the same words.
    assert {q.code: q.short_label for q in questions} == {
        q.code: MIGRATION.SHIPPED_LABELS[q.code] for q in questions
    }


@pytest.mark.django_db
@pytest.mark.parametrize("version", [1, 2])
def test_the_migration_labels_a_stored_shipped_version_as_its_file_does(version):
    questionnaire = questionnaire_load(source=SHIPPED[version], publish=True)
    Question.objects.filter(questionnaire=questionnaire).update(short_label="")
    MIGRATION.label_shipped_questions(apps, None)
    assert questionnaire_definition(questionnaire) == read_questionnaire(SHIPPED[version])

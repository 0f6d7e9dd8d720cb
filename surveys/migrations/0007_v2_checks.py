"""Give a stored questionnaire london-digital-maturity version 2 the consistency checks
its file declares (``checks:`` in fixtures/questionnaires/london-digital-maturity-v2.yaml),
if it has none.

Version 2 was published before the questionnaire format had checks, so databases that
loaded it then hold it without them, and ``load_questionnaire --if-new`` (``make db``)
would find the stored copy different from the file and stop. A fresh database has no
version 2 when this runs (``make db`` migrates first, then loads the file, checks
included), and nothing happens.

Adding rows to a published questionnaire bypasses the lock (``bulk_create`` does not
call the models' guards), deliberately: checks only flag answers for the CDO office to
look at; they never change an answer, a score or a result, so every round, answer and
frozen result that refers to version 2 means what it meant (decision 29).
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import migrations

CODE, VERSION = "london-digital-maturity", 2
FILE = "fixtures/questionnaires/london-digital-maturity-v2.yaml"
OPERATORS = ("is", "at_least", "at_most")
YES_NO = {"yes": 1, "no": 0, True: 1, False: 0}


def _side(data: dict) -> tuple[str, str, int]:
    (operator,) = [name for name in OPERATORS if name in data]
    value = data[operator]
    return data["question"], operator, YES_NO[value] if operator == "is" else int(value)


def add_checks(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    ConsistencyCheck = apps.get_model("surveys", "ConsistencyCheck")
    questionnaire = Questionnaire.objects.filter(code=CODE, version=VERSION).first()
    if (
        questionnaire is None
        or ConsistencyCheck.objects.filter(questionnaire=questionnaire).exists()
    ):
        return
    path = Path(settings.BASE_DIR) / FILE
    if not path.exists():
        return
    checks = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("checks") or []
    questions = dict(Question.objects.filter(questionnaire=questionnaire).values_list("code", "pk"))
    rows = []
    for order, check in enumerate(checks, 1):
        if_code, if_operator, if_value = _side(check["if"])
        then_code, then_operator, then_value = _side(check["then"])
        if if_code not in questions or then_code not in questions:
            return  # not the stored version 2: leave it as it is
        rows.append(
            ConsistencyCheck(
                questionnaire=questionnaire,
                order=order,
                if_question_id=questions[if_code],
                if_operator=if_operator,
                if_value=if_value,
                then_question_id=questions[then_code],
                then_operator=then_operator,
                then_value=then_value,
                message=str(check.get("message") or "").strip(),  # as the file's reader does
            )
        )
    ConsistencyCheck.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_moderation")]

    operations = [migrations.RunPython(add_checks, migrations.RunPython.noop)]

"""Answers store their score (``Answer.score``), filled in here for every existing answer.

The score is ``surveys.results.scoring.stored_answer_score``: the question score rounded
half-up to 2 dp, which depends only on the question's kind and ``scored`` flag, the size
of its version's scale and the answer's level, yes/no and N/A. So the answers are
updated per questionnaire version with one UPDATE whose CASE has a branch for each such
combination present (a few statements for hundreds of thousands of answers), not row by
row. ``manage.py check_scores`` compares every stored score with the rule afterwards.
"""

from collections import defaultdict

from django.db import migrations, models
from django.db.models import Case, Count, Q, Value, When

from surveys.results import scoring

SCORE_FIELD = models.DecimalField(max_digits=5, decimal_places=2)


def _score(kind, scored, size, level, yes_no, not_applicable):
    question = scoring.QuestionSpec(code="", area_code="", kind=kind, scored=scored)
    answer = scoring.AnswerValue(
        question_code="", level=level, yes_no=yes_no, not_applicable=not_applicable
    )
    try:
        return scoring.stored_answer_score(question, answer, scoring.scale_of_size(max(size, 1)))
    except ValueError:  # a level off the scale (never stored by the services): no score
        return None


def fill_scores(apps, schema_editor):
    answer_model = apps.get_model("surveys", "Answer")
    question_model = apps.get_model("surveys", "Question")
    scale_level = apps.get_model("surveys", "ScaleLevel")
    sizes = dict(
        scale_level.objects.values("questionnaire_id")
        .annotate(size=Count("id"))
        .values_list("questionnaire_id", "size")
    )
    groups = defaultdict(lambda: defaultdict(list))  # questionnaire -> (kind, scored) -> ids
    for pk, questionnaire_id, kind, scored in question_model.objects.values_list(
        "id", "questionnaire_id", "kind", "scored"
    ):
        groups[questionnaire_id][(kind, scored)].append(pk)
    for questionnaire_id, by_kind in groups.items():
        ids = [pk for pks in by_kind.values() for pk in pks]
        answers = answer_model.objects.filter(question_id__in=ids)
        whens = []
        for kind, scored, level, yes_no, not_applicable in (
            answers.order_by()
            .values_list("question__kind", "question__scored", "level", "yes_no", "not_applicable")
            .distinct()
        ):
            size = sizes.get(questionnaire_id, 0)
            score = _score(kind, scored, size, level, yes_no, not_applicable)
            if score is not None:
                condition = Q(question_id__in=by_kind[(kind, scored)]) & Q(
                    level=level, yes_no=yes_no, not_applicable=not_applicable
                )
                whens.append(When(condition, then=Value(score, output_field=SCORE_FIELD)))
        if whens:
            answers.update(score=Case(*whens, default=None, output_field=SCORE_FIELD))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_question_short_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="score",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        migrations.RunPython(fill_scores, migrations.RunPython.noop, elidable=True),
    ]

"""Check a questionnaire file completely, then load it (nothing is written on any problem)."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from surveys.exceptions import QuestionnaireConflict, QuestionnaireInvalid
from surveys.questionnaires.services import (
    LoadPlan,
    questionnaire_load,
    questionnaire_load_if_new,
    questionnaire_load_plan,
)


def _described(code: str, version: int, areas: int, questions: int) -> str:
    return f"{code} version {version} ({areas} areas, {questions} questions)"


class Command(BaseCommand):
    help = (
        "Check a questionnaire file (docs/questionnaire-format.md) and load it as a draft. "
        "Every problem is printed, one a line, and nothing is written if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The questionnaire YAML file.")
        parser.add_argument("--publish", action="store_true", help="Publish it once loaded.")
        parser.add_argument(
            "--if-new",
            action="store_true",
            help="If this code and version is already loaded and identical, do nothing "
            "(publish it if --publish and it is a draft); if it differs, fail.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and say what would happen."
        )

    def handle(self, *args, path, publish=False, if_new=False, dry_run=False, **options):
        try:
            if dry_run:
                self._dry_run(questionnaire_load_plan(source=path), publish, if_new)
            elif if_new:
                self._load_if_new(path, publish)
            else:
                questionnaire = questionnaire_load(source=path, publish=publish)
                state = "published" if publish else "as a draft"
                self.stdout.write(
                    self.style.SUCCESS(
                        "Loaded "
                        + _described(
                            questionnaire.code,
                            questionnaire.version,
                            questionnaire.areas.count(),
                            questionnaire.questions.count(),
                        )
                        + f" {state}."
                    )
                )
        except QuestionnaireInvalid as exc:
            for message in exc.messages:
                self.stderr.write(message)
            count = len(exc.problems)
            raise CommandError(
                f"{count} problem{pluralize(count)} in {path}: nothing was loaded."
            ) from exc
        except QuestionnaireConflict as exc:
            for difference in exc.differences:
                self.stderr.write(f"  differs: {difference}")
            raise CommandError(str(exc)) from exc

    def _load_if_new(self, path: str, publish: bool) -> None:
        outcome = questionnaire_load_if_new(source=path, publish=publish)
        q = outcome.questionnaire
        if outcome.created:
            state = "published" if publish else "as a draft"
            described = _described(q.code, q.version, q.areas.count(), q.questions.count())
            self.stdout.write(self.style.SUCCESS(f"Loaded {described} {state}."))
        elif outcome.published:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{q.code} version {q.version} was already loaded and identical; "
                    "published it now."
                )
            )
        else:
            self.stdout.write(
                f"{q.code} version {q.version} is already loaded ({q.status}) and identical "
                f"to {path}: nothing to do."
            )

    def _dry_run(self, plan: LoadPlan, publish: bool, if_new: bool) -> None:
        d = plan.definition
        described = _described(d.code, d.version, len(d.areas), len(d.questions))
        if plan.action == "create":
            what = "load and publish" if publish else "load as a draft"
            self.stdout.write(f"{plan.source}: no problems. Would {what} {described}.")
        elif plan.action == "unchanged" and if_new:
            todo = (
                "would publish it"
                if publish and plan.existing.status == "draft"
                else "nothing would change"
            )
            self.stdout.write(
                f"{plan.source}: no problems. {described} is already loaded "
                f"({plan.existing.status}) and identical: {todo}."
            )
        elif plan.action == "unchanged":
            raise CommandError(
                f"{d.code} version {d.version} already exists ({plan.existing.status}); "
                "use --if-new to accept an identical copy, or give the file a new version number."
            )
        else:
            raise QuestionnaireConflict(
                f"{d.code} version {d.version} already exists ({plan.existing.status}) and "
                f"differs from {plan.source}: give the file a new version number.",
                plan.differences,
            )
        self.stdout.write("Dry run: nothing was written.")

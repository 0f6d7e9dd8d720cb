"""Write a stored questionnaire in the questionnaire file format (to stdout or a file)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.models import Questionnaire
from surveys.questionnaires.io import export_questionnaire


class Command(BaseCommand):
    help = (
        "Export a questionnaire version as YAML in the format load_questionnaire reads "
        "(docs/questionnaire-format.md). Loading the export gives an identical questionnaire."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The questionnaire's code, e.g. london-digital-maturity.")
        parser.add_argument("version", type=int, help="The version number.")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, code, version, output=None, **options):
        questionnaire = Questionnaire.objects.filter(code=code, version=version).first()
        if questionnaire is None:
            known = ", ".join(
                f"{c} version {v}"
                for c, v in Questionnaire.objects.order_by("code", "version").values_list(
                    "code", "version"
                )
            )
            raise CommandError(
                f"There is no questionnaire {code} version {version}. "
                + (f"Stored: {known}." if known else "No questionnaire is stored.")
            )
        text = export_questionnaire(questionnaire)
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from exc
        self.stdout.write(f"Wrote {code} version {version} to {output}.")

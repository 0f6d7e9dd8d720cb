"""``manage.py export {summary,answers,questionnaire,progress}``: the exports page's files.

Writes to standard output unless ``--output`` names a file. The data and the
formula-injection neutralising are exactly those of the web downloads.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from reports.exports import Scope, progress_table, summary_table
from reports.exports_answers import answers_table, questionnaire_table
from reports.exports_render import write_csv, write_xlsx
from surveys.models import Questionnaire, Round

KINDS = ("summary", "answers", "questionnaire", "progress")


class Command(BaseCommand):
    help = "Export a summary, the answers, a questionnaire or round progress as CSV or Excel."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--round", help="The round's slug (default: every round).")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--bom", action="store_true", help="Start CSV with a byte-order mark.")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, kind, round=None, format="csv", bom=False, output=None, **options):
        round_ = None
        if round:
            round_ = Round.objects.select_related("questionnaire").filter(slug=round).first()
            if round_ is None:
                raise CommandError(f"No round with the slug {round!r}.")
        table = self._table(kind, round_)
        if format == "xlsx":
            if output:
                with open(output, "wb") as stream:
                    write_xlsx(table, stream)
            else:
                write_xlsx(table, sys.stdout.buffer)
        elif output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                write_csv(table, stream, bom=bom)
        else:
            write_csv(table, self.stdout, bom=bom)
        if output:
            self.stderr.write(f"Wrote {output}")

    def _table(self, kind: str, round_: Round | None):
        scope = Scope(round=round_)
        if kind == "summary":
            return summary_table(scope)
        if kind == "answers":
            return answers_table(scope)
        if kind == "progress":
            return progress_table(scope)
        questionnaire = round_.questionnaire if round_ else None
        if questionnaire is None:
            questionnaire = (
                Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
                .order_by("-published_at", "-version", "-pk")
                .first()
            )
        if questionnaire is None:
            raise CommandError("There is no published questionnaire to export.")
        return questionnaire_table(questionnaire)

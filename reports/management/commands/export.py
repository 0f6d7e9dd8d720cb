"""``manage.py export {summary,answers,questionnaire,progress}``: the exports page's files.

Writes to standard output unless ``--output`` names a file. The kinds, their tables
and the formula-injection neutralising are exactly those of the web downloads
(``reports.exports.registry``).
"""

from __future__ import annotations

import sys
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError

from boroughs.models import PeerGroup
from reports.exports.registry import KINDS, export_kind
from reports.exports.render import FORMATS, write_csv, write_xlsx
from reports.exports.tables import Scope, area_codes_of, export_questionnaire
from surveys.models import Round

# The filters the command takes (a questionnaire export is of the round's version, else
# the latest published one).
OPTIONS = ("round", "area", "peer_group")


class Command(BaseCommand):
    help = "Export a summary, the answers, a questionnaire or round progress as CSV or Excel."

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=list(KINDS),
            help="; ".join(f"{k.name}: by {k.filters_text(OPTIONS)}" for k in KINDS.values()),
        )
        parser.add_argument("--round", help="The round's slug (default: every round).")
        parser.add_argument("--area", default="", help="Only this area (its code).")
        parser.add_argument("--peer-group", help="Only this peer group's authorities (its slug).")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--bom", action="store_true", help="Start CSV with a byte-order mark.")
        parser.add_argument("--output", help="File to write (default: standard output).")

    def handle(self, *args, kind, round=None, format="csv", bom=False, output=None, **options):
        export = export_kind(kind)
        scope = self._scope(round, options["area"], options["peer_group"])
        if "questionnaire" in export.filters:  # the round's version, else the latest published
            scope = replace(scope, questionnaire=export_questionnaire(scope.round))
        table = export.build(scope)
        if table is None:
            raise CommandError("There is no published questionnaire to export.")
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
            # Chunks end anywhere: the command's stdout must not add a line end to each.
            self.stdout.ending = ""
            write_csv(table, self.stdout, bom=bom)
        if output:
            self.stderr.write(f"Wrote {output}")

    def _scope(self, round_slug: str | None, area_code: str, peer_group_slug: str | None):
        """The export's scope, or a CommandError naming the unknown round, area or group."""
        round_ = None
        if round_slug:
            round_ = Round.objects.select_related("questionnaire").filter(slug=round_slug).first()
            if round_ is None:
                raise CommandError(f"No round with the slug {round_slug!r}.")
        peer_group = None
        if peer_group_slug:
            peer_group = PeerGroup.objects.filter(slug=peer_group_slug).first()
            if peer_group is None:
                raise CommandError(f"No peer group with the slug {peer_group_slug!r}.")
        scope = Scope(round=round_, area_code=area_code, peer_group=peer_group)
        if area_code and area_code not in area_codes_of(scope.rounds()):
            exported = "the round" if round_ else "any round"
            raise CommandError(f"No area with the code {area_code!r} in {exported} exported.")
        return scope

"""The kinds of export, each described once. The exports page (its buttons and download
URLs, ``reports.exports.views`` and ``urls``) and ``manage.py export`` only look them up
here; neither dispatches on the kind itself.

Each kind's table builder takes a :class:`reports.exports.tables.Scope` and returns the
:class:`~reports.exports.tables.Table` to download, whose ``name`` is the file's name
(without ``.csv`` or ``.xlsx``), or None when there is nothing to export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import get_text_list

from reports.exports.answers import answers_table, questionnaire_table
from reports.exports.plans import plans_table
from reports.exports.registers import registers_table
from reports.exports.tables import Scope, Table, progress_table, summary_table

# The filters of the exports page; the command has all but the questionnaire version.
FILTER_LABELS = {
    "round": "round",
    "area": "area",
    "peer_group": "peer group",
    "questionnaire": "questionnaire version",
}


@dataclass(frozen=True)
class ExportKind:
    name: str  # its URL's name and path, the command's argument, the audit action export.<name>
    label: str  # the exports page's name for it
    description: str  # what the file holds, on the exports page
    subject: str  # the buttons' words for it, for screen readers: "CSV of <subject>"
    build: Callable[[Scope], Table | None]  # the table builder
    filters: tuple[str, ...]  # the filters it honours (keys of FILTER_LABELS)

    def filters_text(self, available=tuple(FILTER_LABELS)) -> str:
        """The filters it honours (of those ``available``), in words: "round, area and
        peer group"."""
        words = [FILTER_LABELS[name] for name in self.filters if name in available]
        return get_text_list(words, "and")


def _questionnaire(scope: Scope) -> Table | None:
    if scope.questionnaire is None:
        return None
    return questionnaire_table(scope.questionnaire, scope.area_code)


KINDS = {
    kind.name: kind
    for kind in (
        ExportKind(
            name="summary",
            label="Summary",
            description=(
                "One row for each authority in each round: status, completion, each area's "
                "score and level, the overall score and level, and the senior officer who "
                "signed the submission off."
            ),
            subject="the summary",
            build=summary_table,
            filters=("round", "area", "peer_group"),
        ),
        ExportKind(
            name="answers",
            label="Answers",
            description=(
                "One row for each answer: level, score, evidence and who last changed it. "
                "Contains people's usernames and free-text evidence: handle it as official "
                "information."
            ),
            subject="the answers",
            build=answers_table,
            filters=("round", "area", "peer_group"),
        ),
        ExportKind(
            name="questionnaire",
            label="Questionnaire",
            description=(
                "The questions of the chosen version: codes, texts, kinds, weights and what "
                "each level looks like."
            ),
            subject="the questionnaire",
            build=_questionnaire,
            filters=("questionnaire", "round", "area"),
        ),
        ExportKind(
            name="progress",
            label="Round progress",
            description=(
                "Each authority's status and completion, with its digital leads' email addresses."
            ),
            subject="round progress",
            build=progress_table,
            filters=("round", "area", "peer_group"),
        ),
        ExportKind(
            name="plans",
            label="Improvement plans",
            description=(
                "One row for each target and each action of every authority's improvement "
                "plan, shared or private: level and year, or what, owner, due date and "
                "status. Plans are private to the authority and the CDO office unless "
                "shared: do not pass them on."
            ),
            subject="the improvement plans",
            build=plans_table,
            filters=("area", "peer_group"),
        ),
        ExportKind(
            name="registers",
            label="Technology estate registers",
            description=(
                "One row for each system in every authority's register: supplier, product, "
                "lines of business, hosting, contract dates, annual cost band, procurement "
                "route, small-firm supplier and note. Cost bands and notes are for the "
                "authority and the CDO office only: do not pass them on."
            ),
            subject="the technology estate registers",
            build=registers_table,
            filters=("round", "peer_group"),
        ),
    )
}


def export_kind(name: str) -> ExportKind:
    """The kind of export called ``name`` (KeyError for none)."""
    return KINDS[name]

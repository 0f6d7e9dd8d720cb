"""Errors raised when loading, publishing or changing questionnaires, and changing rounds.

Plain exceptions: this module imports no model (the models import it).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.defaultfilters import pluralize


class QuestionnaireError(Exception):
    """Base class of the questionnaire errors."""


class QuestionnaireInvalid(QuestionnaireError):  # noqa: N818 - reads better at the call site
    """A questionnaire file (or stored questionnaire) has problems; nothing was written.

    ``problems`` lists every problem found, each with its place (file, area, question,
    field, line); ``str()`` of each is one line for a person to read.
    """

    def __init__(self, problems: Sequence[object]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{pluralize(count)} found: nothing was written")

    @property
    def messages(self) -> list[str]:
        return [str(problem) for problem in self.problems]


class QuestionnaireConflict(QuestionnaireError):  # noqa: N818
    """The code and version exist already with different content (``differences`` lists them)."""

    def __init__(self, message: str, differences: Sequence[str] = ()):
        super().__init__(message)
        self.differences = list(differences)


class QuestionnaireLocked(QuestionnaireError):  # noqa: N818
    """A published or retired questionnaire (or part of one) cannot be changed or deleted."""


class RoundChangeRefused(Exception):  # noqa: N818 - reads better at the call site
    """A round cannot be created or changed this way; nothing was written.

    Raised by ``surveys.review.services.rounds`` (``round_create``, ``round_update``) and by
    ``Round.save()``. The message says why, for a person to read.
    """

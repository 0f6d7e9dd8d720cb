"""Errors raised when loading, publishing or changing questionnaires, and changing rounds.

``refuse_if_locked`` is the check behind the ``save()``/``delete()`` guards of the
questionnaire models: a published or retired questionnaire, and everything in it,
never changes. The guards do not see ``QuerySet.update()``, ``bulk_create()``,
``bulk_update()`` or ``QuerySet.delete()``, which bypass ``Model.save()`` and
``Model.delete()``: change questionnaires only through ``surveys.questionnaires.services``.
"""

from __future__ import annotations

from collections.abc import Sequence


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
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found: nothing was written")

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


def refuse_if_locked(obj, action: str, lookup) -> None:
    """Raise ``QuestionnaireLocked`` if any questionnaire matched by ``lookup`` is not a draft.

    ``lookup`` is a ``Q`` object over ``Questionnaire`` naming both the questionnaire the
    object belongs to now and the one its stored row belongs to, so moving a row out of
    a locked questionnaire is refused too. One query.
    """
    from surveys.models import Questionnaire  # the models import this module

    locked = (
        Questionnaire.objects.filter(lookup)
        .exclude(status=Questionnaire.Status.DRAFT)
        .values_list("code", "version", "status")
        .first()
    )
    if locked is not None:
        code, version, status = locked
        raise QuestionnaireLocked(
            f"Cannot {action} {type(obj)._meta.verbose_name} {obj}: questionnaire {code} "
            f"version {version} is {status}, and only a draft can change. "
            "Make a new version (questionnaire_new_version) instead."
        )


class RoundChangeRefused(Exception):  # noqa: N818 - reads better at the call site
    """A round cannot be created or changed this way; nothing was written.

    Raised by ``surveys.review.services.rounds`` (``round_create``, ``round_update``) and by
    ``Round.save()``. The message says why, for a person to read.
    """

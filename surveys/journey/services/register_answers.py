"""Answering a question with the register's figure (``surveys.journey.register_feed``).

The figure is read again inside the transaction and must be the one the person saw;
the answer is then saved by ``answer_save`` with its every rule (who may edit, the
version check, history, audit), keeping the answer's evidence as it is.
"""

from __future__ import annotations

from django.db import transaction

from estate.selectors import register_of, register_summary
from surveys.journey.register_feed import REGISTER_FIGURES, figure_of
from surveys.journey.services.answers import answer_save
from surveys.models import Answer, Assessment, Question


class RegisterFigureChanged(Exception):  # noqa: N818 - reads better at the call site
    """The register's figure is not the one the person saw (or there is no register,
    or the question takes no figure from it). Nothing was written."""


@transaction.atomic
def answer_from_register(
    *,
    assessment: Assessment,
    question: Question,
    actor,
    shown_figure: int,
    expected_version: int,
    request=None,
) -> Answer | None:
    """Save the register's figure as the question's answer, read at ``expected_version``
    (raises ``AnswerConflict`` as ``answer_save`` does, ``NotEditable`` for someone who
    may not edit, :class:`RegisterFigureChanged` if the figure is not ``shown_figure``)."""
    if question.code not in REGISTER_FIGURES:
        raise RegisterFigureChanged("This question takes no figure from the register")
    register = register_of(authority_id=assessment.authority_id, round_id=assessment.round_id)
    if register is None or figure_of(register_summary(register), question.code) != shown_figure:
        raise RegisterFigureChanged("The register has changed")
    current = Answer.objects.filter(assessment=assessment, question=question).first()
    return answer_save(
        assessment=assessment,
        question=question,
        actor=actor,
        number=shown_figure,
        evidence=current.evidence if current is not None else "",
        expected_version=expected_version,
        request=request,
    )

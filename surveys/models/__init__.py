"""Questionnaires (versioned), rounds, assessments, answers and frozen results.

Models hold data and constraints only. Writes go through the services of each
sub-package (``surveys.journey.services``, ``surveys.review.services``,
``surveys.questionnaires.services``, ``surveys.results.snapshots``); reads through their
selectors; scoring rules live in ``surveys.results.scoring``.
"""

from surveys.models.answers import Answer, AnswerChange
from surveys.models.moderation import (
    AssessmentFlag,
    CheckOperator,
    ConsistencyCheck,
    ProvisionalResponse,
    ReviewQuery,
)
from surveys.models.plans import Plan, PlanAction, Target
from surveys.models.questionnaires import (
    Area,
    LevelDescriptor,
    PartOfQuestionnaire,
    Question,
    Questionnaire,
    ScaleLevel,
    refuse_if_locked,
)
from surveys.models.results import AreaResult, QuestionResult, ResultSnapshot
from surveys.models.rounds import Assessment, AssessmentEvent, Round

__all__ = [
    "Answer",
    "AnswerChange",
    "Area",
    "AreaResult",
    "Assessment",
    "AssessmentEvent",
    "AssessmentFlag",
    "CheckOperator",
    "ConsistencyCheck",
    "LevelDescriptor",
    "PartOfQuestionnaire",
    "Plan",
    "PlanAction",
    "ProvisionalResponse",
    "Question",
    "QuestionResult",
    "Questionnaire",
    "ResultSnapshot",
    "ReviewQuery",
    "Round",
    "ScaleLevel",
    "Target",
    "refuse_if_locked",
]

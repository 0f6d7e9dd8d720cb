"""The rows ``surveys.results.selectors`` reads with ``.values()``, by their fields
(the types django-stubs gives those rows, named so that they can be passed around)."""

from decimal import Decimal
from typing import TypedDict


class AreaValues(TypedDict):
    """An area of a questionnaire version."""

    id: int
    questionnaire_id: int
    code: str
    name: str
    order: int
    weight: Decimal


class QuestionValues(TypedDict):
    """A question of a questionnaire version."""

    id: int
    questionnaire_id: int
    code: str
    area_id: int
    kind: str
    weight: Decimal
    required: bool
    scored: bool


class AnswerFields(TypedDict):
    """The stored value of an answer (what ``is_answered`` reads)."""

    level: int | None
    yes_no: bool | None
    number: Decimal | None
    text: str
    not_applicable: bool


class AssessmentValues(TypedDict):
    """An assessment with its questionnaire version and that version's scoring method."""

    id: int
    authority_id: int
    round_id: int
    status: str
    round__questionnaire_id: int
    round__questionnaire__scoring_method: str


class SnapshotValues(TypedDict):
    id: int
    assessment_id: int
    overall_score: Decimal | None
    overall_level: int | None
    completion: Decimal


class AreaResultValues(TypedDict):
    snapshot__assessment_id: int
    area_id: int
    score: Decimal | None
    level: int | None
    completion: Decimal

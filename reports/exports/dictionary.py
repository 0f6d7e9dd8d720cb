"""The data dictionary: every export's columns, their types and meanings, in one place.

The exports build their headers from these lists, the open-data page shows them,
and a test checks that docs/data-dictionary.md documents every one, so the three
never disagree. ``<area_code>`` columns repeat once per area of the questionnaire
version(s) exported, in area order.
"""

from __future__ import annotations

from dataclasses import dataclass

from estate.columns import LINES_SEPARATOR
from estate.models import System
from surveys.answers import kinds


@dataclass(frozen=True)
class Column:
    name: str  # may contain "<area_code>", expanded per area
    type: str  # text | integer | number | boolean | date | date-time
    meaning: str

    @property
    def per_area(self) -> bool:
        return "<area_code>" in self.name

    def expand(self, area_codes: list[str]) -> list[str]:
        if not self.per_area:
            return [self.name]
        return [self.name.replace("<area_code>", code) for code in area_codes]


def header(columns: list[Column], area_codes: list[str]) -> list[str]:
    """Column names in order, per-area columns repeated for each area code."""
    names: list[str] = []
    per_area = [c for c in columns if c.per_area]
    for column in columns:
        if not column.per_area:
            names.append(column.name)
        elif column is per_area[0]:
            # Per-area columns are grouped by area: a_score, a_level, b_score, b_level...
            for code in area_codes:
                names.extend(c.name.replace("<area_code>", code) for c in per_area)
    return names


ROUND = Column("round", "text", "The round's identifier (slug), e.g. 2025-26.")
GSS = Column("gss_code", "text", "The authority's ONS GSS code, e.g. E09000007.")
AUTHORITY = Column("authority", "text", "The authority's name.")
INNER_OUTER = Column("inner_outer", "text", "inner or outer (ONS Inner/Outer London).")
AREA_SCORE = Column(
    "<area_code>_score", "number", "The area's score, 0 to 100, to 2 decimal places."
)
AREA_LEVEL = Column(
    "<area_code>_level", "integer", "The area's maturity level number (1 = lowest)."
)
OVERALL_SCORE = Column("overall_score", "number", "The overall score, 0 to 100.")
OVERALL_LEVEL = Column("overall_level", "integer", "The overall maturity level number.")

STATUS_MEANING = (
    "not_started, in_progress, submitted, returned or approved (as on the round "
    "progress page: a draft with nothing answered is not_started)."
)

SUMMARY = [
    ROUND,
    GSS,
    AUTHORITY,
    INNER_OUTER,
    Column("status", "text", STATUS_MEANING),
    Column("completion_pct", "number", "Required questions answered, as a percentage."),
    AREA_SCORE,
    AREA_LEVEL,
    OVERALL_SCORE,
    OVERALL_LEVEL,
    Column("submitted_at", "date-time", "When the assessment was last submitted (UTC)."),
    Column("approved_at", "date-time", "When the CDO office approved it (UTC)."),
    Column(
        "sign_off_name",
        "text",
        "The senior officer (e.g. the chief information officer or a director) who signed "
        "the last submission off, as the digital lead recorded it: a statement, not an "
        "account; empty if none was given. Not published in the open data.",
    ),
    Column(
        "sign_off_role",
        "text",
        "That officer's role, e.g. Chief Information Officer; empty if none was given. Not "
        "published in the open data.",
    ),
]

ANSWERS = [
    ROUND,
    GSS,
    AUTHORITY,
    Column("area_code", "text", "The area's code, stable across questionnaire versions."),
    Column("question_code", "text", "The question's code, stable across versions."),
    Column("question_text", "text", "The question as asked."),
    Column("level_number", "integer", "The maturity level chosen (maturity questions)."),
    Column("level_name", "text", "The name of that level, e.g. Developing."),
    Column("score", "number", "The answer's score, 0 to 100; empty if it does not score."),
    Column("not_applicable", "boolean", "true if answered 'not applicable / don't know'."),
    Column("evidence", "text", "The evidence the authority gave (free text)."),
    Column("last_changed_by", "text", "Username of the last person to change the answer."),
    Column("last_changed_at", "date-time", "When the answer last changed (UTC)."),
    Column("question_kind", "text", f"{kinds.names_text()}."),
    Column(
        "answer_value",
        "text",
        "The answer to a yes/no (yes or no), number or free-text question; empty for "
        "maturity questions, whose answer is level_number.",
    ),
]

QUESTIONNAIRE = [
    Column("questionnaire_code", "text", "The questionnaire's code, shared by its versions."),
    Column("version", "integer", "The version number."),
    Column("area_code", "text", "The area's code."),
    Column("area_name", "text", "The area's name."),
    Column("area_order", "integer", "The area's position in the questionnaire."),
    Column("area_weight", "number", "The area's weight in the overall score."),
    Column("question_code", "text", "The question's code."),
    Column("question_order", "integer", "The question's position within its area."),
    Column("question_text", "text", "The question as asked."),
    Column("hint", "text", "The hint shown under the question."),
    Column("kind", "text", f"{kinds.names_text()}."),
    Column("weight", "number", "The question's weight within its area."),
    Column("required", "boolean", "true if the question must be answered to submit."),
    Column("scored", "boolean", "true if the answer counts towards scores."),
    Column("unit", "text", "The unit of a number question."),
    Column(
        "level_<n>_descriptor",
        "text",
        "What level n looks like in practice (maturity questions), one column per level "
        "of the scale, named level_1_descriptor, level_2_descriptor and so on.",
    ),
]

PROGRESS = [
    ROUND,
    GSS,
    AUTHORITY,
    Column("reference", "text", "The assessment's reference; empty if not started."),
    Column("status", "text", STATUS_MEANING),
    Column("completion_pct", "number", "Required questions answered, as a percentage."),
    Column("<area_code>_completion_pct", "number", "The area's completion percentage."),
    Column("submitted_at", "date-time", "When the assessment was last submitted (UTC)."),
    Column("approved_at", "date-time", "When it was approved (UTC)."),
    Column("last_activity_at", "date-time", "The latest change by anyone (UTC)."),
    Column(
        "lead_emails",
        "text",
        "Email addresses of the authority's active digital leads, separated by '; '.",
    ),
]

OPEN_DATA = [
    ROUND,
    GSS,
    AUTHORITY,
    INNER_OUTER,
    Column(
        "has_result",
        "boolean",
        "true if the authority's assessment was approved for this round; otherwise its "
        "scores are empty.",
    ),
    AREA_SCORE,
    AREA_LEVEL,
    OVERALL_SCORE,
    OVERALL_LEVEL,
]

OPEN_DATA_AGGREGATES = [
    ROUND,
    Column(
        "group",
        "text",
        "London, Inner London, Outer London, or the name of a peer group of authorities.",
    ),
    Column("group_kind", "text", "london, sub_region or peer_group."),
    Column("members", "integer", "How many authorities the group has."),
    Column(
        "authorities_with_results",
        "integer",
        "How many of them have an approved result in this round. Medians over fewer "
        "than 5 are withheld (empty).",
    ),
    Column(
        "<area_code>_median",
        "number",
        "The median of the area's scores (0 to 100, 2 decimal places) over the group's "
        "authorities with results; empty when fewer than 5.",
    ),
    Column("overall_median", "number", "The median overall score; empty when fewer than 5."),
]

PLANS = [
    GSS,
    AUTHORITY,
    Column(
        "shared",
        "boolean",
        "true if the authority shares its plan with other London authorities; false for a "
        "plan private to the authority and the CDO office.",
    ),
    Column("kind", "text", "target or action."),
    Column("area_code", "text", "The area's code, stable across questionnaire versions."),
    Column(
        "question_code",
        "text",
        "The question's code; empty for a target or action on the whole area.",
    ),
    Column("level", "integer", "A target's level number (1 = lowest); empty for an action."),
    Column(
        "by_year",
        "integer",
        "The year of the assessment by which a target is to be reached; empty for an action.",
    ),
    Column("title", "text", "What the action is (free text); empty for a target."),
    Column(
        "owner",
        "text",
        "Who owns the action: a person's name or a team, as the authority typed it.",
    ),
    Column("due_on", "date", "When the action is due; empty if no date was set."),
    Column("status", "text", "An action's status: planned, in_progress, done or dropped."),
    Column(
        "planned_in",
        "text",
        "The round (slug) in which the target was set or the action planned; empty if none.",
    ),
]


def _codes(choices) -> str:
    return ", ".join(choices.values)


SUPPLIER = Column(
    "supplier", "text", "The supplier's name (one shared record, whatever alias was typed)."
)
PRODUCT = Column("product", "text", "The product's name.")
LINES_OF_BUSINESS = Column(
    "lines_of_business",
    "text",
    f"The codes of the lines of business it serves, separated by '{LINES_SEPARATOR}' "
    "(codes as in fixtures/lines_of_business.yaml).",
)

REGISTERS = [
    ROUND,
    GSS,
    AUTHORITY,
    SUPPLIER,
    PRODUCT,
    LINES_OF_BUSINESS,
    Column("hosting", "text", f"How the system is hosted: {_codes(System.Hosting)}."),
    Column("contract_starts_on", "date", "When its contract started; empty if not given."),
    Column("contract_ends_on", "date", "When its contract ends; empty if not given."),
    Column(
        "annual_cost_band",
        "text",
        f"The contract's annual cost: {_codes(System.CostBand)}; empty if not given. "
        "Never published: the authority and the CDO office only.",
    ),
    Column(
        "procurement_route",
        "text",
        f"How it was bought: {_codes(System.Route)}; empty if not given.",
    ),
    Column(
        "supplier_sme",
        "text",
        "yes if the authority counts the supplier as a small or medium enterprise, no if "
        "not; empty if not known.",
    ),
    Column(
        "note",
        "text",
        "The authority's note (free text). Never published: the authority and the CDO office only.",
    ),
]

OPEN_DATA_AUTHORITIES = Column(
    "authorities",
    "integer",
    "How many authorities' registers in the round list it (counts only, no names).",
)
OPEN_DATA_SYSTEMS = Column("systems", "integer", "How many systems in those registers it is.")

OPEN_DATA_PRODUCTS = [
    ROUND,
    SUPPLIER,
    PRODUCT,
    OPEN_DATA_AUTHORITIES,
    OPEN_DATA_SYSTEMS,
    LINES_OF_BUSINESS,
]

OPEN_DATA_SUPPLIERS = [
    ROUND,
    SUPPLIER,
    Column("products", "integer", "How many of its products the registers list."),
    OPEN_DATA_AUTHORITIES,
    OPEN_DATA_SYSTEMS,
    LINES_OF_BUSINESS,
]

DICTIONARY: dict[str, list[Column]] = {
    "summary": SUMMARY,
    "answers": ANSWERS,
    "questionnaire": QUESTIONNAIRE,
    "progress": PROGRESS,
    "plans": PLANS,
    "registers": REGISTERS,
    "open-data": OPEN_DATA,
    "open-data-aggregates": OPEN_DATA_AGGREGATES,
    "open-data-products": OPEN_DATA_PRODUCTS,
    "open-data-suppliers": OPEN_DATA_SUPPLIERS,
}


def names(columns: list[Column]) -> list[str]:
    return [column.name for column in columns]

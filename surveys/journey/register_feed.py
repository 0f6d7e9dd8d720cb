"""The technology estate register beside the assessment's answers (docs/estate.md).

Two questions are counts the register already knows: ``REGISTER_FIGURES`` maps each
question code to the register's figure that answers it. This mapping is the ONE place
that says so (the questionnaires carry no such field); a question page of one of them
shows the authority's register figure for the assessment's round and lets a lead or
contributor use it as the answer (``surveys.journey.services.register_answers``).
The procurement area's question pages show the register's small-firm share and route
mix beside the answers.

Only the assessment's own authority's register in the assessment's own round is read,
and only for a viewer who may see it (``accounts.access.may_see_register``). Costs a
fixed number of queries whatever the register's size: none on other questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts import access
from estate.models import System
from estate.selectors import RegisterSummary, register_of, register_summary
from surveys.models import Answer, Assessment, Question

# Question code: (the RegisterSummary attribute that answers it, what it counts).
REGISTER_FIGURES = {
    "tech-lines-of-business": ("lines_of_business", "lines of business"),
    "tech-application-count": ("systems", "systems"),
}
PROCUREMENT_AREA = "procurement"


def figure_of(summary: RegisterSummary, question_code: str) -> int:
    """The register's figure that answers the question (a code of ``REGISTER_FIGURES``)."""
    attribute, _label = REGISTER_FIGURES[question_code]
    return getattr(summary, attribute)


@dataclass(frozen=True)
class RegisterFeed:
    """What a question page shows from the register: whether there is one, its summary,
    and for a ``REGISTER_FIGURES`` question the figure, what it counts, and the answer's
    number and version (0: no answer yet) for the "use it" button."""

    exists: bool
    own: bool  # the viewer belongs to the assessment's authority
    summary: RegisterSummary
    figure: int | None = None
    counts: str = ""
    answer_number: Decimal | None = None
    answer_version: int = 0

    @property
    def differs(self) -> bool:
        """The answer has a number that is not the register's figure."""
        return (
            self.figure is not None
            and self.answer_number is not None
            and self.answer_number != self.figure
        )

    @property
    def matches(self) -> bool:
        return self.figure is not None and self.answer_number == self.figure

    @property
    def sme_percent(self) -> int | None:
        share = self.summary.sme_share
        return None if share is None else round(share * 100)

    @property
    def routes(self) -> list[tuple[str, int, int]]:
        """(route label, systems, percent of the systems with a route), most used first."""
        total = sum(self.summary.routes.values())
        labels = dict(System.Route.choices)
        return [
            (labels.get(code, code), n, round(100 * n / total))
            for code, n in sorted(self.summary.routes.items(), key=lambda item: (-item[1], item[0]))
        ]


def is_fed(question: Question) -> bool:
    """Whether the question's page shows anything from the register (no query)."""
    return question.code in REGISTER_FIGURES or question.area.code == PROCUREMENT_AREA


def register_feed(*, user, assessment: Assessment, question: Question) -> RegisterFeed | None:
    """The register's figures for the question page, or None (no query) when the
    question takes nothing from the register or the viewer may not see the register.
    At most five queries."""
    if not is_fed(question):
        return None
    viewer = access.viewer_for(user)
    if not access.may_see_register(viewer, assessment.authority_id, assessment.round):
        return None
    register = register_of(authority_id=assessment.authority_id, round_id=assessment.round_id)
    summary = register_summary(register)
    own = viewer.authority_id == assessment.authority_id
    if question.code not in REGISTER_FIGURES:
        return RegisterFeed(exists=register is not None, own=own, summary=summary)
    answer = (
        Answer.objects.filter(assessment=assessment, question=question)
        .only("number", "version")
        .first()
    )
    return RegisterFeed(
        exists=register is not None,
        own=own,
        summary=summary,
        figure=figure_of(summary, question.code) if register is not None else None,
        counts=REGISTER_FIGURES[question.code][1],
        answer_number=answer.number if answer is not None else None,
        answer_version=answer.version if answer is not None else 0,
    )

"""Words the reports show in several places (pages, charts, frames), each defined once."""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django.template.defaultfilters import pluralize

LONDON = "London"
INNER = "Inner London"
OUTER = "Outer London"
# The name of the London median wherever it is a row or a series; group medians are
# named "<group> median" in the same way (``reports.frames.stats.area_comparison``).
LONDON_MEDIAN = f"{LONDON} median"
OVERALL = "Overall"
TOO_FEW_MESSAGE = "Too few authorities to compare"


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """``count`` and ``word``, in the plural unless it is one: "1 question", "3 rounds",
    "2 authorities" (with ``plural_word``). Django's ``pluralize`` decides."""
    forms = f"{word},{plural_word or word + 's'}"
    return f"{count} {pluralize(count, forms)}"


def whole(value, *, signed: bool = False) -> str:
    """A score (0 to 100), a median, a spread or a difference of scores as people read it
    on screen: a whole number, halves rounded away from zero ("62.5" -> "63", "-11.5" ->
    "-12"), with "+" before a rise when ``signed``; "" for no value (None, NaN, NA); text
    is given back as it is.

    The one rule for numbers on screen: the dashboards' charts, cards and tables and the
    ``score`` template filter (``web.templatetags.numbers``) all use it. Exports and CSV
    downloads keep the stored precision instead.
    """
    if value is None or isinstance(value, str):
        return value or ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return _whole(number, signed)


@functools.lru_cache(maxsize=16384)
def _whole(value: float, signed: bool) -> str:
    # Memoised: a national heat map shows thousands of scores, of few distinct values.
    number = Decimal(str(value))
    if not number.is_finite():
        return ""
    rounded = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"+{rounded}" if signed and rounded > 0 else str(rounded)

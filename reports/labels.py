"""Words the reports show in several places (pages, charts, frames), each defined once."""

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

"""The one colour scale for maturity levels across the service.

Colours are fixed here (viridis, colour-blind safe); level *names* and score
bands always come from the questionnaire's ``ScaleLevel`` rows, never from code,
and which level a score falls in from ``surveys.results.scoring``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from plotly.colors import sample_colorscale

from surveys.results import scoring

# Level 1..5, lowest to highest maturity.
LEVEL_COLOURS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
LIGHT_TEXT = "#ffffff"
DARK_TEXT = "#0b0c0c"
NO_DATA_COLOUR = "#f3f2f1"
NO_DATA_LABEL = "No data"
# Light text reads on the first two (dark) colours of the scale, dark text on the rest:
# white on the middle teal (#21918c) is only 3.8:1, below WCAG's 4.5:1.
_LIGHT_TEXT_UP_TO = 0.25

# Categorical colours for comparison groups (not maturity): GOV.UK blue, black,
# orange, purple, turquoise, pink; distinguishable for common colour-blindness.
GROUP_COLOURS = ("#1d70b8", "#0b0c0c", "#f47738", "#4c2c92", "#28a197", "#d53880")


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    min_score: float
    colour: str
    text_colour: str


@dataclass(frozen=True)
class LevelScale:
    """A questionnaire's maturity levels with their colours.

    Guarantee: the same level number maps to the same colour on every page; a
    scale of other than five levels is sampled evenly from the same colours.
    """

    levels: tuple[Level, ...]

    @classmethod
    def from_levels(cls, rows: Iterable) -> "LevelScale":
        """Build from ``ScaleLevel``-like objects (``number``, ``name``, ``min_score``)."""
        ordered = sorted(rows, key=lambda row: row.number)
        count = len(ordered)
        if count == len(LEVEL_COLOURS):
            colours = list(LEVEL_COLOURS)
        elif count == 1:
            colours = [LEVEL_COLOURS[-1]]
        else:
            colours = sample_colorscale(
                list(LEVEL_COLOURS), [i / (count - 1) for i in range(count)], colortype="rgb"
            )
        levels = []
        for index, (row, colour) in enumerate(zip(ordered, colours, strict=True)):
            position = index / (count - 1) if count > 1 else 1.0
            levels.append(
                Level(
                    number=row.number,
                    name=row.name,
                    min_score=float(row.min_score),
                    colour=colour,
                    text_colour=LIGHT_TEXT if position <= _LIGHT_TEXT_UP_TO else DARK_TEXT,
                )
            )
        return cls(levels=tuple(levels))

    def get(self, number) -> Level | None:
        if number is None:
            return None
        for level in self.levels:
            if level.number == number:
                return level
        return None

    def name(self, number) -> str:
        level = self.get(number)
        return level.name if level else NO_DATA_LABEL

    def label(self, number) -> str:
        """``"3 Learning"``: number and name, as legends and tables show a level."""
        level = self.get(number)
        return f"{level.number} {level.name}" if level else NO_DATA_LABEL

    def colour(self, number) -> str:
        level = self.get(number)
        return level.colour if level else NO_DATA_COLOUR

    def text_colour(self, number) -> str:
        level = self.get(number)
        return level.text_colour if level else DARK_TEXT

    @cached_property
    def scoring_scale(self) -> scoring.Scale:
        """The same levels and bands as the scoring rules read them."""
        return scoring.Scale(
            tuple((level.number, level.name, level.min_score) for level in self.levels)
        )

    def level_for_score(self, score) -> int | None:
        """The level whose band holds a 0-100 score (e.g. a median); None for no score
        (None or NaN). The rule is ``scoring.level_for_score``."""
        if not self.levels:
            return None
        return scoring.level_for_score(score, self.scoring_scale)

    @property
    def numbers(self) -> list[int]:
        return [level.number for level in self.levels]

    def discrete_colorscale(self, *, no_data: bool = False) -> list[list]:
        """A plotly colorscale with one flat band per level, for z = level number.

        Use with ``zmin = first - 0.5`` and ``zmax = last + 0.5``; with ``no_data``,
        an extra grey band for z = first - 1 comes first (``zmin = first - 1.5``).
        """
        colours = [level.colour for level in self.levels]
        if no_data:
            colours.insert(0, NO_DATA_COLOUR)
        count = len(colours)
        scale: list[list] = []
        for index, colour in enumerate(colours):
            scale.append([index / count, colour])
            scale.append([(index + 1) / count, colour])
        return scale

    def legend_items(self) -> list[Level]:
        return list(self.levels)

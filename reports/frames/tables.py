"""Frames shaped for the charts: their data tables, pivots by round, tile-map cells.

The chart builders (``reports.charts``) take frames and return figures; whatever
they need from pandas itself (a new table, a missing value, a pivot) is here, so
``reports.frames`` stays the only place pandas is imported.
"""

from collections.abc import Mapping, Sequence
from typing import TypeAlias

import pandas as pd

# pandas ships no type information, so this is Any to mypy; the alias names what flows.
Frame: TypeAlias = pd.DataFrame
NA = pd.NA  # pandas' missing value (nullable integers), beside None and NaN
NaT = pd.NaT


def table(columns: Mapping[str, Sequence]) -> Frame:
    """A chart's data table: column name -> values, in order."""
    return pd.DataFrame(columns)


def empty_table(columns: Sequence[str]) -> Frame:
    """A table with these columns and no rows (a chart with nothing to draw)."""
    return pd.DataFrame(columns=list(columns))


def is_numeric(column) -> bool:
    """Whether a table column holds numbers (tables right-align them)."""
    return pd.api.types.is_numeric_dtype(column)


def wide(
    frame: Frame, *, index: str, columns: str, values: str = "score", column_order=None
) -> Frame:
    """``values`` pivoted: one row per ``index`` value, one column per ``columns`` value.

    The first value of each pair; rows and columns in the order they first appear (or
    ``column_order``), every one kept even when it has no value at all.
    """
    pivot = frame.pivot_table(
        index=index, columns=columns, values=values, aggfunc="first", sort=False
    )
    order = list(dict.fromkeys(frame[columns])) if column_order is None else list(column_order)
    pivot = pivot.reindex(index=list(dict.fromkeys(frame[index])), columns=order)
    pivot.columns.name = None
    return pivot


def by_round(frame: Frame) -> Frame:
    """A trend's table: a ``Round`` column, then one column of scores per series.

    ``frame``: ``round_name``, ``series``, ``score``, one row per round and series,
    in round order (``reports.frames.trends.series_frame`` and ``london_frame``).
    """
    pivot = wide(frame, index="round_name", columns="series")
    return pivot.reset_index(names="Round")


def tile_frame(authorities: Frame, results: Frame) -> Frame:
    """Every authority's tile-map cell with its ``score`` and ``level`` (empty if none)."""
    return authorities.merge(
        results[["authority_id", "score", "level"]], on="authority_id", how="left"
    ).sort_values(["grid_row", "grid_column"])

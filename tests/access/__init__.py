"""Expected HTTP outcomes of every URL of the project for every role (see ``base``).

One module per app area holds its own ``ACCESS`` table, so each owner edits only theirs.
"""

import importlib

AREA_MODULES = (
    "project",
    "surveys",
    "review",
    "reports",
    "estate_register",
    "estate_upload",
    "estate_reports",
    "estate_data",
)


def all_tables() -> dict[str, dict]:
    """Every entry of every area's table; a URL name in two tables is an error."""
    merged: dict[str, dict] = {}
    owner: dict[str, str] = {}
    for area in AREA_MODULES:
        table = importlib.import_module(f"tests.access.{area}").ACCESS
        for name, row in table.items():
            if name in merged:
                raise ValueError(f"{name!r} is in both tests/access/{owner[name]}.py and {area}.py")
            merged[name] = row
            owner[name] = area
    return merged

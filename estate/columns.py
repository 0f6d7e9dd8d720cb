"""The register's columns: one description of a system as a flat row, used by the CSV
and Excel download, the upload's header, and each change's before-and-after in the
history. Pure: it reads the system's loaded relations and makes no query."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from estate.models import System

# The columns, in the order of the download; the upload reads them by name.
COLUMNS = (
    "supplier",
    "product",
    "lines_of_business",
    "hosting",
    "contract_starts_on",
    "contract_ends_on",
    "annual_cost_band",
    "procurement_route",
    "supplier_sme",
    "note",
)
# Several lines of business in one cell are separated by this.
LINES_SEPARATOR = ";"


def sme_text(value: bool | None) -> str:
    """ "yes", "no" or "" (not known)."""
    return "" if value is None else ("yes" if value else "no")


def system_row(system: System, line_codes: list[str]) -> dict[str, str]:
    """The system as a row of ``COLUMNS`` (codes, not labels, for choices), given the
    codes of its lines of business (``line_codes``)."""
    return {
        "supplier": system.product.supplier.name,
        "product": system.product.name,
        "lines_of_business": LINES_SEPARATOR.join(sorted(line_codes)),
        "hosting": system.hosting,
        "contract_starts_on": system.contract_starts_on.isoformat()
        if system.contract_starts_on
        else "",
        "contract_ends_on": system.contract_ends_on.isoformat() if system.contract_ends_on else "",
        "annual_cost_band": system.cost_band,
        "procurement_route": system.route,
        "supplier_sme": sme_text(system.supplier_sme),
        "note": system.note,
    }

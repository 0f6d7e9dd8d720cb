"""The estate views' data tables (``reports.estate.summaries`` rows as frames), for the
charts in ``reports.charts.estate``: the table, the CSV and the figure carry the same
numbers. Authority names are only those the summaries named (the viewer may see them)."""

from reports.frames.tables import Frame, table

# Hosting labels, in the register's order (estate.models.System.Hosting).
HOSTING_COLUMNS = [
    "Software as a service (%)",
    "Hosted by the supplier (%)",
    "On premises (%)",
    "Built in-house (%)",
]


def usage_frame(usages, *, ending: bool = False) -> Frame:
    """Who uses what (or whose contracts end): one row per line of business and product."""
    columns = {
        "Line of business": [u.line for u in usages],
        "Product": [u.product for u in usages],
        "Supplier": [u.supplier for u in usages],
        "Authorities": [u.authorities.count for u in usages],
        "Systems": [u.systems for u in usages],
    }
    if ending:
        columns["First contract end"] = [
            u.first_end.isoformat() if u.first_end else "" for u in usages
        ]
    columns["Authorities named"] = [u.authorities.text for u in usages]
    return table(columns)


def supplier_frame(counts) -> Frame:
    return table(
        {
            "Supplier": [c.supplier for c in counts],
            "Authorities": [c.authorities for c in counts],
            "Systems": [c.systems for c in counts],
            "Lines of business supplied": [c.lines for c in counts],
            "Share of lines of business run (%)": [round(c.share, 2) for c in counts],
        }
    )


def mix_frame(mixes, label: str) -> Frame:
    """Small-firm share and hosting mix, one row per authority or peer group."""
    columns = {
        label: [m.label for m in mixes],
        "Authorities": [m.authorities for m in mixes],
        "Systems": [m.systems for m in mixes],
        "Small-firm share (%)": [
            None if m.sme_share is None else round(m.sme_share, 2) for m in mixes
        ],
    }
    for index, name in enumerate(HOSTING_COLUMNS):
        columns[name] = [round(m.hosting_shares[index], 2) for m in mixes]
    frame = table(columns)
    frame["Small-firm share (%)"] = frame["Small-firm share (%)"].astype("Float64")
    return frame


def groups_frame(groups) -> Frame:
    """Joint-procurement opportunities, one row per group, most authorities first."""
    return table(
        {
            "Product": [g.product for g in groups],
            "Supplier": [g.supplier for g in groups],
            "Lines of business": [", ".join(g.lines) for g in groups],
            "Authorities": [g.authorities.count for g in groups],
            "First contract end": [g.first_end.isoformat() for g in groups],
            "Last contract end": [g.last_end.isoformat() for g in groups],
            "Authorities and contract ends": [g.ends_text for g in groups],
        }
    )

"""The estate views' charts: who uses what, contracts ending, supplier concentration,
small-firm share and hosting mix. Each is a ``Chart`` with its table and CSV
(``reports.charts.base.make_chart``); the figures draw at most ``TOP`` bars."""

from reports.charts.base import empty_chart, figure, make_chart, values
from reports.frames import estate as frames
from reports.labels import plural

TOP = 15
MOST_BARS = 40  # an authority or peer-group chart draws at most this many (national: 400)
BAR_PX = 32
MIN_WIDTH_PX = 480
BLUE = "#12436D"  # the Analysis Function's first categorical colour
# Four hosting kinds: the Analysis Function's first four categorical colours.
HOSTING_COLOURS = ("#12436D", "#28A197", "#801650", "#F46A25")


def _bars(labels: list[str], numbers: list, *, axis: str, percent: bool = False) -> object:
    """Horizontal bars, the first label at the top, from zero."""
    most = max([n for n in numbers if n is not None] or [0])
    return figure(
        [
            {
                "type": "bar",
                "orientation": "h",
                "x": numbers,
                "y": labels,
                "marker": {"color": BLUE},
                "text": [("" if n is None else f"{n:.0f}") for n in numbers],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{y}: %{x:.0f}<extra></extra>",
            }
        ],
        {
            "height": 120 + BAR_PX * len(labels),
            "showlegend": False,
            "xaxis": {
                "range": [0, 100] if percent else [0, most * 1.15 + 1],
                "title": {"text": axis},
                "fixedrange": True,
                "tickformat": "d",
            },
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        },
    )


def _labelled(frame, *columns) -> list[str]:
    parts = [list(frame[c]) for c in columns]
    return [" · ".join(str(p) for p in row) for row in zip(*parts, strict=True)]


def _shown_note(shown: int, total: int) -> list[str]:
    if shown >= total:
        return []
    return [f"The table shows the first {shown} of {total} rows; the CSV download has them all."]


def usage_chart(usages, *, ending: bool = False, window: str = "", total: int = 0) -> object:
    """Products by line of business with the most authorities (``summaries.usage``): the
    first of ``total`` rows."""
    chart_id = "contracts-ending" if ending else "who-uses"
    title = (
        f"Contracts ending in the next {window}" if ending else "Products used by most authorities"
    )
    table = frames.usage_frame(usages, ending=ending)
    if not usages:
        message = "No contract ends in this period." if ending else "No system to show."
        return empty_chart(id=chart_id, title=title, message=message, columns=list(table.columns))
    top = table.head(TOP)
    fig = _bars(
        _labelled(top, "Product", "Line of business"),
        values(top["Authorities"]),
        axis="Authorities",
    )
    first = usages[0]
    summary = (
        f"{max(total, len(usages))} products by line of business, the most authorities first. "
        f"{first.product} ({first.supplier}) for {first.line}: "
        f"{plural(first.authorities.count, 'authority', 'authorities')}."
    )
    return make_chart(
        id=chart_id,
        title=title,
        summary=summary,
        table=table,
        fig=fig,
        min_width=MIN_WIDTH_PX,
        notes=_shown_note(len(usages), total),
    )


def collaboration_chart(groups, *, window: str, total: int = 0) -> object:
    """Joint-procurement opportunities (``summaries.collaboration``): the first of
    ``total``, drawn as bars of their authorities."""
    title = f"Joint-procurement opportunities, contracts ending in the next {window}"
    table = frames.groups_frame(groups)
    if not groups:
        return empty_chart(
            id="joint-procurement",
            title=title,
            message="No authorities have contracts for the same product ending close together "
            "in this period.",
            columns=list(table.columns),
        )
    top = table.head(TOP)
    fig = _bars(
        _labelled(top, "Product", "First contract end"),
        values(top["Authorities"]),
        axis="Authorities",
    )
    first = groups[0]
    summary = (
        f"{plural(max(total, len(groups)), 'group')} of authorities whose contracts for the "
        f"same product end close together, the most authorities first. The largest: "
        f"{plural(first.authorities.count, 'authority', 'authorities')} with {first.product} "
        f"({first.supplier}), ending from {first.first_end:%-d %B %Y} to "
        f"{first.last_end:%-d %B %Y}."
    )
    return make_chart(
        id="joint-procurement",
        title=title,
        summary=summary,
        table=table,
        fig=fig,
        min_width=MIN_WIDTH_PX,
        notes=_shown_note(len(groups), total),
    )


def supplier_chart(counts) -> object:
    """How many authorities depend on each supplier (``summaries.suppliers``)."""
    title = "Authorities depending on each supplier"
    table = frames.supplier_frame(counts)
    if not counts:
        return empty_chart(
            id="suppliers", title=title, message="No supplier to show.", columns=list(table.columns)
        )
    top = table.head(TOP)
    fig = _bars(list(top["Supplier"]), values(top["Authorities"]), axis="Authorities")
    first = counts[0]
    summary = (
        f"{plural(len(counts), 'supplier')}, the most authorities first. {first.supplier} "
        f"supplies {plural(first.authorities, 'authority', 'authorities')}, "
        f"{first.share:.0f}% of the lines of business run."
    )
    return make_chart(
        id="suppliers", title=title, summary=summary, table=table, fig=fig, min_width=MIN_WIDTH_PX
    )


def sme_chart(mixes, *, by: str) -> object:
    """Small-firm share of systems by peer group or by authority (``summaries.Mix``)."""
    chart_id = f"sme-{by}"
    label = "Peer group" if by == "group" else "Authority"
    title = f"Small-firm share and hosting by {label.lower()}"
    table = frames.mix_frame(mixes, label)
    if not mixes:
        return empty_chart(
            id=chart_id, title=title, message="Nothing to show.", columns=list(table.columns)
        )
    drawn = table.head(MOST_BARS)
    fig = _bars(
        list(drawn[label]),
        values(drawn["Small-firm share (%)"]),
        axis="Small-firm share of systems (%)",
        percent=True,
    )
    notes = (
        [f"The chart draws the first {MOST_BARS} of {len(table)}; the table lists them all."]
        if len(table) > MOST_BARS
        else []
    )
    first = mixes[0]
    share = "not known" if first.sme_share is None else f"{first.sme_share:.0f}%"
    summary = (
        f"The share of systems whose supplier is a small or medium firm, by {label.lower()}; "
        f"the table also gives the hosting mix. {first.label}: {share}."
    )
    return make_chart(
        id=chart_id,
        title=title,
        summary=summary,
        table=table,
        fig=fig,
        min_width=MIN_WIDTH_PX,
        notes=notes,
    )


def hosting_chart(mixes) -> object:
    """The hosting mix by peer group: stacked bars of percentages."""
    title = "Hosting mix by peer group"
    table = frames.mix_frame(mixes, "Peer group")
    columns = ["Peer group", "Authorities", "Systems", *frames.HOSTING_COLUMNS]
    table = table[columns]
    if not mixes:
        return empty_chart(id="hosting", title=title, message="Nothing to show.", columns=columns)
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name.removesuffix(" (%)"),
            "x": values(table[name]),
            "y": list(table["Peer group"]),
            "marker": {"color": colour},
            "hovertemplate": f"%{{y}}<br>{name}: %{{x:.0f}}<extra></extra>",
        }
        for name, colour in zip(frames.HOSTING_COLUMNS, HOSTING_COLOURS, strict=True)
    ]
    fig = figure(
        traces,
        {
            "barmode": "stack",
            "height": 160 + BAR_PX * len(mixes),
            "xaxis": {
                "range": [0, 100],
                "title": {"text": "Share of systems (%)"},
                "fixedrange": True,
            },
            "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
            "margin": {"t": 90},
        },
    )
    summary = (
        "How systems are hosted, as shares of each peer group's systems: software as a "
        "service, hosted by the supplier, on premises, built in-house."
    )
    return make_chart(
        id="hosting", title=title, summary=summary, table=table, fig=fig, min_width=MIN_WIDTH_PX
    )

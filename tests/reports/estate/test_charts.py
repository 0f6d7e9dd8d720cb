"""The estate charts: tables and figures carry the same rows; long lists are capped."""

import datetime

from reports.charts import estate as charts
from reports.estate.summaries import Group, Mix, Named


def _mix(index: int) -> Mix:
    return Mix(f"Authority {index:02d}", 1, 10, index % 10, 10, {"saas": 6, "on_premises": 4})


def test_an_authority_chart_draws_at_most_forty_bars_and_the_table_lists_all():
    chart = charts.sme_chart([_mix(i) for i in range(50)], by="authority")
    assert len(chart.table) == 50
    assert len(chart.figure["data"][0]["y"]) == charts.MOST_BARS
    assert chart.notes == ["The chart draws the first 40 of 50; the table lists them all."]
    assert list(chart.table.iloc[3])[:4] == ["Authority 03", 1, 10, 30]
    assert list(chart.table.iloc[3])[4:] == [60, 0, 40, 0]


def test_the_joint_procurement_chart():
    day = datetime.date(2027, 3, 3)
    group = Group(
        "Uniform",
        "Idox",
        ["Planning"],
        Named([("Camden", "camden")], 2),
        [("Camden", day)],
        day,
        day + datetime.timedelta(days=100),
    )
    chart = charts.collaboration_chart([group], window="12 months", total=3)
    assert chart.columns[:4] == ["Product", "Supplier", "Lines of business", "Authorities"]
    assert list(chart.table.iloc[0]) == [
        "Uniform",
        "Idox",
        "Planning",
        3,
        "2027-03-03",
        "2027-06-11",
        "Camden: 3 Mar 2027; and 2 authorities not named",
    ]
    assert chart.notes == ["The table shows the first 1 of 3 rows; the CSV download has them all."]
    empty = charts.collaboration_chart([], window="6 months")
    assert empty.figure is None and "No authorities" in empty.empty_message

"""The London-wide view of what authorities plan: actions by status, the questions with
the most targets and actions (overall, by area), and who works on the same question.

Counts cover every plan in the filters and name nobody; authorities are named only
where the viewer may see their plan (``accounts.access.may_see_plan``): a borough user
sees shared plans and their own by name, the CDO office and admins every plan.
"""

from reports.charts.plans import most_planned_chart
from reports.plans import selectors


def plans_page(viewer, labels, *, area_code: str = "", peer_group=None) -> dict:
    rows = selectors.plan_rows(area_code=area_code, peer_group=peer_group)
    questions = selectors.subject_counts(rows, labels)
    return {
        "status_counts": selectors.status_counts(rows),
        "actions_total": sum(1 for row in rows if row.kind == "action"),
        "authorities_total": len({row.authority_id for row in rows}),
        "questions": questions,
        "areas": selectors.subject_counts(rows, labels, by_area=True),
        "collaborations": selectors.collaborations(viewer, rows, labels),
        "sees_all": viewer.sees_all,
        "statuses": selectors.STATUSES,
        "charts": [most_planned_chart(questions)],
    }

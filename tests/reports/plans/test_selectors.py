"""The plan view's selectors: constant queries whatever the number of plans; counts of
everything; names only as ``accounts.access.may_see_plan`` allows."""

import pytest

from accounts.access import PUBLIC_VIEWER, Viewer
from accounts.roles import Role
from reports.plans import selectors
from reports.plans.selectors import Labels, PlanRow
from tests import factories
from tests.reports.plans.support import make_plan

pytestmark = pytest.mark.django_db
GSS = ["E09000007", "E09000012", "E09000019", "E09000033", "E09000022", "E09000028"]


def _build(count: int) -> None:
    for index, gss in enumerate(GSS[:count]):
        make_plan(
            gss,
            shared=index % 2 == 0,
            targets=(("area-1", "a1-q1", 3), ("area-2", "", 2)),
            actions=(
                ("area-1", "a1-q1", f"Action {index}", "planned"),
                ("area-1", "a1-q2", f"Other {index}", "done"),
            ),
        )


@pytest.mark.parametrize("count", [2, 6])
def test_queries_do_not_grow_with_the_plans(count, django_assert_num_queries):
    factories.make_questionnaire()
    _build(count)
    group = factories.PeerGroupFactory()
    with django_assert_num_queries(1):
        labels = selectors.subject_labels()
    with django_assert_num_queries(2):
        rows = selectors.plan_rows()
    with django_assert_num_queries(2):
        assert len(selectors.plan_rows(area_code="area-1", peer_group=group)) == 0
    assert len(rows) == 4 * count
    counts = selectors.subject_counts(rows, labels)
    assert (counts[0].question_code, counts[0].targets, counts[0].actions) == (
        "a1-q1",
        count,
        count,
    )
    assert labels.of("area-2", "") == "Area 2 (the whole area)"


def _row(kind, authority, shared, question="q1", status=""):
    return PlanRow(
        kind, authority, f"Authority {authority}", f"a{authority}", shared, "area", question, status
    )


def test_counts_and_statuses():
    rows = [
        _row("target", 1, True),
        _row("target", 2, False),
        _row("action", 2, False, status="planned"),
        _row("action", 2, False, status="done"),
        _row("action", 3, False, question="q2", status="dropped"),
    ]
    q1, q2 = selectors.subject_counts(rows, Labels())
    assert (q1.targets, q1.actions, q1.authorities) == (2, 2, 2)
    assert dict(q1.by_status) == {"planned": 1, "done": 1}
    assert (q2.targets, q2.actions) == (0, 1)
    (area,) = selectors.subject_counts(rows, Labels(), by_area=True)
    assert (area.targets, area.actions, area.authorities) == (2, 3, 3)
    assert selectors.status_counts(rows) == [
        ("planned", "Planned", 1),
        ("in_progress", "In progress", 0),
        ("done", "Done", 1),
        ("dropped", "Dropped", 1),
    ]


def test_collaboration_names_only_plans_the_viewer_may_see():
    rows = [
        _row("target", 1, True),
        _row("action", 2, False, status="in_progress"),
        _row("action", 3, False, status="done"),  # done: not working on it any more
        _row("target", 4, False, question="q2"),  # alone on q2: no collaboration
    ]
    lead_of_5 = Viewer(Role.LEAD, 5, "a5")
    (group,) = selectors.collaborations(lead_of_5, rows, Labels())
    assert group.named == [("Authority 1", "a1")] and group.others == 1
    (group,) = selectors.collaborations(Viewer(Role.LEAD, 2, "a2"), rows, Labels())
    assert [name for name, _ in group.named] == ["Authority 1", "Authority 2"]
    (group,) = selectors.collaborations(Viewer(Role.CDO, None, None), rows, Labels())
    assert group.others == 0 and group.count == 2
    (group,) = selectors.collaborations(PUBLIC_VIEWER, rows, Labels())
    assert group.named == [] and group.others == 2

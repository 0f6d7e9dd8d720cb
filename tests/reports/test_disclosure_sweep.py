"""The disclosure sweep: every URL of the project, for every role, for a published round of
each kind, discloses other authorities' results by name only as the one rule allows.

The world (``tests.access.world``) has Camden (authority A) and Hackney (B) approved in a
published round. When the round does not share named results, no page, file or API answer
seen by the public or a borough user names the *other* authority (dashboards are asked
for that round with ``?round=``); when it does, the public release, the API and the
dashboards name both. The CDO office sees both names either way.

Improvement plans follow their own rule (``accounts.access.may_see_plan``), not the
round's: Islington shares its plan, Hackney's is private. No URL ever shows Hackney's
private plan to Camden's people or the public, nor any plan to the public; the shared
plan reaches other authorities (the plans API names it).
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from surveys.models import Round
from tests.access import all_tables
from tests.access.base import ADMIN, ANONYMOUS, CDO, CONTRIBUTOR_A, LEAD_A, LEAD_B, ROLES
from tests.access.world import PRIVATE_PLAN_TITLE, SHARED_PLAN_TITLE, build_world

TABLES = all_tables()
# Reference lists of authorities (no results in them): checked for the round instead.
AUTHORITY_REFERENCE = {"api:authorities", "api:authority"}
OTHER_AUTHORITY = {ANONYMOUS: ("Camden", "Hackney"), CONTRIBUTOR_A: ("Hackney",)}
OTHER_AUTHORITY |= {LEAD_A: ("Hackney",), LEAD_B: ("Camden",)}


def _body(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _get(world, role: str, url: str):
    client = Client(raise_request_exception=False)
    with transaction.atomic():
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        body = _body(response)
        transaction.set_rollback(True)
    return response.status_code, body


def _url(world, name: str) -> str:
    row = TABLES[name]
    url = reverse(name, kwargs=row["args"](world))
    query = [row["query"]] if row["query"] else []
    if name.startswith(("reports:", "exports:")):
        query.append(f"round={world.published_round.slug}")
    return f"{url}?{'&'.join(query)}" if query else url


@pytest.fixture
def world(db):
    return build_world()


def _set_sharing(world, share: bool) -> None:
    Round.objects.filter(pk=world.published_round.pk).update(share_named_results=share)
    world.published_round.refresh_from_db()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_round_without_named_results_names_no_other_authority(world, name):
    url = _url(world, name)
    _set_sharing(world, False)  # after the URL: some entries' arguments turn sharing on
    leaks = []
    for role, others in OTHER_AUTHORITY.items():
        status, body = _get(world, role, url)
        if name in AUTHORITY_REFERENCE:
            if world.published_round.slug in body:
                leaks.append(f"{role}: the round's results appear ({status})")
            continue
        leaks += [f"{role}: names {other} ({status})" for other in others if other in body]
    assert not leaks, f"GET {url}:\n  " + "\n  ".join(leaks)


PUBLIC_NAMED = ["opendata:release", "opendata:csv", "api:round-results"]
DASHBOARDS_NAMED = ["reports:overview", "reports:area", "reports:trends"]


@pytest.mark.parametrize("name", PUBLIC_NAMED + DASHBOARDS_NAMED)
def test_a_round_with_named_results_names_them_everywhere(world, name):
    url = _url(world, name)
    _set_sharing(world, True)
    roles = (ANONYMOUS, LEAD_A, LEAD_B) if name in PUBLIC_NAMED else (LEAD_A, LEAD_B)
    if name == "reports:trends":
        return  # one published round: no trend to draw (the overview and area pages suffice)
    for role in roles:
        status, body = _get(world, role, url)
        assert status == 200, (role, status)
        assert "Camden" in body and "Hackney" in body, f"{role} does not see both on {url}"


@pytest.mark.parametrize("share", [False, True])
def test_the_cdo_office_sees_every_name_either_way(world, share):
    _set_sharing(world, share)
    url = _url(world, "reports:overview")
    for role in (CDO, ADMIN):
        status, body = _get(world, role, url)
        assert status == 200 and "Camden" in body and "Hackney" in body


def test_the_sweep_covers_every_role_but_the_cdo_office():
    assert set(OTHER_AUTHORITY) | {CDO, ADMIN} == set(ROLES)


# Who must never see Hackney's private plan; and the public never sees any plan.
NOT_HACKNEY = (ANONYMOUS, CONTRIBUTOR_A, LEAD_A)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_private_plan_reaches_nobody_outside_its_authority(world, name):
    url = _url(world, name)
    leaks = []
    for role in NOT_HACKNEY:
        status, body = _get(world, role, url)
        if PRIVATE_PLAN_TITLE in body:
            leaks.append(f"{role}: Hackney's private plan ({status})")
        if role == ANONYMOUS and SHARED_PLAN_TITLE in body:
            leaks.append(f"{role}: Islington's shared plan ({status})")
    assert not leaks, f"GET {url}:\n  " + "\n  ".join(leaks)


def test_the_shared_plan_reaches_other_authorities_and_the_private_one_does_not(world):
    url = _url(world, "api:plans")
    _, body = _get(world, LEAD_B, url)
    assert SHARED_PLAN_TITLE in body and PRIVATE_PLAN_TITLE in body  # Hackney's own
    _, body = _get(world, LEAD_A, url)
    assert SHARED_PLAN_TITLE in body and PRIVATE_PLAN_TITLE not in body
    _, body = _get(world, ANONYMOUS, url)
    assert '"count":0' in body.replace(" ", "")
    for role in (CDO, ADMIN):
        assert PRIVATE_PLAN_TITLE in _get(world, role, url)[1]
    # The plan view names who works on the world's question as each may see.
    _, body = _get(world, LEAD_A, _url(world, "reports:plans"))
    assert "Islington and 1 other" in body and "Hackney" not in body
    _, body = _get(world, LEAD_B, _url(world, "reports:plans"))
    assert "Hackney, Islington" in body

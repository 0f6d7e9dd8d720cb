"""The disclosure sweep for the technology estate register: every URL of the project, for
every role, with Camden's and Hackney's registers in the world's published round.

- Where the round does not share named results, no page, file or API answer seen by the
  public or a borough user names the other authority (as for results);
- whether or not it shares them, a register's contract details (its note stands for
  them) reach only the authority's own people and the CDO office: never another
  authority, never the public (``accounts.access.may_see_contract_details``);
- where it shares them, other authorities' people get the register by name from the API
  (``accounts.access.may_see_register``), and the public still gets no row.
"""

import pytest

from estate.models import System
from tests.access.base import ADMIN, ANONYMOUS, CDO, CONTRIBUTOR_A, LEAD_A, LEAD_B
from tests.access.world import build_world
from tests.estate.support import add_system, make_register
from tests.reports.test_disclosure_sweep import OTHER_AUTHORITY, TABLES, _get, _set_sharing, _url

NOTES = {"Camden": "Sweep note of Camden's register", "Hackney": "Sweep note of Hackney's"}
# Whose notes each role must never see.
NOT_THEIRS = {ANONYMOUS: ("Camden", "Hackney"), CONTRIBUTOR_A: ("Hackney",)}
NOT_THEIRS |= {LEAD_A: ("Hackney",), LEAD_B: ("Camden",)}


@pytest.fixture
def world(db):
    world = build_world()
    for authority in (world.authority_a, world.authority_b):
        register = make_register(authority, world.published_round)
        add_system(
            register,
            "idox-uniform",
            ("planning",),
            cost_band=System.CostBand.OVER_1M,
            note=NOTES[authority.name],
        )
    return world


def _leaks(world, url: str, *, names: bool) -> list[str]:
    leaks = []
    for role, others in NOT_THEIRS.items():
        status, body = _get(world, role, url)
        leaks += [f"{role}: {other}'s note ({status})" for other in others if NOTES[other] in body]
        if names:
            named = [other for other in OTHER_AUTHORITY[role] if other in body]
            leaks += [f"{role}: names {other} ({status})" for other in named]
    return leaks


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_round_without_named_results_shows_no_other_register(world, name):
    url = _url(world, name)
    _set_sharing(world, False)  # after the URL: some entries' arguments turn sharing on
    leaks = _leaks(world, url, names=name not in {"api:authorities", "api:authority"})
    assert not leaks, f"GET {url}:\n  " + "\n  ".join(leaks)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_contract_details_stay_with_the_authority_where_names_are_shared(world, name):
    url = _url(world, name)
    _set_sharing(world, True)
    leaks = _leaks(world, url, names=False)
    assert not leaks, f"GET {url}:\n  " + "\n  ".join(leaks)


def test_a_shared_round_names_registers_to_other_authorities_but_not_the_public(world):
    url = _url(world, "api:estate-systems") + f"?round={world.published_round.slug}"
    _set_sharing(world, True)
    _, body = _get(world, LEAD_A, url)
    assert "Hackney" in body and NOTES["Camden"] in body and NOTES["Hackney"] not in body
    _, body = _get(world, ANONYMOUS, url)
    assert '"count":0' in body.replace(" ", "")
    for role in (CDO, ADMIN):
        _, body = _get(world, role, url)
        assert NOTES["Camden"] in body and NOTES["Hackney"] in body
    _set_sharing(world, False)
    _, body = _get(world, LEAD_A, url)
    assert "Camden" in body and "Hackney" not in body

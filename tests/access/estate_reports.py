"""Access table for the technology estate register: reports (issue 16).

The London-wide estate views (/reports/estate/...): signed in, any role that may see the
dashboards (borough people, the CDO office, admins), GET only. What each sees of other
authorities is decided by ``accounts.access.may_see_register`` (tests/reports/estate/).
Camden's register in the open round (the register pages' system) gives the views data.
"""

from estate.services import system_add
from tests.access.base import LEAD_A, entry, signed_in_only
from tests.estate.support import make_register, system_data


def _camden_register(world) -> dict:
    if "camden_system" not in world.extra:
        register = make_register(world.authority_a, world.round)
        world.extra["camden_system"] = system_add(
            register=register, data=system_data(), actor=world.users[LEAD_A]
        )
    return {}


def _estate_view() -> dict:
    return entry(signed_in_only(200), args=_camden_register, post=signed_in_only(405))


ACCESS: dict = {
    "reports:estate": _estate_view(),
    "reports:estate-contracts": _estate_view(),
    "reports:estate-collaboration": _estate_view(),
    "reports:estate-suppliers": _estate_view(),
}

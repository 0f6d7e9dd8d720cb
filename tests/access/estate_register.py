"""Access table for the technology estate register: register (issue 16).

The borough user's own authority's register in the open round (/assessments/register/):
no URL names an authority, so Hackney's lead reaches Hackney's register (its assessment is
in the same open round) and gets 404 for a system of Camden's. The CDO office reads
registers in the reports: 403 here, as on the plan pages.
"""

from estate.services import system_add
from tests.access.base import LEAD_A, Redirect, entry, signed_in_only
from tests.estate.support import make_register, system_data
from tests.surveys.register.support import form_data


def _camden_system(world) -> dict:
    """A system of Camden's register in the open round, added by its lead (version 1)."""
    if "camden_system" not in world.extra:
        register = make_register(world.authority_a, world.round)
        world.extra["camden_system"] = system_add(
            register=register, data=system_data(), actor=world.users[LEAD_A]
        )
    return {"system_id": world.extra["camden_system"].pk}


def _changed(world) -> dict:
    return form_data(hosting="on_premises", version="1")


REGISTER_PAGE = signed_in_only(403, BOROUGH=200)
GET_ONLY = signed_in_only(403, BOROUGH=405)
TO_REGISTER = Redirect("surveys:register")
CAMDEN_ONLY = signed_in_only(403, BOROUGH_A=200, lead_b=404)

ACCESS: dict = {
    "surveys:register": entry(REGISTER_PAGE, post=GET_ONLY),
    "surveys:register-add": entry(
        REGISTER_PAGE,
        post=signed_in_only(403, BOROUGH=TO_REGISTER),
        data=lambda world: form_data(),
    ),
    "surveys:register-system": entry(
        CAMDEN_ONLY,
        args=_camden_system,
        post=signed_in_only(403, BOROUGH_A=TO_REGISTER, lead_b=404),
        data=_changed,
    ),
    "surveys:register-system-remove": entry(
        CAMDEN_ONLY,
        args=_camden_system,
        post=signed_in_only(403, BOROUGH_A=TO_REGISTER, lead_b=404),
        data=lambda world: {"version": "1"},
    ),
    "surveys:register-system-history": entry(CAMDEN_ONLY, args=_camden_system, post=GET_ONLY),
}

"""Registers for the estate views' tests: authorities by GSS code, each with systems."""

from accounts.access import MIN_AUTHORITIES
from tests import factories
from tests.estate.support import add_system, days_from_today, make_register

CAMDEN, HACKNEY = "E09000007", "E09000012"
# Camden, Hackney, then enough others for counts over MIN_AUTHORITIES.
CODES = [CAMDEN, HACKNEY] + [f"E09{n:06d}" for n in (1, 2, 3, 4, 5, 6, 8, 9)]


def estate_round(*, share: bool = False, **kwargs):
    return factories.RoundFactory(share_named_results=share, **kwargs)


def uniform_everywhere(round_, codes=CODES, *, ends_in=(100, 200, 300, 400, 500, 600)):
    """Every authority of ``codes`` runs Uniform for planning (contracts ending ``ends_in``
    days from today, in turn), Camden also a note and a cost band (never shown)."""
    registers = {}
    for index, code in enumerate(codes):
        register = make_register(factories.authority(code), round_)
        add_system(
            register,
            "idox-uniform",
            ("planning",),
            contract_ends_on=days_from_today(ends_in[index % len(ends_in)]),
            supplier_sme=False,
            note="Secret renewal note" if code == CAMDEN else "",
            cost_band="over_1m" if code == CAMDEN else "",
        )
        registers[code] = register
    return registers


assert len(CODES) > MIN_AUTHORITIES

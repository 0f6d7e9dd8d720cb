"""Access table for the technology estate register: upload and download (issue 16).

The upload page is each borough person's own authority's register in the open round (no
URL names an authority; the POST swept is the confirmation that replaces the register):
Camden's people and Hackney's lead each upload their own; the CDO office reads registers
but never changes them (403). The download names the authority: Camden's register, for
Camden's people and the CDO office (cost bands and notes are theirs); Hackney's lead 404.
"""

import datetime

from django.urls import reverse

from estate.models import Register
from estate.services import system_add
from surveys.register.upload_forms import changed_token
from tests.access.base import LEAD_A, Redirect, entry, signed_in_only
from tests.estate.support import make_register, system_data

CSV = (
    b"supplier,product,lines_of_business,hosting\n"
    b"Idox,Uniform,planning;building-control,saas\n"
    b"MHR,iTrent,hr-payroll,on_premises\n"
)
READ_AT = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)


def _round(world) -> dict:
    return {"round_slug": world.round.slug}


def _upload_url(world) -> str:
    return reverse("surveys:register-upload", kwargs=_round(world))


def _upload_data(world) -> dict:
    # Camden's and Hackney's registers, both last changed at READ_AT as the form read them.
    for authority in (world.authority_a, world.authority_b):
        Register.objects.update_or_create(
            authority=authority,
            round=world.round,
            defaults={"created_at": READ_AT, "changed_at": READ_AT},
        )
    register = Register.objects.get(authority=world.authority_a, round=world.round)
    # The confirmation step's POST, which writes (the file's own POST only shows what it
    # would change: tests/surveys/register/test_upload_views.py).
    return {"rows": CSV.decode(), "changed_at": changed_token(register)}


def _camden_register(world) -> dict:
    # The same system of Camden's register as the register pages' entries use
    # (tests/access/estate_register.py), made here if they have not made it yet.
    if "camden_system" not in world.extra:
        register = make_register(world.authority_a, world.round)
        world.extra["camden_system"] = system_add(
            register=register, data=system_data(note="Camden's own note"), actor=world.users[LEAD_A]
        )
    return {"authority_slug": world.authority_a.slug, "round_slug": world.round.slug}


DOWNLOAD = signed_in_only(200, lead_b=404)

ACCESS = {
    "surveys:register-upload": entry(
        signed_in_only(403, BOROUGH=200),
        args=_round,
        post=signed_in_only(403, BOROUGH=Redirect(_upload_url)),
        data=_upload_data,
    ),
    "surveys:register-download-csv": entry(
        DOWNLOAD, args=_camden_register, post=signed_in_only(405)
    ),
    "surveys:register-download-xlsx": entry(
        DOWNLOAD, args=_camden_register, post=signed_in_only(405)
    ),
}

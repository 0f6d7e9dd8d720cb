"""The registers export: one row per system of every authority's register, with the
round, the authority and the register's own columns (cost band and note included: the
CDO office's), for the CDO office and admins only; two queries whatever the size."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from estate.columns import COLUMNS
from estate.models import System
from reports.exports.dictionary import REGISTERS, names
from reports.exports.registers import registers_table
from reports.exports.tables import Scope
from tests import factories
from tests.estate.support import add_system, make_register
from tests.reports.exports_support import content_of

pytestmark = pytest.mark.django_db
URL = reverse("exports:registers")
CAMDEN, HACKNEY = "E09000007", "E09000012"


@pytest.fixture
def registers(db):
    old = factories.RoundFactory(slug="2025-26", opens_on=datetime.date(2025, 9, 1))
    new = factories.RoundFactory(slug="2026-27", opens_on=datetime.date(2026, 9, 1))
    camden = make_register(factories.authority(CAMDEN), new)
    add_system(
        camden,
        "idox-uniform",
        ("planning", "building-control"),
        contract_starts_on=datetime.date(2024, 4, 1),
        contract_ends_on=datetime.date(2027, 3, 31),
        cost_band=System.CostBand.TO_250K,
        route=System.Route.G_CLOUD,
        supplier_sme=False,
        note='=HYPERLINK("http://x")',
    )
    add_system(camden, "capita-one", (), hosting=System.Hosting.ON_PREMISES)
    add_system(make_register(factories.authority(HACKNEY), new), "civica-app", ("planning",))
    add_system(
        make_register(factories.authority(CAMDEN), old), "nec-housing", ("housing-management",)
    )
    return old, new


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content_of(response).decode("utf-8-sig"))))


def test_the_columns_are_the_registers_own_after_round_and_authority():
    assert names(REGISTERS) == ["round", "gss_code", "authority", *COLUMNS]


def test_one_row_per_system_with_contract_details(client, cdo, registers):
    client.force_login(cdo)
    response = client.get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert list(rows[0]) == names(REGISTERS)
    assert [(r["round"], r["authority"], r["product"]) for r in rows] == [
        ("2025-26", "Camden", "NEC Housing"),
        ("2026-27", "Camden", "Capita One"),
        ("2026-27", "Camden", "Uniform"),
        ("2026-27", "Hackney", "Civica APP"),
    ]
    uniform = next(r for r in rows if r["supplier"].startswith("Idox"))
    assert uniform["gss_code"] == CAMDEN
    assert uniform["lines_of_business"] == "building-control;planning"
    assert uniform["contract_starts_on"] == "2024-04-01"
    assert uniform["contract_ends_on"] == "2027-03-31"
    assert uniform["annual_cost_band"] == "50k_250k" and uniform["procurement_route"] == "g_cloud"
    assert uniform["supplier_sme"] == "no" and uniform["hosting"] == "saas"
    # A note that a spreadsheet would run as a formula is written as text.
    assert uniform["note"] == '\'=HYPERLINK("http://x")'
    no_lines = next(r for r in rows if r["hosting"] == "on_premises")
    assert no_lines["lines_of_business"] == "" and no_lines["supplier_sme"] == ""


def test_filters_by_round_and_peer_group(client, admin_user, registers):
    old, new = registers
    client.force_login(admin_user)
    assert {r["round"] for r in _rows(client.get(URL, {"round": old.slug}))} == {"2025-26"}
    group = factories.PeerGroupFactory(slug="north")
    group.authorities.add(factories.authority(HACKNEY))
    rows = _rows(client.get(URL, {"peer_group": "north", "round": new.slug}))
    assert [r["authority"] for r in rows] == ["Hackney"]
    response = client.get(URL, {"peer_group": "north", "round": new.slug})
    assert f"registers-{new.slug}-north.csv" in response["Content-Disposition"]


def test_borough_people_may_not_export(client, lead, registers):
    client.force_login(lead)
    assert client.get(URL).status_code == 403


def test_excel_has_the_same_rows(client, cdo, registers):
    client.force_login(cdo)
    response = client.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == names(REGISTERS)
    assert [row[4] for row in rows[1:]] == ["NEC Housing", "Capita One", "Uniform", "Civica APP"]


def test_queries_do_not_grow_with_the_systems(registers):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = list(registers_table(Scope()).rows)
        return len(queries), len(rows)

    small, rows = count()
    _, new = registers
    for gss in ("E09000001", "E09000002", "E09000003"):
        register = make_register(factories.authority(gss), new)
        for product in ("idox-uniform", "capita-one", "civica-app", "nec-housing"):
            add_system(register, product, ("planning", "housing-management"))
    assert count() == (small, rows + 12)
    assert small == 2

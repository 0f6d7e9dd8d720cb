"""Replacing a register with an upload: what is added, changed, removed and left
unchanged, the history and audit it leaves, the register-changed check, who may, the
round trip through the download, the shipped example, and the query count."""

import datetime
import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from estate import download
from estate.columns import COLUMNS
from estate.models import Register, Supplier, System, SystemChange
from estate.selectors import systems_of
from estate.upload import parse_register
from estate.upload_services import RegisterChanged, register_replace, register_replace_preview
from tests import factories
from tests.estate.support import add_system, make_register

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "examples" / "register-200.csv"
HEADER = ",".join(COLUMNS)


@pytest.fixture
def lead():
    return factories.make_member("lead")


def rows_of(*lines: str):
    parsed = parse_register(("\n".join([HEADER, *lines]) + "\n").encode(), "r.csv")
    assert parsed.ok, [str(p) for p in parsed.problems]
    return parsed.rows


def replace(register, rows, actor, expected="now"):
    return register_replace(
        authority=register.authority,
        round=register.round,
        rows=rows,
        expected_changed_at=register.changed_at if expected == "now" else expected,
        actor=actor,
    )


def test_the_upload_adds_changes_removes_and_leaves_unchanged(lead):
    register = make_register()
    kept = add_system(register, "idox-uniform", ("planning",), route="g_cloud")
    changed = add_system(register, "itrent", ("hr-payroll",))
    removed = add_system(register, "mosaic", ("adult-social-care",))
    result = replace(
        register,
        rows_of(
            "Idox,Uniform,planning,saas,,,,g_cloud,,",
            "MHR,iTrent,hr-payroll,on_premises,,2030-01-01,,,,Moving next year",
            "New Firm Ltd,Bin Planner,waste,saas,,,,,yes,",
        ),
        lead,
    )
    assert (result.added, result.changed, result.removed, result.unchanged) == (1, 1, 1, 1)
    assert not System.objects.filter(pk=removed.pk).exists()
    kept.refresh_from_db()
    changed.refresh_from_db()
    assert kept.version == 1
    assert (changed.version, changed.hosting, changed.note) == (
        2,
        "on_premises",
        "Moving next year",
    )
    assert changed.contract_ends_on == datetime.date(2030, 1, 1)
    new = System.objects.get(register=register, product__name="Bin Planner")
    assert new.product.supplier.name == "New Firm Ltd" and new.supplier_sme is True
    assert [line.code for line in new.lines_of_business.all()] == ["waste"]
    changes = {c.system_id: c for c in SystemChange.objects.filter(register=register)}
    assert {c.action for c in changes.values()} == {"upload"}
    assert set(changes) == {changed.pk, removed.pk, new.pk}
    assert changes[removed.pk].after == {} and changes[removed.pk].before["product"] == "Mosaic"
    assert changes[new.pk].before == {} and changes[new.pk].after["product"] == "Bin Planner"
    assert changes[changed.pk].before["hosting"] == "saas"
    assert changes[changed.pk].after["hosting"] == "on_premises"
    event = AuditEvent.objects.get(action="register.upload")
    assert event.detail == {"added": 1, "changed": 1, "removed": 1, "unchanged": 1}
    register.refresh_from_db()
    assert register.changed_by == lead


def test_an_upload_that_changes_nothing_leaves_the_register_as_it_was(lead):
    register = make_register()
    add_system(register, "idox-uniform", ("planning",))
    before = register.changed_at
    result = replace(register, rows_of("Idox,Uniform,planning,saas,,,,,,"), lead)
    assert (result.added, result.changed, result.removed, result.unchanged) == (0, 0, 0, 1)
    assert not SystemChange.objects.exists()
    register.refresh_from_db()
    assert register.changed_at == before


def test_a_register_changed_since_the_form_was_read_is_not_overwritten(lead):
    register = make_register()
    add_system(register, "idox-uniform", ("planning",))
    read_at = register.changed_at - datetime.timedelta(seconds=5)
    with pytest.raises(RegisterChanged):
        replace(register, rows_of("MHR,iTrent,hr-payroll,saas,,,,,,"), lead, expected=read_at)
    with pytest.raises(RegisterChanged):  # the form saw no register, but there is one now
        replace(register, rows_of("MHR,iTrent,hr-payroll,saas,,,,,,"), lead, expected=None)
    assert list(System.objects.values_list("product__slug", flat=True)) == ["idox-uniform"]
    assert not SystemChange.objects.exists() and not Supplier.objects.filter(name="x").exists()


@pytest.mark.parametrize("who", ["cdo", "other-lead"])
def test_only_the_authoritys_own_people_may_upload(who):
    register = make_register()
    actor = factories.make_cdo() if who == "cdo" else factories.make_member("lead", "E09000012")
    with pytest.raises(PermissionDenied):
        replace(register, rows_of("MHR,iTrent,hr-payroll,saas,,,,,,"), actor)
    assert not System.objects.exists()


def test_an_upload_starts_the_register_carrying_last_rounds_over_first(lead):
    earlier = make_register(round_=factories.RoundFactory(opens_on=datetime.date(2020, 1, 1)))
    add_system(earlier, "idox-uniform", ("planning",))
    round_ = factories.RoundFactory()
    result = register_replace(
        authority=earlier.authority,
        round=round_,
        rows=rows_of("Idox,Uniform,planning,saas,,,,,,", "MHR,iTrent,hr-payroll,saas,,,,,,"),
        expected_changed_at=None,
        actor=lead,
    )
    assert (result.added, result.unchanged, result.removed) == (1, 1, 0)
    register = Register.objects.get(round=round_)
    assert register.started_from == earlier
    actions = sorted(register.changes.values_list("action", flat=True))
    assert actions == ["carry", "upload"]


def test_a_downloaded_register_uploads_back_unchanged_as_csv_and_excel(lead):
    register = make_register()
    add_system(register, "idox-uniform", ("planning", "building-control"), cost_band="10k_50k")
    add_system(
        register,
        "itrent",
        ("hr-payroll",),
        contract_starts_on=datetime.date(2024, 4, 1),
        contract_ends_on=datetime.date(2027, 3, 31),
        supplier_sme=False,
        note="=HYPERLINK(\"x\") and 'quotes', «accents», a\nsecond line",
    )
    add_system(register, "mosaic", ("adult-social-care",), route="direct_award", note="'quoted")
    rows = download.register_rows(systems_of(register))
    csv_bytes = download.register_csv(rows)
    assert b"'=HYPERLINK" in csv_bytes  # guarded against formulas in the file
    for data, name in ((csv_bytes, "a.csv"), (download.register_xlsx(rows), "a.xlsx")):
        parsed = parse_register(data, name)
        assert parsed.ok, [str(p) for p in parsed.problems]
        register.refresh_from_db()
        result = replace(register, parsed.rows, lead)
        assert (result.added, result.changed, result.removed, result.unchanged) == (0, 0, 0, 3)
    assert download.register_rows(systems_of(register)) == rows


def _example_module():
    spec = importlib.util.spec_from_file_location(
        "make_register_example", ROOT / "scripts" / "make_register_example.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_example_is_what_the_script_makes():
    module = _example_module()
    assert module.COLUMNS == COLUMNS
    assert EXAMPLE.read_text(encoding="utf-8") == module.example_csv()


def test_the_shipped_example_uploads_cleanly(lead):
    parsed = parse_register(EXAMPLE.read_bytes(), EXAMPLE.name)
    assert parsed.ok, [str(p) for p in parsed.problems][:5]
    assert len(parsed.rows) == 200
    register = make_register()
    result = replace(register, parsed.rows, lead)
    assert result.added == 200
    assert register.systems.count() == 200
    new_suppliers = Supplier.objects.filter(
        aliases__key__in=["thameside data", "riverbank software"]
    )
    assert new_suppliers.count() == 2


def _queries_to_replace(rows, lead) -> int:
    register = make_register(round_=factories.RoundFactory())
    with CaptureQueriesContext(connection) as queries:
        replace(register, rows, lead)
    return len(queries)


def test_the_uploads_queries_do_not_grow_with_its_rows(lead):
    parsed = parse_register(EXAMPLE.read_bytes(), EXAMPLE.name)
    known = [row for row in parsed.rows if row.product is not None]
    assert len(known) > 150
    small = _queries_to_replace(known[:10], lead)
    large = _queries_to_replace(known, lead)
    # Measured: 11 and 12 on SQLite. Bulk writes are split in batches (SQLite allows 999
    # parameters a query): at most a few more queries for 15 times the rows, never one a row.
    assert large - small <= 4, (small, large)
    assert large <= 20, large


def test_the_preview_says_what_the_upload_would_do_and_writes_nothing(lead):
    register = make_register()
    add_system(register, "idox-uniform", ("planning",))
    add_system(register, "itrent", ("hr-payroll",))
    rows = rows_of(
        "Idox,Uniform,planning,saas,,,,,,",
        "MHR,iTrent,hr-payroll,on_premises,,,,,,",
        "New Firm,Bin Planner,waste,saas,,,,,,",
    )
    preview = register_replace_preview(register=register, rows=rows)
    assert (preview.added, preview.changed, preview.unchanged, preview.removed) == (1, 1, 1, [])
    emptied = register_replace_preview(register=register, rows=rows[2:])
    assert emptied.removed == ["Idox: Uniform", "MHR: iTrent"]
    assert register_replace_preview(register=None, rows=rows).added == 3
    assert not Supplier.objects.filter(name="New Firm").exists()
    result = replace(register, rows, lead)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 1)

"""The register's services: who may change it, the history each change leaves, the
version check, carrying the register over to the next round, and names meeting one
shared supplier or product."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from audit.models import AuditEvent
from estate.models import Product, Register, Supplier, System, SystemChange
from estate.services import (
    SystemConflict,
    product_for_name,
    register_start,
    supplier_for_name,
    system_add,
    system_remove,
    system_update,
)
from tests import factories
from tests.estate.support import add_system, days_from_today, make_register, system_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead():
    return factories.make_member("lead")


@pytest.fixture
def register():
    return make_register()


def test_a_lead_adds_a_system_and_its_history_and_audit_are_written(lead, register):
    system = system_add(
        register=register,
        data=system_data(lines=("planning", "building-control"), route="g_cloud"),
        actor=lead,
    )
    assert sorted(line.code for line in system.lines_of_business.all()) == [
        "building-control",
        "planning",
    ]
    change = SystemChange.objects.get(system_id=system.pk)
    assert change.action == "add" and change.before == {}
    assert change.after["product"] == "Uniform"
    assert change.after["lines_of_business"] == "building-control;planning"
    assert AuditEvent.objects.filter(action="register.system_add").count() == 1


@pytest.mark.parametrize("who", ["cdo", "other-lead", "contributor-elsewhere"])
def test_only_the_authoritys_own_people_may_change_its_register(register, who):
    actor = {
        "cdo": lambda: factories.make_cdo(),
        "other-lead": lambda: factories.make_member("lead", "E09000012"),
        "contributor-elsewhere": lambda: factories.make_member("contributor", "E09000019"),
    }[who]()
    with pytest.raises(PermissionDenied):
        system_add(register=register, data=system_data(), actor=actor)
    assert not System.objects.exists()


def test_nobody_changes_a_register_once_its_round_is_closed(lead, register):
    register.round.status = "closed"
    register.round.save()
    with pytest.raises(PermissionDenied):
        system_add(register=register, data=system_data(), actor=lead)


def test_a_change_read_at_an_old_version_is_refused_and_writes_nothing(lead, register):
    system = system_add(register=register, data=system_data(), actor=lead)
    system_update(
        register=register,
        system_id=system.pk,
        data=system_data(contract_ends_on=days_from_today(100)),
        expected_version=1,
        actor=lead,
    )
    with pytest.raises(SystemConflict) as conflict:
        system_update(
            register=register,
            system_id=system.pk,
            data=system_data(hosting="on_premises"),
            expected_version=1,
            actor=lead,
        )
    assert conflict.value.current.version == 2
    system.refresh_from_db()
    assert system.hosting == "saas" and system.contract_ends_on == days_from_today(100)
    assert SystemChange.objects.filter(system_id=system.pk).count() == 2


def test_an_update_that_changes_nothing_leaves_no_history(lead, register):
    system = system_add(register=register, data=system_data(), actor=lead)
    system_update(
        register=register, system_id=system.pk, data=system_data(), expected_version=1, actor=lead
    )
    system.refresh_from_db()
    assert system.version == 1
    assert SystemChange.objects.filter(system_id=system.pk).count() == 1


def test_removing_keeps_the_history_and_a_second_remove_is_a_conflict(lead, register):
    system = system_add(register=register, data=system_data(), actor=lead)
    system_remove(register=register, system_id=system.pk, expected_version=1, actor=lead)
    assert not System.objects.exists()
    actions = list(
        SystemChange.objects.filter(system_id=system.pk).values_list("action", flat=True)
    )
    assert actions == ["remove", "add"]
    with pytest.raises(SystemConflict):
        system_remove(register=register, system_id=system.pk, expected_version=1, actor=lead)


def test_a_system_of_another_register_cannot_be_changed_through_this_one(lead, register):
    other = add_system(make_register(factories.authority("E09000012"), register.round))
    with pytest.raises(SystemConflict):
        system_remove(register=register, system_id=other.pk, expected_version=1, actor=lead)
    assert System.objects.filter(pk=other.pk).exists()


def test_the_next_round_starts_from_the_last_rounds_register(lead):
    last = make_register(round_=factories.RoundFactory(status="closed"))
    kept = add_system(last, "itrent", ("hr-payroll",), route="open_tender", note="Renewed")
    add_system(last, "mosaic", ("adult-social-care", "childrens-services"))
    later = last.round.opens_on + datetime.timedelta(days=365)
    next_round = factories.RoundFactory(
        opens_on=later, closes_on=later + datetime.timedelta(days=60)
    )
    register = register_start(authority=last.authority, round=next_round, actor=lead)
    assert register.started_from == last
    copies = {s.product.slug: s for s in register.systems.all()}
    assert set(copies) == {"itrent", "mosaic"}
    assert copies["itrent"].route == "open_tender" and copies["itrent"].note == "Renewed"
    assert copies["mosaic"].lines_of_business.count() == 2
    assert SystemChange.objects.filter(register=register, action="carry").count() == 2
    # The last round's register is untouched, and starting again copies nothing more.
    assert last.systems.count() == 2 and System.objects.filter(pk=kept.pk).exists()
    assert register_start(authority=last.authority, round=next_round, actor=lead) == register
    assert register.systems.count() == 2
    assert Register.objects.count() == 2


@pytest.mark.parametrize(
    "name", ["Capita", "CAPITA plc", "Capita Business Services Ltd", "capita ltd."]
)
def test_names_of_a_shipped_supplier_meet_the_one_record(name):
    assert supplier_for_name(name=name).slug == "capita"


def test_a_new_supplier_and_product_are_made_once_and_then_met_by_name():
    count = Supplier.objects.count()
    made = supplier_for_name(name="Tiny  Civic Tech Ltd")
    assert made.name == "Tiny Civic Tech Ltd"
    assert supplier_for_name(name="tiny civic tech") == made
    assert Supplier.objects.count() == count + 1
    product = product_for_name(supplier=made, name="Casebook")
    assert product_for_name(supplier=made, name="CASEBOOK") == product
    # The same product name from another supplier is another product.
    other = product_for_name(supplier=supplier_for_name(name="Capita"), name="Casebook")
    assert other != product
    assert Product.objects.filter(name="Casebook").count() == 2


def test_a_shipped_products_alias_meets_it():
    idox = supplier_for_name(name="Idox Software Ltd")
    assert product_for_name(supplier=idox, name="Idox Uniform").slug == "idox-uniform"

"""The register's add-another form in a real browser (issue 16): a lead opens the register
from the start page, adds a known product (chosen from the list), adds another by typing a
new supplier and product, changes the first, and every page on the way passes axe."""

import pytest
from playwright.sync_api import expect

from estate.models import System
from tests import factories

pytestmark = pytest.mark.browser

NEW_SUPPLIER = "O'Brien Parking Systems Ltd"
NEW_PRODUCT = "Parkwise"


@pytest.fixture
def camden_lead(transactional_db):
    factories.AssessmentFactory(authority=factories.authority())
    return factories.make_member("lead", username="lead-register")


def _contract_end(page, day, month, year):
    group = page.get_by_role("group", name="Contract end date (optional)")
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_a_lead_adds_two_systems_and_changes_one(
    page, live_server, sign_in, assert_accessible, console_errors, camden_lead
):
    console_errors.allow("/register/add/: Failed to load resource")  # the 400, on purpose
    sign_in(page, live_server, "lead-register")
    page.goto(f"{live_server.url}/assessments/")
    page.get_by_role("link", name="Your technology estate register").click()
    expect(page.get_by_role("heading", name="Your technology estate register")).to_be_visible()
    assert_accessible(page)

    # A known product, from the list.
    page.get_by_role("button", name="Add a system").click()
    assert_accessible(page)
    page.get_by_label("Product", exact=True).select_option(label="Uniform")
    page.get_by_label("Planning", exact=True).check()
    page.get_by_label("Building control", exact=True).check()
    page.get_by_label("Software as a service").check()
    _contract_end(page, "31", "3", "2028")
    page.get_by_label("How was it bought? (optional)").select_option(label="G-Cloud")
    page.get_by_role("button", name="Save system").click()
    expect(page.get_by_text("Uniform has been added to your register.")).to_be_visible()
    assert_accessible(page)

    # Another, typed in: first without a line of business, which the form reports.
    page.get_by_role("button", name="Add another system").click()
    page.get_by_label("Supplier", exact=True).fill(NEW_SUPPLIER)
    page.get_by_label("Product name").fill(NEW_PRODUCT)
    page.get_by_label("On premises").check()
    page.get_by_role("button", name="Save system").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose at least one line of business")
    assert_accessible(page)
    page.get_by_label("Parking and enforcement").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save system").click()
    expect(page.get_by_text(f"{NEW_PRODUCT} has been added to your register.")).to_be_visible()
    table = page.locator("table.govuk-table")
    expect(table).to_contain_text(NEW_SUPPLIER)
    expect(table).to_contain_text("Uniform")
    expect(
        page.get_by_role("region", name="Systems (scroll sideways on a small screen)")
    ).to_be_visible()

    # Change the first.
    page.get_by_role("link", name="Change Uniform").click()
    expect(page.get_by_label("Planning", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Hosted by the supplier").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes to Uniform have been saved.")).to_be_visible()
    expect(table).to_contain_text("Hosted by the supplier")
    assert_accessible(page)

    systems = {s.product.name: s for s in System.objects.select_related("product__supplier")}
    assert set(systems) == {"Uniform", NEW_PRODUCT}
    assert systems["Uniform"].hosting == "supplier_hosted" and systems["Uniform"].version == 2
    assert systems[NEW_PRODUCT].product.supplier.name == NEW_SUPPLIER
    assert systems[NEW_PRODUCT].supplier_sme is True

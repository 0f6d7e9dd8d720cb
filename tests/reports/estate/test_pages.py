"""The London-wide estate views (/reports/estate/...): what each role sees, filters,
CSV, joint-procurement groups, and that cost bands and notes never appear."""

import html

import pytest
from django.urls import reverse

from accounts.access import MIN_AUTHORITIES
from tests import factories
from tests.estate.support import add_system, days_from_today, make_register
from tests.reports.estate.support import CAMDEN, CODES, HACKNEY, estate_round, uniform_everywhere

pytestmark = pytest.mark.django_db
USAGE = reverse("reports:estate")
CONTRACTS = reverse("reports:estate-contracts")
SUPPLIERS = reverse("reports:estate-suppliers")
COLLABORATION = reverse("reports:estate-collaboration")


def _get(client, user, url, query=""):
    client.force_login(user)
    response = client.get(url + query)
    assert response.status_code == 200
    return response


def _html(client, user, url, query=""):
    return _get(client, user, url, query).content.decode()


def who_uses_csv(client, user, query=""):
    joiner = "&" if query else "?"
    return _html(client, user, USAGE, f"{query}{joiner}format=csv&chart=who-uses")


def name(code):
    return html.escape(factories.authority(code).name)


@pytest.mark.parametrize("url", [USAGE, CONTRACTS, COLLABORATION, SUPPLIERS])
def test_no_registers_yet(client, cdo, url):
    assert "No authority has a register" in _html(client, cdo, url)


def test_the_cdo_office_sees_who_uses_what_by_name(client, cdo):
    uniform_everywhere(estate_round())
    page = _html(client, cdo, USAGE)
    assert "Products used by most authorities" in page
    assert name(CAMDEN) in page and name(HACKNEY) in page
    assert "Secret renewal note" not in page and "£1 million" not in page


def test_a_lead_in_a_round_without_named_results_sees_counts_and_only_their_own_name(client, lead):
    uniform_everywhere(estate_round(share=False))
    for url in (USAGE, CONTRACTS, COLLABORATION, SUPPLIERS):
        page = _html(client, lead, url)
        assert name(HACKNEY) not in page, url
        assert "Secret renewal note" not in page
    usage = _html(client, lead, USAGE)
    assert f"{name(CAMDEN)} and {len(CODES) - 1} others" in usage


def test_a_lead_in_a_round_sharing_names_sees_other_authorities(client, lead):
    uniform_everywhere(estate_round(share=True))
    assert name(HACKNEY) in _html(client, lead, USAGE)
    assert name(HACKNEY) in _html(client, lead, COLLABORATION)


def test_counts_over_too_few_authorities_are_not_shown_without_names(client, lead, cdo):
    round_ = estate_round(share=False)
    uniform_everywhere(round_)
    few = CODES[: MIN_AUTHORITIES - 1]
    for code in few:
        register = round_.registers.get(authority__gss_code=code)
        add_system(register, "civica-spydus", ("libraries",))
    assert "Spydus" not in who_uses_csv(client, lead)
    assert "Spydus" not in _html(client, lead, SUPPLIERS, "?format=csv&chart=suppliers")
    assert "Uniform" in who_uses_csv(client, lead)
    assert "not shown" in _html(client, lead, USAGE)
    assert "Spydus" in who_uses_csv(client, cdo)


def test_filters_by_product_supplier_line_and_peer_group(client, cdo):
    round_ = estate_round()
    uniform_everywhere(round_)
    camden = round_.registers.get(authority__gss_code=CAMDEN)
    add_system(camden, "civica-spydus", ("libraries",))
    assert "Spydus" in who_uses_csv(client, cdo)
    assert "Spydus" not in who_uses_csv(client, cdo, "?product=idox-uniform")
    assert "Uniform" not in who_uses_csv(client, cdo, "?product=civica-spydus")
    assert "Spydus" not in who_uses_csv(client, cdo, "?line=planning")
    assert "Spydus" in who_uses_csv(client, cdo, "?line=libraries")
    assert "Uniform" not in who_uses_csv(client, cdo, "?line=libraries")
    assert "Uniform" not in who_uses_csv(client, cdo, "?supplier=civica")
    assert "Spydus" not in who_uses_csv(client, cdo, "?supplier=idox")
    group = factories.PeerGroupFactory()
    group.authorities.add(factories.authority(HACKNEY))
    page = _html(client, cdo, USAGE, f"?peer_group={group.slug}")
    assert name(HACKNEY) in page and name(CAMDEN) not in page
    # A tampered filter falls back to the default, with an error.
    assert "Choose an option from the list" in _html(client, cdo, USAGE, "?supplier=nonsense")


def test_the_latest_round_with_registers_is_the_default_and_others_can_be_chosen(client, cdo):
    old = estate_round(name="Old round", slug="old", opens_on=days_from_today(-400))
    make_register(factories.authority(CAMDEN), old)
    add_system(old.registers.get(), "civica-spydus", ("libraries",))
    uniform_everywhere(estate_round(name="New round", slug="new"))
    csv = who_uses_csv(client, cdo)
    assert "Uniform" in csv and "Spydus" not in csv
    assert "Spydus" in who_uses_csv(client, cdo, "?round=old")


def test_the_collaboration_view_lists_joint_procurement_groups(client, cdo):
    round_ = estate_round()
    uniform_everywhere(round_, CODES[:3], ends_in=(30, 200, 500))
    page = _html(client, cdo, COLLABORATION)
    assert "Joint-procurement opportunities" in page
    csv = _html(client, cdo, COLLABORATION, "?format=csv&chart=joint-procurement")
    assert csv.splitlines()[0].startswith("Product,Supplier,Lines of business,Authorities")
    assert "Uniform,Idox,Planning,2," in csv
    # 12 months: Camden and Hackney (30 and 200 days); 24 months: the third (500 days) too,
    # chained through Hackney's (Camden's ends more than a year before).
    assert f"{name(CAMDEN)}: " in page and f"{name(HACKNEY)}: " in page
    assert f"{name(CODES[2])}: " not in page
    assert f"{name(CODES[2])}: " in _html(client, cdo, COLLABORATION, "?months=24")
    assert "No authorities have contracts" in _html(client, cdo, COLLABORATION, "?months=6")
    # The count above the groups is of the contracts ending in the window, and says so.
    assert "2 systems whose contracts end in the next 12 months, in the registers of 2" in page


def test_the_csv_of_contracts_ending(client, cdo):
    uniform_everywhere(estate_round())
    response = _get(client, cdo, CONTRACTS, "?format=csv&chart=contracts-ending")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Line of business,Product,Supplier,Authorities")
    assert "Uniform" in text and "Secret" not in text


def test_supplier_concentration_and_mix(client, cdo):
    round_ = estate_round()
    uniform_everywhere(round_)
    group = factories.PeerGroupFactory(name="Test partnership")
    group.authorities.add(*[factories.authority(code) for code in CODES])
    page = _html(client, cdo, SUPPLIERS)
    assert "Authorities depending on each supplier" in page
    assert "Test partnership" in page
    text = _get(client, cdo, SUPPLIERS, "?format=csv&chart=suppliers").content.decode()
    assert text.splitlines()[1] == f"Idox,{len(CODES)},{len(CODES)},1,100"
    text = _get(client, cdo, SUPPLIERS, "?format=csv&chart=sme-group").content.decode()
    assert f"Test partnership,{len(CODES)},{len(CODES)},0,100,0,0,0" in text


def test_too_small_groups_are_not_shown_without_names(client, lead, cdo):
    """Two authorities with close contracts: a group for the CDO office; for a lead in a
    round without named results, fewer than MIN_AUTHORITIES, so left out."""
    uniform_everywhere(estate_round(share=False), CODES[:2], ends_in=(30, 60))
    assert "Uniform,Idox" in _html(
        client, cdo, COLLABORATION, "?format=csv&chart=joint-procurement"
    )
    page = _html(client, lead, COLLABORATION)
    assert "1 group of fewer than" in page
    assert "Uniform" not in page.split("<main")[1]
    # Nothing drawn, so nothing to download.
    response = client.get(COLLABORATION + "?format=csv&chart=joint-procurement")
    assert response.status_code == 404


def test_short_dates():
    import datetime

    from reports.estate.summaries import short_date

    assert short_date(datetime.date(2027, 3, 3)) == "3 Mar 2027"
    assert short_date(datetime.date(2028, 12, 31)) == "31 Dec 2028"


def test_the_reports_index_links_to_the_estate_views(client, lead):
    factories.RoundFactory()  # the index lists the dashboards once a round has begun
    page = _html(client, lead, reverse("reports:index"))
    assert f'href="{USAGE}"' in page


def test_the_views_link_to_each_other(client, cdo):
    uniform_everywhere(estate_round())
    page = _html(client, cdo, USAGE)
    for url in (CONTRACTS, COLLABORATION, SUPPLIERS):
        assert f'href="{url}?round=' in page

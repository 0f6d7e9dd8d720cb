"""The register pages: the register, adding, changing, removing a system, its history;
who may see and change them, and what a closed round allows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import AuditEvent
from estate.models import Product, Register, Supplier, System, SystemChange
from estate.services import system_add, system_update
from tests import factories
from tests.estate.support import add_system, make_register, system_data
from tests.surveys.register.support import camden_register, camden_round, form_data

pytestmark = pytest.mark.django_db
HACKNEY = "E09000012"
REGISTER = "/assessments/register/"


def system_url(name, system):
    return reverse(f"surveys:{name}", args=[system.pk])


def test_register_urls_sit_under_assessments_register():
    assert reverse("surveys:register") == REGISTER
    assert reverse("surveys:register-add") == f"{REGISTER}add/"
    assert reverse("surveys:register-system", args=[7]) == f"{REGISTER}systems/7/"
    assert reverse("surveys:register-system-remove", args=[7]) == f"{REGISTER}systems/7/remove/"
    assert reverse("surveys:register-system-history", args=[7]) == f"{REGISTER}systems/7/history/"


def test_opening_the_register_starts_it_carrying_over_last_rounds(client, lead):
    today = timezone.localdate()
    last = camden_register(
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status="closed",
        name="Last year's round",
    )
    add_system(last, note="Renewal due", cost_band="10k_50k", supplier_sme=True)
    round_ = camden_round(name="This year's round")
    client.force_login(lead)
    response = client.get(REGISTER)
    assert response.status_code == 200
    register = Register.objects.get(round=round_)
    assert register.started_from == last
    html = response.content.decode()
    assert "This year&#x27;s round" in html
    assert "a copy of your register in Last year&#x27;s round" in html
    assert "Uniform" in html and "Carried over" in html
    assert "Renewal due" in html and "£10,000 to £50,000 a year" in html
    assert "100% (1 of the 1 systems where it is known)" in html
    assert "Add another system" in html
    assert 'class="ldm-table-scroll"' in html
    download = reverse("surveys:register-download-csv", args=["camden", round_.slug])
    upload = reverse("surveys:register-upload", args=[round_.slug])
    assert download in html and upload in html


def test_the_register_without_an_assessment_says_to_start_one(client, lead):
    client.force_login(lead)
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert "assessment first" in response.content.decode()
    assert not Register.objects.exists()


def test_a_closed_round_is_read_only_and_writes_nothing(client, lead):
    round_ = camden_round(status="closed")
    client.force_login(lead)
    response = client.get(REGISTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No round is open" in html and "Add a system" not in html
    assert not Register.objects.exists()
    register = make_register(factories.authority(), round_)
    system = add_system(register)
    assert client.get(reverse("surveys:register-add")).status_code == 403
    assert client.post(reverse("surveys:register-add"), form_data()).status_code == 403
    data = {**form_data(), "version": "1"}
    assert client.post(system_url("register-system", system), data).status_code == 403
    remove = {"version": "1"}
    assert client.post(system_url("register-system-remove", system), remove).status_code == 403
    assert System.objects.count() == 1
    page = client.get(REGISTER).content.decode()
    assert "Uniform" in page and f'href="{system_url("register-system", system)}"' not in page
    assert reverse("surveys:register-upload", args=[round_.slug]) not in page
    assert system_url("register-system-history", system) in page


def test_the_cdo_office_and_admins_get_403(client, cdo, admin_user):
    register = camden_register()
    system = add_system(register)
    for user in (cdo, admin_user):
        client.force_login(user)
        assert client.get(REGISTER).status_code == 403
        assert client.get(system_url("register-system-history", system)).status_code == 403
    assert not AuditEvent.objects.filter(action="register.start").exists()


def test_adding_a_known_product(client, contributor):
    register = camden_register()
    client.force_login(contributor)
    assert client.get(reverse("surveys:register-add")).status_code == 200
    data = form_data(
        lines=("planning", "building-control"),
        route="g_cloud",
        cost_band="50k_250k",
        supplier_sme="no",
        contract_ends_on_0="31",
        contract_ends_on_1="3",
        contract_ends_on_2="2028",
    )
    response = client.post(reverse("surveys:register-add"), data)
    assert response.status_code == 302 and response.url == REGISTER
    system = System.objects.get(register=register)
    assert system.product.slug == "idox-uniform"
    assert sorted(system.lines_of_business.values_list("code", flat=True)) == [
        "building-control",
        "planning",
    ]
    assert (system.route, system.cost_band, system.supplier_sme) == ("g_cloud", "50k_250k", False)
    assert system.contract_ends_on == datetime.date(2028, 3, 31)
    page = client.get(REGISTER).content.decode()
    assert "Uniform has been added to your register." in page
    assert "Add another system" in page


def test_adding_a_new_supplier_and_product_typed_in(client, lead):
    register = camden_register()
    client.force_login(lead)
    data = form_data(product=None, new_supplier="O'Brien Digital Ltd", new_product="Parkwise")
    assert client.post(reverse("surveys:register-add"), data).status_code == 302
    system = System.objects.get(register=register)
    assert (system.product.name, system.product.supplier.name) == (
        "Parkwise",
        "O'Brien Digital Ltd",
    )
    assert escape("O'Brien Digital Ltd") in client.get(REGISTER).content.decode()


def test_a_typed_name_meets_the_known_supplier_and_product(client, lead):
    register = camden_register()
    suppliers, products = Supplier.objects.count(), Product.objects.count()
    client.force_login(lead)
    data = form_data(product=None, new_supplier="IDOX plc", new_product="Idox Uniform")
    assert client.post(reverse("surveys:register-add"), data).status_code == 302
    assert System.objects.get(register=register).product.slug == "idox-uniform"
    assert (Supplier.objects.count(), Product.objects.count()) == (suppliers, products)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"product": ""}, "Choose a product, or type its supplier and name"),
        ({"new_supplier": "Someone"}, "Choose a product from the list or type a new one"),
        ({"product": "", "new_supplier": "Someone"}, "Enter the product&#x27;s name"),
        ({"lines_place": []}, "Choose at least one line of business"),
        ({"hosting": ""}, "Choose how the system is hosted"),
        (
            {"contract_ends_on_0": "31", "contract_ends_on_1": "2", "contract_ends_on_2": "2028"},
            "The contract end date must be a real date",
        ),
        (
            {
                "contract_starts_on_0": "1",
                "contract_starts_on_1": "4",
                "contract_starts_on_2": "2028",
                "contract_ends_on_0": "1",
                "contract_ends_on_1": "4",
                "contract_ends_on_2": "2027",
            },
            "The contract end date must be after its start",
        ),
        ({"product": "999999"}, "Select a valid choice"),
    ],
)
def test_invalid_systems_show_the_error_summary_with_400(client, lead, fields, message):
    camden_register()
    client.force_login(lead)
    response = client.post(reverse("surveys:register-add"), {**form_data(), **fields})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert html.count("<title>Error: ") == 1
    assert not System.objects.exists()


def test_changing_a_system(client, lead):
    register = camden_register()
    system = system_add(register=register, data=system_data(), actor=lead)
    client.force_login(lead)
    page = client.get(system_url("register-system", system))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="version" value="1"' in html and "checked" in html
    data = form_data(lines=("planning", "land-charges"), hosting="on_premises", version="1")
    response = client.post(system_url("register-system", system), data)
    assert response.status_code == 302 and response.url == REGISTER
    system.refresh_from_db()
    assert (system.hosting, system.version) == ("on_premises", 2)
    assert "Your changes to Uniform have been saved." in client.get(REGISTER).content.decode()


def test_a_colleagues_newer_change_shows_the_conflict_page(client, lead, contributor):
    register = camden_register()
    system = system_add(register=register, data=system_data(), actor=lead)
    system_update(
        register=register,
        system_id=system.pk,
        data=system_data(hosting="in_house"),
        expected_version=1,
        actor=contributor,
    )
    client.force_login(lead)
    data = form_data(hosting="on_premises", version="1")
    response = client.post(system_url("register-system", system), data)
    assert response.status_code == 409
    assert "Someone else changed this system" in response.content.decode()
    system.refresh_from_db()
    assert system.hosting == "in_house"
    remove = client.post(system_url("register-system-remove", system), {"version": "1"})
    assert remove.status_code == 409
    assert System.objects.filter(pk=system.pk).exists()


def test_changing_a_system_a_colleague_removed_shows_the_conflict_page(client, lead):
    register = camden_register()
    system = system_add(register=register, data=system_data(), actor=lead)
    client.force_login(lead)
    assert (
        client.post(system_url("register-system-remove", system), {"version": "1"}).status_code
        == 302
    )
    response = client.post(system_url("register-system", system), form_data(version="1"))
    assert response.status_code == 409
    assert "removed from your register" in response.content.decode()
    invalid = client.post(system_url("register-system", system), form_data(hosting="", version="1"))
    assert invalid.status_code == 409


def test_a_missing_version_is_a_bad_request(client, lead):
    register = camden_register()
    system = system_add(register=register, data=system_data(), actor=lead)
    client.force_login(lead)
    assert client.post(system_url("register-system", system), form_data()).status_code == 400
    assert client.post(system_url("register-system-remove", system), {}).status_code == 400


def test_removing_a_system_asks_first_and_keeps_its_history(client, lead):
    register = camden_register()
    system = system_add(register=register, data=system_data(), actor=lead)
    client.force_login(lead)
    confirm = client.get(system_url("register-system-remove", system))
    assert confirm.status_code == 200
    assert "Are you sure you want to remove Uniform?" in confirm.content.decode()
    response = client.post(system_url("register-system-remove", system), {"version": "1"})
    assert response.status_code == 302 and response.url == REGISTER
    assert not System.objects.exists()
    assert "Uniform has been removed" in client.get(REGISTER).content.decode()
    history = client.get(system_url("register-system-history", system))
    assert history.status_code == 200
    assert "no longer in your register" in history.content.decode()
    assert SystemChange.objects.filter(action="remove").count() == 1


def test_history_shows_who_changed_what_before_and_after(client, lead):
    lead.first_name, lead.last_name = "Siobhán", "O'Brien"
    lead.save()
    register = camden_register()
    ends = datetime.date(2028, 3, 31)
    system = system_add(
        register=register, data=system_data(note="First note", contract_ends_on=ends), actor=lead
    )
    system_update(
        register=register,
        system_id=system.pk,
        data=system_data(hosting="on_premises", note="Second note"),
        expected_version=1,
        actor=lead,
    )
    client.force_login(lead)
    response = client.get(system_url("register-system-history", system))
    assert response.status_code == 200
    html = response.content.decode()
    assert "History of Uniform (Idox)" in html
    assert escape("Siobhán O'Brien") in html
    assert "Changed on" in html and "Added on" in html
    assert "Software as a service" in html and "On premises" in html
    assert "First note" in html and "Second note" in html
    assert "31 March 2028" in html and "Not stated" in html


def test_another_authoritys_system_is_404(client, lead, other_lead):
    register = camden_register()
    system = add_system(register)
    hackney_round = register.round
    factories.AssessmentFactory(authority=factories.authority(HACKNEY), round=hackney_round)
    client.force_login(other_lead)
    assert client.get(system_url("register-system", system)).status_code == 404
    assert client.get(system_url("register-system-remove", system)).status_code == 404
    assert client.get(system_url("register-system-history", system)).status_code == 404
    data = {**form_data(), "version": "1"}
    assert client.post(system_url("register-system", system), data).status_code == 404
    assert (
        client.post(system_url("register-system-remove", system), {"version": "1"}).status_code
        == 404
    )
    assert System.objects.filter(pk=system.pk).exists()


def test_last_rounds_system_is_404_in_this_round(client, lead):
    today = timezone.localdate()
    last = camden_register(
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
        status="closed",
    )
    old = add_system(last)
    camden_round()
    client.force_login(lead)
    client.get(REGISTER)  # starts this round's register from last round's
    assert client.get(system_url("register-system", old)).status_code == 404
    assert (
        client.post(system_url("register-system-remove", old), {"version": "1"}).status_code == 404
    )

"""The register upload and download pages: the page explains that the file replaces the
register, a good file replaces it and says what changed, a file with one bad row writes
nothing and lists every problem by line, a register changed since the page was read is
not overwritten, and the download goes to the authority's own people and the CDO office."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from audit.models import AuditEvent
from estate.columns import COLUMNS
from estate.models import Register, System, SystemChange
from surveys.register.upload_forms import changed_token
from tests import factories
from tests.estate.support import add_system, make_register

pytestmark = pytest.mark.django_db
HEADER = ",".join(COLUMNS)


def upload(*rows: str, name="register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode())


def upload_url(round_) -> str:
    return reverse("surveys:register-upload", args=[round_.slug])


def download_url(register, file_format="csv") -> str:
    name = f"surveys:register-download-{file_format}"
    return reverse(name, args=[register.authority.slug, register.round.slug])


@pytest.fixture
def register():
    register = make_register()
    add_system(register, "mosaic", ("adult-social-care",), note="O'Brien's note")
    return register


def test_the_page_says_the_file_replaces_the_register_and_offers_the_download(
    client, lead, register
):
    client.force_login(lead)
    response = client.get(upload_url(register.round))
    assert response.status_code == 200
    text = response.content.decode()
    assert "systems that are not in the file are removed" in text
    assert download_url(register) in text and download_url(register, "xlsx") in text
    assert f'value="{changed_token(register)}"' in text
    assert 'enctype="multipart/form-data"' in text


def test_a_good_file_is_shown_for_confirmation_then_replaces_the_register(client, lead, register):
    client.force_login(lead)
    response = client.post(
        upload_url(register.round),
        {
            "file": upload("Idox,Uniform,planning,saas,,,,,,", "MHR,iTrent,hr-payroll,saas,,,,,,"),
            "changed_at": changed_token(register),
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Check before you replace your register" in text
    assert "1 system in your register is not in the file and will be removed." in text
    assert "The Access Group: Mosaic" in text
    assert register.systems.count() == 1  # nothing written yet
    form = response.context["form"]
    response = client.post(
        upload_url(register.round),
        {"rows": form.initial["rows"], "changed_at": form.initial["changed_at"]},
        follow=True,
    )
    assert response.redirect_chain == [(upload_url(register.round), 302)]
    assert "2 systems: 2 added, 0 changed, 1 removed, 0 unchanged" in response.content.decode()
    products = set(register.systems.values_list("product__slug", flat=True))
    assert products == {"idox-uniform", "itrent"}


def test_the_preview_counts_what_would_change(client, lead, register):
    client.force_login(lead)
    response = client.post(
        upload_url(register.round),
        {
            "file": upload(
                "The Access Group,Mosaic,adult-social-care,on_premises,,,,,,",
                "New Firm,Bin Planner,waste,saas,,,,,,",
            ),
            "changed_at": changed_token(register),
        },
    )
    preview = response.context["preview"]
    assert (preview.added, preview.changed, preview.unchanged, preview.removed) == (1, 1, 0, [])


def test_tampered_confirmed_rows_are_a_bad_request(client, lead, register):
    client.force_login(lead)
    rows = f"{HEADER}\nIdox,Uniform,potholes,saas,,,,,,\n"
    response = client.post(
        upload_url(register.round), {"rows": rows, "changed_at": changed_token(register)}
    )
    assert response.status_code == 400
    assert register.systems.count() == 1


def test_a_file_with_one_bad_row_writes_nothing_and_lists_each_problem(client, lead, register):
    client.force_login(lead)
    response = client.post(
        upload_url(register.round),
        {
            "file": upload(
                "Idox,Uniform,planning,saas,,,,,,",
                "MHR,iTrent,hr-payroll,saas,2027-01-01,31/02/2027,,,,",
                "Tiny Firm,Bin Planner,potholes,saas,,,,,,",
            ),
            "changed_at": changed_token(register),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "The file has 2 problems: nothing was changed." in text
    assert "Line 3, contract_ends_on: 31/02/2027 is not a date" in text
    assert escape("Line 4, lines_of_business: 'potholes' is not a line") in text
    assert list(System.objects.values_list("product__slug", flat=True)) == ["mosaic"]
    assert not SystemChange.objects.exists()
    assert not System.objects.filter(product__name="Bin Planner").exists()


def test_a_register_changed_since_the_page_was_read_is_not_overwritten(client, lead, register):
    client.force_login(lead)
    stale = changed_token(register)
    add_system(register, "itrent", ("hr-payroll",))
    Register.objects.filter(pk=register.pk).update(
        changed_at=register.changed_at.replace(year=2099)
    )
    rows = f"{HEADER}\nIdox,Uniform,planning,saas,,,,,,\n"
    response = client.post(upload_url(register.round), {"rows": rows, "changed_at": stale})
    assert response.status_code == 409
    assert "Someone else changed your register" in response.content.decode()
    assert register.systems.count() == 2


def test_a_tampered_register_time_is_a_bad_request(client, lead, register):
    client.force_login(lead)
    response = client.post(
        upload_url(register.round),
        {"file": upload("Idox,Uniform,planning,saas,,,,,,"), "changed_at": "yesterday"},
    )
    assert response.status_code == 400
    assert register.systems.count() == 1


def test_the_cdo_office_and_a_closed_round_get_403(client, lead, cdo, register):
    client.force_login(cdo)
    assert client.get(upload_url(register.round)).status_code == 403
    closed = factories.RoundFactory(status="closed")
    client.force_login(lead)
    assert client.get(upload_url(closed)).status_code == 403


def test_the_csv_download_is_named_by_authority_and_round_with_contract_details(
    client, lead, register
):
    client.force_login(lead)
    response = client.get(download_url(register))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    expected = f"register-camden-{register.round.slug}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert lines[1].startswith("The Access Group,Mosaic,adult-social-care,saas")
    assert lines[1].endswith("O'Brien's note")
    event = AuditEvent.objects.get(action="register.download")
    assert event.detail == {"format": "csv", "systems": 1}


def test_the_excel_download_holds_the_same_rows(client, cdo, register):
    client.force_login(cdo)
    response = client.get(download_url(register, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][:3] == ("The Access Group", "Mosaic", "adult-social-care")


def test_another_authoritys_people_cannot_download_even_when_names_are_shared(
    client, other_lead, register
):
    register.round.share_named_results = True
    register.round.save()
    client.force_login(other_lead)
    assert client.get(download_url(register)).status_code == 404
    assert client.get(download_url(register, "xlsx")).status_code == 404


def test_a_register_not_started_has_no_download(client, lead, open_round):
    client.force_login(lead)
    url = reverse("surveys:register-download-csv", args=["camden", open_round.slug])
    assert client.get(url).status_code == 404

"""The register upload end to end in a real browser (issue 16): a lead uploads a copy of
the shipped 200-system example with three mistakes, reads the error summary naming each
by line and column (nothing is written), uploads the example itself, checks what it would
change and confirms, reads how many systems were added, downloads the register back, and
finds the systems on the register page. Every page on the way is checked with axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from estate.models import Register
from tests import factories
from tests.surveys.review.support import CAMDEN

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "examples" / "register-200.csv"


def _with_mistakes(text: str) -> bytes:
    """The example with a date that does not exist on line 14, an unknown line of
    business on line 30 and a contract ending before it starts on line 50."""
    lines = text.split("\n")
    cells = lines[13].split(",")
    cells[5] = "31/02/2027"
    lines[13] = ",".join(cells)
    cells = lines[29].split(",")
    cells[2] = "potholes"
    lines[29] = ",".join(cells)
    cells = lines[49].split(",")
    cells[4], cells[5] = "2026-01-01", "2025-01-01"
    lines[49] = ",".join(cells)
    return "\n".join(lines).encode()


@pytest.fixture
def camden_round(transactional_db):
    round_ = factories.RoundFactory(name="2026 assessment", slug="2026")
    factories.AssessmentFactory(authority=factories.authority(CAMDEN), round=round_)
    factories.make_member("lead", CAMDEN, username="lead-camden")
    return round_


def _upload(page, name: str, data: bytes) -> None:
    page.get_by_label("Register file (CSV or Excel)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and check the file").click()


def test_a_lead_uploads_the_example_fixes_the_errors_and_sees_the_register(
    new_context, live_server, sign_in, assert_accessible, console_errors, camden_round
):
    console_errors.allow("/register/upload/2026/: Failed to load resource")  # the 400, on purpose
    lead = new_context().new_page()
    sign_in(lead, live_server, "lead-camden")
    lead.goto(f"{live_server.url}/assessments/register/upload/{camden_round.slug}/")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Upload your register of systems")
    expect(lead.locator(".govuk-warning-text")).to_contain_text("replaces your whole register")
    assert_accessible(lead)

    text = EXAMPLE.read_text(encoding="utf-8")
    _upload(lead, "register-with-mistakes.csv", _with_mistakes(text))
    summary = lead.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The file has 3 problems: nothing was changed.")
    expect(summary).to_contain_text("Line 14, contract_ends_on: 31/02/2027 is not a date")
    expect(summary).to_contain_text("Line 30, lines_of_business: 'potholes' is not a line")
    expect(summary).to_contain_text("Line 50, contract_ends_on: The contract ends (2025-01-01)")
    expect(lead.locator("#problems tbody tr")).to_have_count(3)
    assert not Register.objects.filter(round=camden_round).exists()
    assert_accessible(lead)

    _upload(lead, EXAMPLE.name, EXAMPLE.read_bytes())
    expect(lead.get_by_role("heading", level=1)).to_have_text(
        "Check before you replace your register"
    )
    preview = lead.locator("#upload-preview")
    expect(preview.locator(".govuk-summary-list__row", has_text="Added")).to_contain_text("200")
    expect(preview.locator(".govuk-summary-list__row", has_text="Removed")).to_contain_text("0")
    assert not Register.objects.filter(round=camden_round).exists()
    assert_accessible(lead)
    lead.get_by_role("button", name="Replace the register").click()
    banner = lead.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Your register now has 200 systems: 200 added, 0 changed")
    assert_accessible(lead)

    with lead.expect_download() as download:
        lead.get_by_role("link", name="CSV file").click()
    assert download.value.suggested_filename == "register-camden-2026.csv"
    downloaded = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert len(downloaded.splitlines()) == 201

    lead.goto(f"{live_server.url}/assessments/register/")
    main = lead.locator("main")
    expect(main).to_contain_text("Liberty Create")
    expect(main).to_contain_text("Street Naming Register")
    expect(main).to_contain_text("Thameside Data Ltd")
    assert_accessible(lead)

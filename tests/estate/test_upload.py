"""Checking an uploaded register file: every kind of problem is reported with its line
and column, names meet the shared records, and codes, labels and UK dates are read."""

import datetime
import io

import pytest
from openpyxl import Workbook

from estate.columns import COLUMNS
from estate.models import Product
from estate.upload import MAX_ROWS, parse_register, unescape

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = "Idox,Uniform,planning;building-control,saas,2024-04-01,2029-03-31,50k_250k,g_cloud,no,"


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def messages(parsed) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def test_a_good_row_meets_the_shipped_product_and_lines():
    parsed = parse_register(csv_file(GOOD), "register.csv")
    assert parsed.ok, messages(parsed)
    (row,) = parsed.rows
    assert row.product == Product.objects.get(slug="idox-uniform")
    assert sorted(line.code for line in row.lines_of_business) == ["building-control", "planning"]
    assert row.contract_ends_on == datetime.date(2029, 3, 31)
    assert (row.hosting, row.cost_band, row.route, row.supplier_sme) == (
        "saas",
        "50k_250k",
        "g_cloud",
        False,
    )


def test_labels_names_aliases_uk_dates_a_bom_and_any_column_order_are_read():
    header = "Product,Supplier,Lines of business,Hosting,Contract_ends_on,cost band,route,SME"
    row = (
        'iWorld,Northgate Public Services Ltd,"Revenues and benefits; finance",'
        'On premises,31/03/2028,"Under £10,000 a year",G-Cloud,YES'
    )
    parsed = parse_register(b"\xef\xbb\xbf" + csv_file(row, header=header), "r.csv")
    assert parsed.ok, messages(parsed)
    (found,) = parsed.rows
    assert found.product == Product.objects.get(slug="nec-revenues-benefits")
    assert {line.code for line in found.lines_of_business} == {"revenues-benefits", "finance"}
    assert found.hosting == "on_premises" and found.route == "g_cloud"
    assert found.cost_band == "under_10k" and found.supplier_sme is True
    assert found.contract_ends_on == datetime.date(2028, 3, 31)


def test_a_new_supplier_and_product_are_left_to_be_made_when_written():
    parsed = parse_register(csv_file("Tiny Firm Ltd,Bin Planner,waste,saas,,,,,yes,"), "r.csv")
    assert parsed.ok
    assert parsed.rows[0].product is None
    assert not Product.objects.filter(name="Bin Planner").exists()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Idox,Uniform,planning,saas,2027-01-01,31/02/2027,,,,",
            "Line 2, contract_ends_on: 31/02/2027 is not a date (use YYYY-MM-DD or DD/MM/YYYY).",
        ),
        (
            "Idox,Uniform,planning;potholes,saas,,,,,,",
            "Line 2, lines_of_business: 'potholes' is not a line of business code or name.",
        ),
        (
            "Idox,Uniform,planning,saas,2027-01-01,2026-01-01,,,,",
            "Line 2, contract_ends_on: The contract ends (2026-01-01) before it starts",
        ),
        ("Idox,,planning,saas,,,,,,", "Line 2, product: Enter the product's name."),
        (",Uniform,planning,saas,,,,,,", "Line 2, supplier: Enter the supplier's name."),
        (
            "Idox,Uniform,,saas,,,,,,",
            "Line 2, lines_of_business: Enter at least one line of business code",
        ),
        (
            "Idox,Uniform,planning,cloud,,,,,,",
            "Line 2, hosting: 'cloud' is not one of in_house, on_premises, saas, supplier_hosted.",
        ),
        ("Idox,Uniform,planning,saas,,,lots,,,", "Line 2, annual_cost_band: 'lots' is not one of"),
        (
            "Idox,Uniform,planning,saas,,,,tender,,",
            "Line 2, procurement_route: 'tender' is not one of",
        ),
        (
            "Idox,Uniform,planning,saas,,,,,maybe,",
            "Line 2, supplier_sme: 'maybe' is not yes, no or blank.",
        ),
        (
            "Idox,Uniform,planning,saas,,,,,,," + "x,y",
            "Line 2: The row has more cells than the header.",
        ),
        (
            'Idox,Uniform,planning,saas,,,,,,"' + "n" * 2001 + '"',
            "Line 2, note: The note must be 2000",
        ),
    ],
)
def test_each_problem_is_reported_with_its_line_and_column(row, expected):
    parsed = parse_register(csv_file(row), "r.csv")
    assert not parsed.ok
    assert any(message.startswith(expected) for message in messages(parsed)), messages(parsed)


def test_every_problem_of_every_row_is_reported_in_line_order():
    parsed = parse_register(
        csv_file(
            GOOD,
            "Idox,Uniform,nowhere,saas,,,,,,",
            GOOD,  # the same system as line 2
            "Idox,Uniform,waste,floating,1/1/2020,x,,,,",
        ),
        "r.csv",
    )
    assert [(p.line, p.column) for p in parsed.problems] == [
        (3, "lines_of_business"),
        (4, ""),
        (5, "hosting"),
        (5, "contract_ends_on"),
    ]
    assert "The same product and lines of business as line 2." in messages(parsed)[1]


def test_names_of_one_product_in_another_form_are_the_same_row():
    parsed = parse_register(
        csv_file(GOOD, "IDOX plc,uniform,building-control;Planning,saas,,,,,,"), "r.csv"
    )
    assert messages(parsed) == ["Line 3: The same product and lines of business as line 2."]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "r.csv", "The file is empty"),
        (b"\n\n", "r.csv", "The file is empty"),
        (csv_file(), "r.csv", "The file has no systems in it."),
        (b"supplier,product\nIdox,Uniform\n", "r.csv", "Line 1: The header row must name"),
        (csv_file(GOOD, header=HEADER + ",colour"), "r.csv", "Line 1: Unknown column 'colour'"),
        (csv_file(GOOD, header=HEADER + ",supplier"), "r.csv", "Line 1: Columns named more than"),
        ("supplier,\xe9".encode("latin-1"), "r.csv", "The file must be a CSV file saved as UTF-8"),
        (b"%PDF-1.4", "register.pdf", "The file must be a CSV file (.csv) or an Excel workbook"),
        (b"PK\x03\x04 not really a workbook", "r.xlsx", "The file cannot be read as an Excel"),
    ],
)
def test_problems_with_the_whole_file(data, name, expected):
    parsed = parse_register(data, name)
    assert not parsed.ok and not parsed.rows
    assert any(m.startswith(expected) for m in messages(parsed)), messages(parsed)


def test_too_many_rows_are_refused_at_the_first_one_over():
    rows = [f"Idox,Uniform {n},planning,saas,,,,,," for n in range(MAX_ROWS + 1)]
    parsed = parse_register(csv_file(*rows), "r.csv")
    assert messages(parsed) == [f"Line {MAX_ROWS + 2}: The file has more than {MAX_ROWS} systems."]


def test_an_excel_workbook_is_read_by_its_row_numbers_with_real_dates():
    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(["Idox", "Uniform", "planning", "saas", datetime.datetime(2024, 4, 1), None])
    sheet.append(["Idox", "Uniform", "waste", "saas", "2024-04-01", "2023-01-01"])
    out = io.BytesIO()
    book.save(out)
    parsed = parse_register(out.getvalue(), "register.xlsx")
    assert messages(parsed) == [
        "Line 3, contract_ends_on: The contract ends (2023-01-01) before it starts (2024-04-01)."
    ]
    assert parsed.rows[0].contract_starts_on == datetime.date(2024, 4, 1)


def test_a_guarded_formula_cell_is_read_back_without_its_apostrophe():
    assert unescape("'=SUM(A1)") == "=SUM(A1)"
    assert unescape("''quoted") == "'quoted"
    assert unescape("'plain") == "'plain"
    assert unescape("plain") == "plain"


def test_checking_costs_three_queries_whatever_the_number_of_rows(django_assert_num_queries):
    rows = [f"Idox,Uniform,{code},saas,,,,,," for code in ("planning", "waste", "licensing")]
    with django_assert_num_queries(3):
        parse_register(csv_file(*rows), "r.csv")
    many = [f"Supplier {n},Product {n},planning,saas,,,,,," for n in range(300)]
    with django_assert_num_queries(3):
        parse_register(csv_file(*many), "r.csv")

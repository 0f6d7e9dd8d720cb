"""The upload's checking never fails on what a person might upload: any bytes, any cells.
Every outcome is either rows and no problems, or problems naming lines of the file."""

import csv
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estate.columns import COLUMNS
from estate.upload import MAX_ROWS, parse_register

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
CELLS = st.one_of(
    st.sampled_from(["Idox", "Uniform", "planning;waste", "saas", "31/02/2027", "2027-01-01"]),
    st.sampled_from(["yes", "no", "", "=1+1", "'=x", "g_cloud", "Under £10,000 a year"]),
    st.text(max_size=12),
)


@FAST
@given(data=st.binary(max_size=400), name=st.sampled_from(["r.csv", "r.xlsx", "r", "r.pdf"]))
def test_any_bytes_are_checked_without_an_error(data, name):
    parsed = parse_register(data, name)
    assert parsed.ok == (not parsed.problems)
    assert parsed.rows or parsed.problems


@FAST
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=12), max_size=8))
def test_any_cells_give_rows_or_problems_on_real_lines(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    text = out.getvalue()
    parsed = parse_register(text.encode("utf-8", "surrogatepass"), "r.csv")
    # A file's lines end with \r\n, \n or a lone \r (as the CSV reader reads them).
    lines = len(re.findall(r"\r\n|\r|\n", text)) + 1
    assert all(0 <= problem.line <= lines for problem in parsed.problems)
    if not parsed.problems:
        assert 1 <= len(parsed.rows) <= MAX_ROWS


def test_blank_lines_do_not_hide_rows_over_the_limit():
    body = "\n\n".join(f"Idox,Uniform {n},planning,saas" for n in range(MAX_ROWS + 1))
    data = f"supplier,product,lines_of_business,hosting\n\n{body}\n".encode()
    parsed = parse_register(data, "r.csv")
    assert [str(p) for p in parsed.problems] == [
        f"Line {2 * MAX_ROWS + 3}: The file has more than {MAX_ROWS} systems."
    ]

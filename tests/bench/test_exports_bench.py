"""The export benchmark measures the same rows as PostgreSQL's COPY, and the export's own."""

import pytest
from django.db import connection

from bench.exports import (
    CountingSink,
    _download,
    _python_path,
    measure_copy,
    measure_export,
    table,
)
from reports.exports.tables import Scope
from tests.reports.conftest import make_results_round

pytestmark = pytest.mark.django_db


def test_the_counting_sink_counts_bytes_of_text_and_bytes():
    sink = CountingSink()
    sink.write("é,1\r\n")
    sink.write(b"ab")
    assert (sink.bytes, sink.lines) == (8, 2)  # é is two bytes in UTF-8


@pytest.mark.parametrize("write", [_download, _python_path])
def test_the_export_measure_counts_every_answer_row(write):
    round_ = make_results_round(authorities=6, areas=2, questions_per_area=3)
    measure = measure_export("one round", Scope(round=round_), write=write)
    assert measure.rows == 6 * 2 * 3
    assert measure.megabytes == write(Scope(round=round_)).bytes / 1e6
    # Both ways write the same bytes (the download is COPY's on PostgreSQL).
    assert measure.megabytes == _python_path(Scope(round=round_)).bytes / 1e6
    assert measure.peak_mb > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_writes_the_same_rows_as_the_export():
    first = make_results_round(authorities=6, areas=2, questions_per_area=3)
    make_results_round(
        authorities=4, round_index=1, questionnaire=first.questionnaire, name="Second"
    )
    for round_id, scope, rows in ((first.pk, Scope(round=first), 36), (None, Scope(), 60)):
        export, copy = measure_export("x", scope), measure_copy("x", round_id)
        assert export.rows == copy.rows == rows
        assert copy.megabytes > 0
        assert "WARNING" not in table([(export, copy)])

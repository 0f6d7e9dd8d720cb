"""Answers-export throughput and peak memory, beside PostgreSQL's own COPY of the same rows.

    .venv/bin/python bench/generate.py --scale national   # once: fills ldm_bench_national
    .venv/bin/python bench/exports.py --scale national

For one round and for every round of the generated database, writes the answers
CSV exactly as the download streams it (``reports.exports.render.csv_chunks`` of
``reports.exports.answers.answers_table``: on PostgreSQL the database's own COPY of the
formatted rows, ``reports.exports.answers_copy``; on SQLite the Python rows) into a
counting sink, and prints rows, megabytes, seconds, rows a second and the peak of
Python memory allocated while it ran (``tracemalloc``, in a second pass, since
tracing slows the code it watches). Then ``COPY (SELECT ... the same rows ...) TO
STDOUT WITH CSV``: the database writing the same answers as CSV with no formatting and
no Python in the way, the physical limit. The ratio says how far the export is from it.
``--python-path`` also measures the Python rows path (``render.csv_lines``, the
reference the COPY path is tested against, and what Excel files and SQLite use).

The peak memory of the one-round and all-rounds exports should be about the same:
the export is streamed (COPY into a temporary file read back in chunks; the Python
path in batches of assessments), so memory does not grow with size.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402

# The answers export's rows, as the database alone would write them: the same joins,
# the same order, the same columns (the stored score too), without the formatting the
# export needs (formula guard, empty fields, Python's numbers and times, CRLF).
COUNT_SQL = """
SELECT count(*) FROM surveys_answer a
JOIN surveys_assessment s ON s.id = a.assessment_id
JOIN surveys_round r ON r.id = s.round_id
WHERE (%(round)s IS NULL OR r.id = %(round)s)
"""
COPY_SQL = """
COPY (
    SELECT r.slug, au.gss_code, au.name, ar.code, q.code, q.text, a.level, sl.name,
           a.score, a.not_applicable, a.evidence, u.username, a.changed_at, q.kind,
           a.yes_no, a.number, a.text
    FROM surveys_answer a
    JOIN surveys_assessment s ON s.id = a.assessment_id
    JOIN surveys_round r ON r.id = s.round_id
    JOIN boroughs_authority au ON au.id = s.authority_id
    JOIN surveys_question q ON q.id = a.question_id
    JOIN surveys_area ar ON ar.id = q.area_id
    LEFT JOIN surveys_scalelevel sl
        ON sl.questionnaire_id = r.questionnaire_id AND sl.number = a.level
    LEFT JOIN auth_user u ON u.id = a.changed_by_id
    WHERE (%(round)s IS NULL OR r.id = %(round)s)
    ORDER BY r.opens_on, r.name, au.name, ar."order", q."order"
) TO STDOUT WITH CSV HEADER
"""


class CountingSink:
    """A write-only file that keeps only how much was written."""

    def __init__(self):
        self.bytes = 0
        self.lines = 0

    def write(self, data) -> int:
        self.bytes += len(data.encode("utf-8") if isinstance(data, str) else data)
        self.lines += 1
        return len(data)


@dataclass(frozen=True)
class Measure:
    label: str
    rows: int
    megabytes: float
    seconds: float
    peak_mb: float | None

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _download(scope) -> CountingSink:
    """What the CSV download streams (COPY on PostgreSQL), into a sink."""
    from reports.exports.answers import answers_table
    from reports.exports.render import csv_chunks

    sink = CountingSink()
    for chunk in csv_chunks(answers_table(scope)):
        sink.write(chunk)
    return sink


def _python_path(scope) -> CountingSink:
    """The Python rows path (render.csv_lines), encoded as a response would."""
    from reports.exports.answers import answers_table
    from reports.exports.render import csv_lines

    sink = CountingSink()
    for line in csv_lines(answers_table(scope)):
        sink.write(line.encode("utf-8"))
    return sink


def measure_export(label: str, scope, write=_download) -> Measure:
    started = time.perf_counter()
    sink = write(scope)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    write(scope)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = sink.lines - 1 if write is _python_path else _count(scope)
    return Measure(label, rows, sink.bytes / 1e6, seconds, peak / 1e6)


def _count(scope) -> int:
    """The answers in ``scope`` (the download's chunks are not lines)."""
    from surveys.models import Answer

    answers = Answer.objects.filter(assessment__round__in=scope.rounds())
    if scope.area_code:
        answers = answers.filter(question__area__code=scope.area_code)
    if scope.peer_group is not None:
        answers = answers.filter(assessment__authority__peer_groups=scope.peer_group)
    return answers.count()


def measure_copy(label: str, round_id: int | None) -> Measure:
    from django.db import connection

    params = {"round": round_id}
    sink = CountingSink()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: copy_expert takes no parameters
        sql = raw.mogrify(COPY_SQL, params).decode()
        started = time.perf_counter()
        raw.copy_expert(sql, sink)
        seconds = time.perf_counter() - started
        # copy_expert writes in chunks, not lines: count the rows with the database.
        cursor.execute(COUNT_SQL, params)
        rows = cursor.fetchone()[0]
    return Measure(label, rows, sink.bytes / 1e6, seconds, None)


def run(python_path: bool = False) -> list[tuple[Measure, Measure]]:
    from reports.exports.tables import Scope
    from surveys.models import Answer, Round

    latest = (
        Round.objects.filter(assessments__answers__isnull=False)
        .order_by("-opens_on")
        .distinct()
        .first()
    )
    if latest is None or not Answer.objects.exists():
        raise SystemExit("No answers to export: run bench/generate.py first.")
    pairs = []
    for label, scope, round_id in (
        (f"one round ({latest.slug})", Scope(round=latest), latest.pk),
        ("every round", Scope(), None),
    ):
        copy = measure_copy(label, round_id)
        pairs.append((measure_export(label, scope), copy))
        if python_path:
            pairs.append((measure_export(f"{label}, Python", scope, _python_path), copy))
    return pairs


def table(pairs: list[tuple[Measure, Measure]]) -> str:
    lines = [
        f"{'answers export':28} {'rows':>8} {'MB':>7} {'export s':>9} {'rows/s':>8} "
        f"{'peak MB':>8} {'COPY s':>7} {'COPY rows/s':>11} {'ratio':>6}"
    ]
    for export, copy in pairs:
        ratio = export.seconds / copy.seconds if copy.seconds else float("nan")
        lines.append(
            f"{export.label:28} {export.rows:8d} {export.megabytes:7.1f} {export.seconds:9.2f} "
            f"{export.rows_per_second:8.0f} {export.peak_mb:8.1f} {copy.seconds:7.2f} "
            f"{copy.rows_per_second:11.0f} {ratio:5.1f}x"
        )
        if export.rows != copy.rows:
            lines.append(f"  WARNING: the export wrote {export.rows} rows, COPY {copy.rows}")
    lines.append(
        "export = the CSV download (COPY of formatted rows on PostgreSQL); ratio = export "
        "seconds / COPY seconds (COPY: the same rows, unformatted, no Python); peak MB = "
        "Python allocations while exporting (tracemalloc)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = db.measuring_parser(__doc__.split("\n\n")[0], default_scale="national")
    parser.add_argument(
        "--python-path", action="store_true", help="also measure the Python rows path"
    )
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith("postgres"):
        raise SystemExit("The COPY comparison needs PostgreSQL.")
    print(f"Database: {db.open_generated(args)}")
    print(table(run(args.python_path)))


if __name__ == "__main__":
    main()

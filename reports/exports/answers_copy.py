"""The answers CSV on PostgreSQL, written by the database: ``COPY (SELECT ...) TO STDOUT``.

The same bytes as ``reports.exports.answers.answers_table`` rendered by
``reports.exports.render.csv_lines`` (the Python path, which SQLite uses and which is
the reference): tests/reports/exports/test_answers_copy.py builds tricky data (formula
prefixes, quotes, commas, CR and LF inside text, empty strings, unicode, N/A, every kind,
frozen and live assessments, several rounds and versions) and asserts the two paths give
identical bytes for each filter, with and without the byte-order mark.

``reports.exports.csv_safety``'s cell rules, stated once more in SQL (change them there
and here together; the test fails until both agree):

- text: an apostrophe in front of text beginning with ``= + - @``, tab, CR or LF
  (``_text``); an empty string is written as NULL, so it comes out as an empty field
  (PostgreSQL writes an empty *string* as ``""``, Python's csv writer as nothing);
- numbers as Python's ``str(float)`` writes them: ``62.5``, ``100.0``, ``-3.0``
  (``_float``: a 2-dp numeric without trailing zeros, ``.0`` when whole);
- booleans ``true`` / ``false``; date-times ISO 8601 in UTC to the second.

(NUL, dangerous to csv_safety too, cannot be stored in PostgreSQL text.)

Quoting is the same in both (a field is quoted when it holds a comma, a quote, CR or
LF; quotes inside are doubled). Two differences are put right while streaming:
PostgreSQL ends each record with LF where Python's writer writes CRLF (:func:`crlf`
changes the record-ending LFs, not those inside quoted fields), and the header and
byte-order mark are written here, as the Python path writes them.

The score is the stored ``Answer.score`` (``surveys.results.answer_scores``), which is
what ``surveys.results.selectors.results_for`` reports, the Python path's score: the live
question score, and for an approved assessment with a snapshot the frozen
``QuestionResult.score``, which is the same number. A question's score depends on no
weight or scoring method (only on its kind, the scale's size and the answer, none of
which can change once approved: answers are locked, published versions too), so
``recompute_snapshots`` cannot make them differ; tests/surveys/results/test_answer_scores.py
proves it, and ``manage.py check_scores`` reports any database where they do. Joining
the snapshots' question results instead would double the time of every-round exports.
(An answer to a question of another version than its round's, which no service
creates, would show its stored score here and none in the Python path.)

``copy_expert`` pushes the data into a file, so COPY writes into a temporary file and
the response streams it back in chunks: memory stays flat whatever the size.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import repeat
from typing import TYPE_CHECKING, BinaryIO

from django.db import connection

from reports.exports.render import csv_lines
from reports.exports.tables import Table

if TYPE_CHECKING:
    from reports.exports.tables import Scope

CHUNK = 1 << 18  # bytes read from the temporary file and sent at a time

# A text cell: neutralised (csv_safety.neutralise) and empty as NULL (an empty field).
DANGEROUS = "'=', '+', '-', '@', chr(9), chr(13), chr(10)"


def _text(expression: str) -> str:
    return (
        f"NULLIF(CASE WHEN left({expression}, 1) IN ({DANGEROUS}) "
        f"THEN '''' || {expression} ELSE {expression} END, '')"
    )


def _float(expression: str) -> str:
    """A numeric as Python's str(float(value)) writes it (NULL stays NULL)."""
    return (
        f"CASE WHEN {expression} = trunc({expression}) THEN trunc({expression})::text || '.0' "
        f"ELSE trim_scale({expression})::text END"
    )


# The export's columns (reports.exports.dictionary.ANSWERS), in order. Text that
# belongs to a round, authority, question, level or user is made safe once per row of
# its own table, in the subqueries below (OFFSET 0 keeps PostgreSQL from folding them
# into the outer query, where it would redo it for each answer): a third of the time.
COLUMNS = (
    "r.slug_csv",
    "au.gss_code_csv",
    "au.name_csv",
    "q.area_code_csv",
    "q.code_csv",
    "q.text_csv",
    "a.level",
    "sl.name_csv",
    # The stored score: what results_for reports, live or frozen (see the docstring).
    _float("a.score"),
    "CASE WHEN a.not_applicable THEN 'true' ELSE 'false' END",
    _text("a.evidence"),
    "u.username_csv",
    """to_char(a.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')""",
    "q.kind_csv",
    # answer_value: kind_named(kind).export_value(row) of surveys.answers.kinds.
    f"""CASE
        WHEN a.not_applicable THEN NULL
        WHEN q.kind = 'yes_no' THEN CASE a.yes_no WHEN true THEN 'yes' WHEN false THEN 'no' END
        WHEN q.kind = 'number' THEN {_float("a.number")}
        WHEN q.kind = 'text' THEN {_text("a.text")}
    END""",
)

SELECT = f"""
SELECT {", ".join(COLUMNS)}
FROM surveys_answer a
JOIN surveys_assessment s ON s.id = a.assessment_id
JOIN (
    SELECT id, opens_on, name, questionnaire_id, {_text("slug")} AS slug_csv
    FROM surveys_round OFFSET 0
) r ON r.id = s.round_id
JOIN (
    SELECT id, name, {_text("gss_code")} AS gss_code_csv, {_text("name")} AS name_csv
    FROM boroughs_authority OFFSET 0
) au ON au.id = s.authority_id
JOIN (
    SELECT q.id, q.kind, q."order", ar."order" AS area_order, ar.code AS area_code,
           {_text("ar.code")} AS area_code_csv, {_text("q.code")} AS code_csv,
           {_text("q.text")} AS text_csv, {_text("q.kind")} AS kind_csv
    FROM surveys_question q JOIN surveys_area ar ON ar.id = q.area_id OFFSET 0
) q ON q.id = a.question_id
LEFT JOIN (
    SELECT questionnaire_id, number, {_text("name")} AS name_csv
    FROM surveys_scalelevel OFFSET 0
) sl ON sl.questionnaire_id = r.questionnaire_id AND sl.number = a.level
LEFT JOIN (
    SELECT id, {_text("username")} AS username_csv FROM auth_user OFFSET 0
) u ON u.id = a.changed_by_id
WHERE {{where}}
ORDER BY r.opens_on, r.name, au.name, s.id, q.area_order, q."order", q.id
"""  # noqa: S608 - constants only: the values are parameters

# The filters of reports.exports.tables.Scope, as the Python path applies them.
FILTERS = {
    "round": "s.round_id = %(round)s",
    "area": "q.area_code = %(area)s",
    "peer_group": (
        "s.authority_id IN (SELECT authority_id FROM boroughs_peergroup_authorities "
        "WHERE peergroup_id = %(peer_group)s)"
    ),
}


def copy_sql(scope: Scope) -> tuple[str, dict]:
    """The COPY statement for ``scope`` and its parameters (for ``mogrify``)."""
    params = {
        "round": scope.round.pk if scope.round is not None else None,
        "area": scope.area_code or None,
        "peer_group": scope.peer_group.pk if scope.peer_group is not None else None,
    }
    where = " AND ".join(FILTERS[name] for name, value in params.items() if value is not None)
    sql = SELECT.format(where=where or "true")
    return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params


def available() -> bool:
    """Whether this database can COPY the export: PostgreSQL through psycopg2."""
    return connection.vendor == "postgresql" and connection.Database.__name__ == "psycopg2"


def copy_into(spool: BinaryIO, scope: Scope) -> None:
    """Write the export's rows (no header), as PostgreSQL's CSV, into ``spool``."""
    sql, params = copy_sql(scope)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor: copy_expert takes no parameters
        raw.copy_expert(raw.mogrify(sql, params).decode(), spool)


def crlf(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """PostgreSQL's CSV with each record ending in CRLF instead of LF, as Python writes it.

    Outside quoted fields an LF can only end a record (a field with an LF or CR in it is
    quoted), and a field's quotes come in pairs, so an LF is inside a field exactly
    when an odd number of quotes precede it. Each chunk is split at its quotes; the
    pieces outside quotes have their LFs replaced (in C: ``map`` over ``bytes.replace``).
    ``"`` and LF never occur inside a UTF-8 multibyte character, so chunks may be cut
    anywhere.
    """
    inside = False  # whether the stream so far ends inside a quoted field
    for chunk in chunks:
        if b'"' not in chunk:
            yield chunk if inside else chunk.replace(b"\n", b"\r\n")
            continue
        pieces = chunk.split(b'"')
        first = 1 if inside else 0
        pieces[first::2] = map(bytes.replace, pieces[first::2], repeat(b"\n"), repeat(b"\r\n"))
        inside ^= (len(pieces) - 1) % 2 == 1
        yield b'"'.join(pieces)


def copy_csv(table: Table, scope: Scope, *, bom: bool = False) -> Iterator[bytes]:
    """The export as CSV bytes, header first, with the byte-order mark if ``bom``.

    The header comes from ``csv_lines`` (the Python path's own); COPY runs when the
    first chunk after it is asked for, into a temporary file streamed back in chunks.
    """
    yield next(csv_lines(Table(table.name, table.columns, ()), bom=bom)).encode("utf-8")
    with tempfile.TemporaryFile() as spool:
        copy_into(spool, scope)
        spool.seek(0)
        yield from crlf(iter(lambda: spool.read(CHUNK), b""))

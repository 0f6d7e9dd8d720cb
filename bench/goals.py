"""Issue 13's performance goals, each measured in one run and printed beside its goal.

    .venv/bin/python bench/generate.py --scale national   # once: fills ldm_bench_national
    .venv/bin/python bench/goals.py --scale national

For each row of the table in docs/performance.md ("Goals"): what was measured (a ratio to
PostgreSQL's own COPY, or the median server time of ``--requests`` requests through
Django's test client, after one warm-up), the goal, and whether this run met it. The load
average at the start and the end is printed too: a busy machine makes every figure worse.
A benchmark prints figures; nothing here fails CI.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402


@dataclass(frozen=True)
class Goal:
    work: str
    before: str  # the figure issue 13 started from
    target: str
    measured: str
    met: bool | None  # None: could not be measured here


def _page(label, who, url_name, args=(), query=""):
    from bench.pages import Page

    return Page(label, who, url_name, args, query)


def _median(client, page, repeat, assessment, question) -> tuple[float, int]:
    from django.urls import reverse

    from bench.pages import measure

    url = reverse(page.url_name, args=page.args)
    url = f"{url}?{page.query}" if page.query else url
    timing = measure(client, page, url, repeat, assessment, question)
    return timing.median, timing.status


def _copy_ratio(scope_round) -> tuple[float, float, float]:
    """(export seconds, COPY seconds, peak MB) of the answers CSV download for one round or
    all: what the download streams (PostgreSQL's COPY of the formatted rows, see
    bench/exports.py), beside a plain COPY of the same rows."""
    from bench.exports import measure_copy, measure_export
    from reports.exports.tables import Scope

    scope = Scope(round=scope_round)
    export = measure_export("export", scope)
    copy = measure_copy("copy", scope_round.pk if scope_round else None)
    return export.seconds, copy.seconds, export.peak_mb


def run(repeat: int) -> list[Goal]:
    from django.test import Client

    from bench.pages import subjects
    from surveys.models import Round

    users, assessment, question, _ = subjects()
    cdo = Client()
    cdo.force_login(users["cdo"])
    national = Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-opens_on").first()
    r = f"round={national.slug}"
    goals: list[Goal] = []

    for label, before, target_ms, page in (
        (
            "summary CSV of one national round",
            "1.31 s",
            100,
            _page("summary", "cdo", "exports:summary", query=f"{r}&format=csv"),
        ),
        (
            "open-data CSV of one national round",
            "1.23 s",
            100,
            _page("open data", "cdo", "opendata:aggregates-csv", (national.slug,)),
        ),
        (
            "answers xlsx, one national round (the request)",
            "9-13 s inside the request",
            200,
            _page("answers xlsx", "cdo", "exports:answers", query=f"{r}&format=xlsx"),
        ),
        (
            "authority profile",
            "208-267 ms",
            120,
            _page("profile", "cdo", "reports:authority", (assessment.authority.slug,), r),
        ),
        (
            "CDO round view",
            "196 ms",
            100,
            _page("round view", "cdo", "review:round", (assessment.round.slug,)),
        ),
        ("London overview", "90-99 ms", 100, _page("overview", "cdo", "reports:overview", query=r)),
    ):
        median, status = _median(cdo, page, repeat, assessment, question)
        goals.append(
            Goal(
                label,
                before,
                f"under {target_ms} ms",
                f"{median:.0f} ms median (HTTP {status})",
                median < target_ms and status == (303 if page.label == "answers xlsx" else 200),
            )
        )
    # The exports last: COPYing every round's answers churns the database's buffers and
    # Python's memory, which would slow the page figures measured after them.
    exports: list[Goal] = []
    seconds, copy, one_peak = _copy_ratio(national)
    ratio = seconds / copy
    exports.append(
        Goal(
            "answers CSV, one national round",
            "1.69 s, 9.8x COPY",
            "at most 2x COPY",
            f"{seconds:.2f} s, {ratio:.1f}x COPY ({copy:.2f} s)",
            ratio <= 2,
        )
    )
    seconds, copy, peak = _copy_ratio(None)
    ratio = seconds / copy
    exports.append(
        Goal(
            "answers CSV, every round",
            "18.5 s, 14.6x COPY, 11 MB",
            "at most 2x COPY; memory flat",
            f"{seconds:.2f} s, {ratio:.1f}x COPY ({copy:.2f} s), peak {peak:.1f} MB "
            f"(one round {one_peak:.1f} MB)",
            # Flat: no more than today's 11 MB, and not growing with the rows (x10).
            ratio <= 2 and peak <= 11.2 and peak <= 2 * one_peak + 1,
        )
    )
    return exports + goals


def table(goals: list[Goal]) -> str:
    lines = [f"{'work':48} {'before':28} {'goal':30} {'measured':44} met"]
    for goal in goals:
        met = "?" if goal.met is None else ("yes" if goal.met else "NO")
        lines.append(f"{goal.work:48} {goal.before:28} {goal.target:30} {goal.measured:44} {met}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = db.measuring_parser(__doc__.split("\n\n")[0], default_scale="national")
    parser.add_argument("--requests", type=int, default=10, help="timed requests a page")
    args = parser.parse_args(argv)
    url = db.open_generated(args)
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)  # data generated before newer migrations
    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS) and counts queries
    # Start as a server does (maturity/wsgi.py): every view imported, then what is loaded
    # frozen, so the garbage collector's full passes during the requests skip it.
    import maturity.wsgi  # noqa: F401

    start = os.getloadavg()
    print(f"Database: {url}; load average at the start {start[0]:.2f} {start[1]:.2f}")
    print(table(run(max(args.requests, 2))))
    end = os.getloadavg()
    print(f"Load average at the end: {end[0]:.2f} {end[1]:.2f} (2 CPUs)")


if __name__ == "__main__":
    main()

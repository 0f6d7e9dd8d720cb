"""The dashboards at scale: server time, CPU time, queries, and where the time goes.

    .venv/bin/python bench/generate.py --scale national   # once: fills ldm_bench_national
    .venv/bin/python bench/dashboards.py --scale national

Runs against the database that ``bench/generate.py`` filled (``ldm_bench_<scale>``
on 127.0.0.1, or ``--database-url``). Requests every dashboard page through
Django's test client, as the CDO office and as a borough lead, and prints the
median and 95th-percentile server time, the median CPU time of this process (which
stays meaningful on a busy machine), the query count and the median time spent in
queries; then, for one profiled request of each page, the share of the time spent
in the database, pandas, plotly, JSON, templates, scoring and the reports code.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402

# Where one request's time goes: the first group whose marker is in a function's file.
GROUPS = {
    "database": ("django/db", "psycopg2", "sqlite3"),
    "pandas/numpy": ("pandas", "numpy"),
    # plotly.py deep-copies figures when serialising them (copy.py).
    "plotly": ("plotly", "/copy.py"),
    "json": ("json",),
    "templates": ("django/template",),
    "scoring": ("surveys/",),
    "reports code": ("reports/",),
    "django (other)": ("django/",),
}


def breakdown(client, url: str) -> str:
    """Exclusive time per package in one profiled request, as shares of the total."""
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    totals = dict.fromkeys([*GROUPS, "other"], 0.0)
    for (filename, _, function), (_, _, tottime, _, _) in pstats.Stats(profile).stats.items():
        where = function if filename == "~" else filename  # C functions: "<method of ...>"
        key = next((g for g, parts in GROUPS.items() if any(p in where for p in parts)), "other")
        totals[key] += tottime
    whole = sum(totals.values()) or 1
    return ", ".join(f"{k} {100 * v / whole:.0f}%" for k, v in totals.items() if v / whole >= 0.01)


def measure(client, url: str, repeat: int) -> tuple[list[float], list[float], int, float]:
    """Wall and CPU times (ms) of ``repeat`` requests after a warm-up, the query count,
    and the median time in queries (ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, connections)
    times, cpu, query_times, count = [], [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        count = len(queries.captured_queries)
        query_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    return times, cpu, count, statistics.median(query_times)


def pages() -> list[tuple[str, object, str]]:
    """(who, user, URL) of every dashboard page, on the latest published round."""
    from django.contrib.auth.models import User

    from surveys.models import Round

    latest = Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-opens_on").first()
    if latest is None:
        raise SystemExit("No published round: run bench/generate.py first.")
    areas = list(latest.questionnaire.areas.order_by("order").values_list("code", flat=True))
    cdo = User.objects.get(username="cdo")
    lead = User.objects.get(username="lead-camden")
    r = f"round={latest.slug}"
    return [
        ("CDO", cdo, "/reports/"),
        ("CDO", cdo, f"/reports/london/?{r}"),
        ("CDO", cdo, f"/reports/london/?{r}&area={areas[1]}"),
        ("CDO", cdo, f"/reports/authorities/camden/?{r}"),
        ("CDO", cdo, f"/reports/areas/{areas[0]}/?{r}"),
        ("CDO", cdo, "/reports/trends/"),
        ("lead", lead, f"/reports/london/?{r}"),
        ("lead", lead, f"/reports/authorities/camden/?{r}"),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = db.measuring_parser(__doc__.split("\n\n")[0], default_scale="national")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    args = parser.parse_args(argv)
    url = db.open_generated(args)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS) and counts queries
    print(f"Database: {url}, {args.requests} requests a page")
    print(f"\n{'who':5} {'page':50} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>8} {'db':>8}")
    for who, user, url in pages():
        client = Client()
        client.force_login(user)
        times, cpu, count, in_db = measure(client, url, max(args.requests, 2))
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"{who:5} {url:50} {statistics.median(times):6.0f}ms {p95:6.0f}ms "
            f"{statistics.median(cpu):6.0f}ms {count:8d} {in_db:6.0f}ms"
        )
        print(f"      where the time goes: {breakdown(client, url)}")


if __name__ == "__main__":
    main()

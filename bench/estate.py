"""The London-wide estate views at national scale: 400 authorities x 100 systems.

    .venv/bin/python bench/estate.py                 # creates and fills ldm_bench_estate
    .venv/bin/python bench/estate.py --reuse         # measures the database filled before

Creates (replacing) the PostgreSQL database ``ldm_bench_estate`` on 127.0.0.1 (or fills
``--database-url``), migrates it, and adds 400 authorities (London's 33 and generated
ones), the ``cdo`` account, one round, and a register of 100 systems for every authority
(40,000 systems): the shipped products and a tail of generated ones, one to three lines of
business each, contracts ending from today to three years ahead (one in ten unknown),
hosting and small-firm flags mixed. Then requests each estate view as the CDO office
through Django's test client and prints the median and 95th-percentile server time and
the query count. The goal (docs/performance.md): the collaboration view (contracts ending
in the next 12 months with the joint-procurement groups) under 200 ms median.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402
from bench.generate import add_authorities, setup_django, step  # noqa: E402

AUTHORITIES = 400
SYSTEMS = 100
EXTRA_PRODUCTS = 200  # generated products beside the shipped ones
BATCH = 5000
GOAL_MS = 200
URLS = [
    ("collaboration view (12 months)", "/reports/estate/collaboration/"),
    ("contracts ending (12 months)", "/reports/estate/contracts/"),
    ("collaboration view (24 months)", "/reports/estate/collaboration/?months=24"),
    ("who uses what", "/reports/estate/"),
    ("suppliers, small firms, hosting", "/reports/estate/suppliers/"),
]


def _round():
    from surveys.models import Questionnaire, Round

    questionnaire = Questionnaire.objects.create(
        code="estate-bench", name="Estate bench", version=1, status=Questionnaire.Status.PUBLISHED
    )
    today = datetime.date.today()
    return Round.objects.create(
        name="Estate bench round",
        slug="estate-bench",
        questionnaire=questionnaire,
        opens_on=today - datetime.timedelta(days=21),
        closes_on=today + datetime.timedelta(days=30),
        status=Round.Status.OPEN,
    )


def _products(rng: random.Random) -> list:
    from estate.models import Product, Supplier

    suppliers = list(Supplier.objects.all())
    Product.objects.bulk_create(
        [
            Product(slug=f"bench-{i}", name=f"Bench product {i}", supplier=rng.choice(suppliers))
            for i in range(EXTRA_PRODUCTS)
        ]
    )
    return list(Product.objects.all())


def fill(rng: random.Random) -> None:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from accounts.roles import GROUP_CDO_OFFICE
    from estate.models import LineOfBusiness, Register, System

    authorities = add_authorities(AUTHORITIES)
    user = User.objects.create_user("cdo", "cdo@example.org", "bench-password")
    user.groups.add(Group.objects.get(name=GROUP_CDO_OFFICE))
    round_ = _round()
    products = _products(rng)
    weights = [1 / (rank + 1) for rank in range(len(products))]  # a few common products
    lines = list(LineOfBusiness.objects.values_list("pk", flat=True))
    now, today = timezone.now(), timezone.localdate()
    registers = Register.objects.bulk_create(
        [Register(authority=a, round=round_, created_at=now, changed_at=now) for a in authorities]
    )
    hosting = [value for value, _ in System.Hosting.choices]
    systems = []
    for register in registers:
        for product in rng.choices(products, weights, k=SYSTEMS):
            ends = None if rng.random() < 0.1 else today + datetime.timedelta(rng.randint(0, 1100))
            systems.append(
                System(
                    register=register,
                    product=product,
                    hosting=rng.choice(hosting),
                    contract_ends_on=ends,
                    supplier_sme=rng.choice([True, False, None]),
                    created_at=now,
                    changed_at=now,
                )
            )
    systems = System.objects.bulk_create(systems, batch_size=BATCH)
    through = System.lines_of_business.through
    through.objects.bulk_create(
        [
            through(system_id=system.pk, lineofbusiness_id=line)
            for system in systems
            for line in rng.sample(lines, rng.randint(1, 3))
        ],
        batch_size=BATCH,
    )


def measure(client, url: str, repeat: int) -> tuple[float, float, float, int]:
    """Median and 95th-percentile wall time (ms), median CPU time of this process (ms,
    steadier on a busy machine) and the query count of ``repeat`` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    times, cpu = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    p95 = statistics.quantiles(times, n=20)[-1]
    return statistics.median(times), p95, statistics.median(cpu), len(queries.captured_queries)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--reuse", action="store_true", help="measure without refilling")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    args = parser.parse_args(argv)
    url = args.database_url or (
        db.url_for("ldm_bench_estate") if args.reuse else db.create("ldm_bench_estate")
    )
    print(f"Database: {url}")
    setup_django(url)
    if not args.reuse:
        from django.core.management import call_command
        from django.db import connection, transaction

        with step("migrate"):
            call_command("migrate", verbosity=0)
        with step(f"{AUTHORITIES} registers x {SYSTEMS} systems"), transaction.atomic():
            fill(random.Random(16))
        if connection.vendor == "postgresql":
            with step("planner statistics (ANALYZE)"), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="cdo"))
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"\n{'page':34} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>8}")
    for label, page in URLS:
        median, p95, cpu, count = measure(client, page, max(args.requests, 2))
        print(f"{label:34} {median:6.0f}ms {p95:6.0f}ms {cpu:6.0f}ms {count:8d}")
        if page == URLS[0][1]:
            verdict = "met" if median < GOAL_MS else "NOT met"
            print(f"{'':34} goal: under {GOAL_MS} ms median: {verdict}")


if __name__ == "__main__":
    main()

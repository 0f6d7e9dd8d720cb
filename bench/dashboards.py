"""Benchmark the dashboards at national scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/dashboards.py --authorities 400 --rounds 10 --questions 80

Creates a database named for the run (``ldm_bench_a400_r10_q80``) on the server in
DATABASE_URL (PostgreSQL by default; an SQLite URL gives a file in the temporary
directory), migrates it, fills it with fake authorities (GSS codes E091xxxxx, tiles east of London's
grid), two questionnaire versions that share all but two question codes, rounds
of approved assessments with frozen snapshots, then requests every dashboard page
through Django's test client and prints median and p95 server time and the query
count per page, and where one request's time goes (database, pandas, plotly,
JSON, templates). ``--reuse`` keeps an existing database's data; ``--drop`` drops
the database at the end.
"""

import argparse
import cProfile
import logging
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
LEVELS = ["Beginning", "Emerging", "Learning", "Developing", "Mastering"]
MIN_SCORES = ["0", "12.5", "37.5", "62.5", "87.5"]
AREAS = ["Technology estate", "Data", "Security", "Procurement"]
OWN = "E09000007"  # Camden: the lead's authority and the profile page benchmarked


def database_for(args) -> str:
    """Create (or reuse) the run's database and return its URL."""
    base = os.environ.get("DATABASE_URL", DEFAULT_URL)
    name = f"ldm_bench_a{args.authorities}_r{args.rounds}_q{args.questions}"
    if base.startswith("sqlite"):
        path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
        if path.exists() and not args.reuse:
            path.unlink()
        return f"sqlite:///{path}"
    import psycopg2

    parts = urlsplit(base)
    admin = psycopg2.connect(base)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and not args.reuse:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
        return
    import psycopg2

    name = urlsplit(url).path.lstrip("/")
    admin = psycopg2.connect(os.environ.get("BENCH_ADMIN_URL", DEFAULT_URL))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def make_questionnaire(version: int, questions: int, previous=None):
    from surveys.models import Area, Question, Questionnaire, ScaleLevel

    questionnaire = Questionnaire.objects.create(
        code="bench", version=version, name="Bench", status="published", previous=previous
    )
    ScaleLevel.objects.bulk_create(
        ScaleLevel(questionnaire=questionnaire, number=n, name=name, min_score=Decimal(low))
        for n, (name, low) in enumerate(zip(LEVELS, MIN_SCORES, strict=True), 1)
    )
    areas = [
        Area.objects.create(questionnaire=questionnaire, code=f"area-{i}", name=name, order=i)
        for i, name in enumerate(AREAS, 1)
    ]
    rows = []
    for index in range(questions):
        area = areas[index % len(areas)]
        # Version 2 renames the last two questions: they are not comparable.
        code = f"q{index:03d}" if version == 1 or index < questions - 2 else f"q{index:03d}-v2"
        kind = "yes_no" if index % 10 == 9 else "maturity"
        rows.append(
            Question(
                questionnaire=questionnaire,
                area=area,
                code=code,
                order=index,
                kind=kind,
                text=f"Bench question {index}",
            )
        )
    Question.objects.bulk_create(rows)
    return questionnaire


def make_authorities(count: int) -> None:
    from boroughs.models import Authority

    extra = max(count - Authority.objects.count(), 0)
    Authority.objects.bulk_create(
        Authority(
            gss_code=f"E091{i:05d}",
            name=f"Bench authority {i:03d}",
            slug=f"bench-{i:03d}",
            abbreviation=f"B{i:03d}",
            kind="london_borough",
            inner_outer="inner" if i % 3 == 0 else "outer",
            grid_column=9 + i % 20,
            grid_row=i // 20,
        )
        for i in range(extra)
    )


def snapshot_rows(assessments, version_spec, answers_by_assessment, now):
    """Frozen results computed with the scoring module, ready for bulk_create."""
    from surveys import scoring
    from surveys.models import AreaResult, QuestionResult, ResultSnapshot

    snapshots, areas, questions = [], [], []
    for assessment in assessments:
        score = scoring.score_assessment(version_spec.spec, answers_by_assessment[assessment.pk])
        snapshot = ResultSnapshot(
            assessment=assessment,
            scoring_method="mean",
            computed_at=now,
            overall_score=score.overall_score,
            overall_level=score.overall_level,
            completion=score.completion,
        )
        snapshots.append(snapshot)
        areas += [
            AreaResult(
                snapshot=snapshot,
                area_id=a["id"],
                score=s.score,
                level=s.level,
                completion=s.completion,
            )
            for a, s in zip(version_spec.areas, score.areas, strict=True)
        ]
        questions += [
            QuestionResult(snapshot=snapshot, question_id=q["id"], score=s.score)
            for q, s in zip(version_spec.questions, score.questions, strict=True)
        ]
    ResultSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    AreaResult.objects.bulk_create(areas, batch_size=5000)
    QuestionResult.objects.bulk_create(questions, batch_size=10000)


def generate(args) -> None:
    """National-scale data: every authority approved in every round but the last."""
    import datetime

    from django.utils import timezone

    from boroughs.models import Authority
    from surveys import scoring
    from surveys.models import Answer, Assessment, Round
    from surveys.selectors.results import version_specs

    rng = random.Random(20250101)
    make_authorities(args.authorities)
    v1 = make_questionnaire(1, args.questions)
    v2 = make_questionnaire(2, args.questions, previous=v1)
    specs = version_specs({v1.pk: "mean", v2.pk: "mean"})
    authorities = list(Authority.objects.order_by("gss_code")[: args.authorities])
    base = {a.pk: rng.uniform(1.5, 4.0) for a in authorities}
    now = timezone.now()
    for r in range(args.rounds):
        questionnaire = v1 if r < args.rounds // 2 else v2
        last = r == args.rounds - 1
        start = datetime.date(2015 + r, 9, 1)
        round_ = Round.objects.create(
            name=f"Bench round {r + 1}",
            slug=f"bench-round-{r + 1}",
            questionnaire=questionnaire,
            opens_on=start,
            closes_on=start + datetime.timedelta(days=60),
            status="open" if last else "published",
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(
                authority=a,
                round=round_,
                reference=f"B-{r}-{a.gss_code}",
                status="submitted" if last and i % 5 == 0 else "approved",
            )
            for i, a in enumerate(authorities)
        )
        spec = specs[questionnaire.pk]
        answers, values = [], {}
        for assessment in assessments:
            maturity = base[assessment.authority_id] + 0.12 * r
            values[assessment.pk] = []
            for q in spec.questions:
                level = max(1, min(5, round(maturity + rng.gauss(0, 0.7))))
                yes = q["kind"] == "yes_no"
                answer = Answer(
                    assessment=assessment,
                    question_id=q["id"],
                    changed_at=now,
                    level=None if yes else level,
                    yes_no=(level >= 3) if yes else None,
                    evidence="Bench evidence",
                )
                answers.append(answer)
                values[assessment.pk].append(
                    scoring.AnswerValue(q["code"], level=answer.level, yes_no=answer.yes_no)
                )
        Answer.objects.bulk_create(answers, batch_size=10000)
        approved = [a for a in assessments if a.status == "approved"]
        snapshot_rows(approved, spec, values, now)
        print(f"  round {r + 1}: {len(assessments)} assessments", flush=True)


def users():
    from django.contrib.auth.models import Group, User

    from boroughs.models import Authority, Membership
    from boroughs.roles import GROUP_CDO_OFFICE, GROUP_LEADS

    cdo, _ = User.objects.get_or_create(username="bench-cdo")
    cdo.groups.add(Group.objects.get(name=GROUP_CDO_OFFICE))
    lead, created = User.objects.get_or_create(username="bench-lead")
    if created:
        Membership.objects.create(
            user=lead, authority=Authority.objects.get(gss_code=OWN), role="lead"
        )
        lead.groups.add(Group.objects.get(name=GROUP_LEADS))
    return cdo, lead


def breakdown(client, url: str) -> str:
    """Exclusive time per package in one profiled request, as shares of the total."""
    profile = cProfile.Profile()
    profile.enable()
    client.get(url)
    profile.disable()
    groups = {
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
    totals = dict.fromkeys([*groups, "other"], 0.0)
    for (filename, _, function), (_, _, tottime, _, _) in pstats.Stats(profile).stats.items():
        where = function if filename == "~" else filename  # C functions: "<method of ...>"
        key = next((g for g, parts in groups.items() if any(p in where for p in parts)), "other")
        totals[key] += tottime
    whole = sum(totals.values()) or 1
    return ", ".join(f"{k} {100 * v / whole:.0f}%" for k, v in totals.items() if v / whole >= 0.01)


def measure(client, url: str, repeat: int) -> tuple[list[float], list[float], int, float]:
    """Wall and CPU times (ms), the query count and the median time in queries.

    CPU time is this process's alone, so it stays meaningful on a busy machine."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--authorities", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--questions", type=int, default=80)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep an existing run's data")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    args = parser.parse_args()
    if args.rounds < 2 or args.questions < 8 or args.authorities < 33:
        parser.error("needs at least 33 authorities, 2 rounds and 8 questions")
    url = database_for(args)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maturity.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from surveys.models import Round

    setup_test_environment()
    logging.getLogger("maturity.audit").setLevel(logging.WARNING)  # one line per sign-in
    print(f"Database: {url}")
    call_command("migrate", verbosity=0)
    if not Round.objects.filter(slug__startswith="bench-round-").exists():
        started = time.perf_counter()
        generate(args)
        print(f"Generated in {time.perf_counter() - started:.0f} s")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum keeps them in production: a bulk
            # load without them makes PostgreSQL pick nested loops over 300k rows.
            cursor.execute("ANALYZE")
    cdo, lead = users()
    latest = f"bench-round-{args.rounds - 1}"
    pages = [
        ("CDO", cdo, "/reports/"),
        ("CDO", cdo, f"/reports/london/?round={latest}"),
        ("CDO", cdo, f"/reports/london/?round={latest}&area=area-2"),
        ("CDO", cdo, f"/reports/authorities/camden/?round={latest}"),
        ("CDO", cdo, f"/reports/areas/area-1/?round={latest}"),
        ("CDO", cdo, "/reports/trends/"),
        ("lead", lead, f"/reports/london/?round={latest}"),
        ("lead", lead, f"/reports/authorities/camden/?round={latest}"),
    ]
    print(f"\n{'who':5} {'page':58} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>8} {'db':>8}")
    for who, user, page in pages:
        client = Client()
        client.force_login(user)
        times, cpu, count, db = measure(client, page, args.requests)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else times[0]
        print(
            f"{who:5} {page:58} {statistics.median(times):6.0f}ms {p95:6.0f}ms "
            f"{statistics.median(cpu):6.0f}ms {count:8d} {db:6.0f}ms"
        )
        print(f"      where time goes: {breakdown(client, page)}")
    if args.drop:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()

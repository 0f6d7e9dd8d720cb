"""The leadership report's PDF at scale: how long one authority's PDF takes to build.

    .venv/bin/python bench/generate.py --scale london     # once: fills ldm_bench_london
    .venv/bin/python bench/report.py --scale london

Runs against the database that ``bench/generate.py`` filled (``ldm_bench_<scale>`` on
127.0.0.1, or ``--database-url``). Gives the first authority with approved results in the
latest published round an improvement plan (a target on every maturity question, an action
on each question and area: more than a real plan holds), in a transaction rolled back at
the end, then requests its PDF through Django's test client as the CDO office: the first
request (a new process: WeasyPrint and the fonts loaded, London's medians worked out and
cached) and the median and 95th percentile of ``--requests`` more, with the query count,
the PDF's pages and size. The goal is under 3 s (issue 15). A benchmark prints figures;
nothing here fails CI.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402

GOAL_SECONDS = 3.0


def plan_for(assessment) -> int:
    """A large plan for the assessment's authority; how many actions it has."""
    import datetime

    from django.utils import timezone

    from surveys.answers.kinds import LEVELLED_KINDS
    from surveys.models import Plan, PlanAction, Question, Target

    now = timezone.now()
    plan, _ = Plan.objects.get_or_create(
        authority=assessment.authority, defaults={"changed_at": now}
    )
    questions = Question.objects.filter(
        questionnaire_id=assessment.round.questionnaire_id, kind__in=LEVELLED_KINDS
    ).select_related("area")
    targets, actions = [], []
    for index, question in enumerate(questions):
        subject = {"plan": plan, "area_code": question.area.code, "question_code": question.code}
        targets.append(Target(**subject, level=4, by_year=2027, changed_at=now))
        actions.append(
            PlanAction(
                **subject,
                title=f"Benchmark action {index} on {question.code}",
                owner="Digital team",
                due_on=datetime.date(2027, 1 + index % 12, 1),
                created_at=now,
                changed_at=now,
            )
        )
    for code in {q.area.code for q in questions}:
        actions.append(
            PlanAction(
                plan=plan,
                area_code=code,
                title=f"Area action on {code}",
                created_at=now,
                changed_at=now,
            )
        )
    Target.objects.filter(plan=plan).delete()
    Target.objects.bulk_create(targets)
    PlanAction.objects.bulk_create(actions)
    return len(actions)


def subject():
    from django.contrib.auth.models import User

    from surveys.models import Assessment, Round

    results = Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-opens_on").first()
    if results is None:
        raise SystemExit("No published round: run bench/generate.py first.")
    assessment = (
        Assessment.objects.filter(round=results, status=Assessment.Status.APPROVED)
        .select_related("authority", "round")
        .order_by("authority__gss_code")
        .first()
    )
    return User.objects.get(username="cdo"), assessment


def timed(client, url: str) -> tuple[float, int, bytes]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return elapsed, len(queries), response.content


def run(repeat: int) -> None:
    import io

    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    user, assessment = subject()
    with transaction.atomic():
        actions = plan_for(assessment)
        client = Client()
        client.force_login(user)
        url = reverse("reports:authority-report-pdf", args=[assessment.authority.slug])
        url += f"?round={assessment.round.slug}"
        first, _, _ = timed(client, url)
        times, count, content = [], 0, b""
        for _ in range(repeat):
            elapsed, count, content = timed(client, url)
            times.append(elapsed)
        transaction.set_rollback(True)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
    print(f"{assessment.authority.name}, {assessment.round.name}: {actions} actions")
    print(f"PDF: {pages} pages, {len(content) / 1024:.0f} KB, {count} queries")
    print(f"first request (cold):  {first:6.2f} s")
    print(f"median of {repeat}:         {median:6.2f} s  (p95 {p95:.2f} s)")
    verdict = "met" if max(first, median) < GOAL_SECONDS else "NOT met"
    print(f"goal under {GOAL_SECONDS:.0f} s: {verdict}")


def main(argv: list[str] | None = None) -> None:
    parser = db.measuring_parser(__doc__.split("\n\n")[0], default_scale="london")
    parser.add_argument("--requests", type=int, default=10, help="timed requests after the first")
    args = parser.parse_args(argv)
    url = db.open_generated(args)
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)  # data generated before newer migrations
    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS)
    print(f"Database: {url}")
    run(max(args.requests, 2))


if __name__ == "__main__":
    main()

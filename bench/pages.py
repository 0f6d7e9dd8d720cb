"""Server time and SQL query count per page, through Django's test client.

    .venv/bin/python bench/generate.py --scale london     # once: fills ldm_bench_london
    .venv/bin/python bench/pages.py --scale london --requests 20

Runs against the database that ``bench/generate.py`` filled (``ldm_bench_<scale>``
on 127.0.0.1, or ``--database-url``). For each page: one warm-up request, then
``--requests`` timed ones; prints the median and 95th percentile of the server time
(the whole request through the middleware, in this process, including reading a
streamed response to its end) and the number of SQL queries. A page whose URL does
not exist (yet) is skipped with a note.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import db  # noqa: E402


@dataclass(frozen=True)
class Page:
    label: str
    who: str  # "lead" or "cdo"
    url_name: str
    args: tuple = ()
    query: str = ""
    post: bool = False  # the answer save: POST with the answer's current version


@dataclass(frozen=True)
class Timing:
    label: str
    url: str
    status: int
    median: float
    p95: float
    queries: int


def pages(reference: str, question: str, open_round: str, results_round: str, slug: str, area):
    r = f"round={results_round}"
    return [
        Page("task list", "lead", "surveys:start"),
        Page("question page", "lead", "surveys:question", (reference, question)),
        Page("answer save", "lead", "surveys:question", (reference, question), post=True),
        Page("check answers", "lead", "surveys:check", (reference,)),
        Page("CDO round view", "cdo", "review:round", (open_round,)),
        Page("London overview", "cdo", "reports:overview", query=r),
        Page("authority profile", "cdo", "reports:authority", (slug,), r),
        Page("question deep dive (area)", "cdo", "reports:area", (area,), r),
        Page("trends", "cdo", "reports:trends"),
        *[
            Page(f"export {kind} ({fmt})", "cdo", f"exports:{kind}", query=f"{r}&format={fmt}")
            for kind in ("summary", "answers", "questionnaire", "progress")
            for fmt in ("csv", "xlsx")
        ],
        Page("open data CSV", "cdo", "opendata:csv", (results_round,)),
        Page("API round results", "cdo", "api:round-results", (results_round,)),
    ]


def subjects():
    """The lead, CDO user and records the pages are measured on."""
    from django.contrib.auth.models import User

    from surveys.answers.kinds import LEVELLED_KINDS
    from surveys.models import Assessment, Round

    assessment = (
        Assessment.objects.filter(round__status=Round.Status.OPEN, status="draft")
        .select_related("authority", "round")
        .order_by("authority__gss_code")
        .first()
    )
    if assessment is None:
        raise SystemExit("No draft assessment in an open round: run bench/generate.py first.")
    questions = assessment.round.questionnaire.questions
    question = questions.filter(kind__in=LEVELLED_KINDS).order_by("pk")[0]  # a maturity question
    results = Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-opens_on").first()
    users = {
        "lead": User.objects.get(username=f"lead-{assessment.authority.slug}"),
        "cdo": User.objects.get(username="cdo"),
    }
    page_list = pages(
        assessment.reference,
        question.code,
        assessment.round.slug,
        results.slug if results else assessment.round.slug,
        assessment.authority.slug,
        question.area.code,
    )
    return users, assessment, question, page_list


def _answer_data(assessment, question, n: int) -> dict:
    """A changed answer carrying the stored version, so the save is never a conflict."""
    from surveys.models import Answer

    answer = Answer.objects.filter(assessment=assessment, question=question).first()
    return {
        "level": str(2 + n % 2),
        "evidence": f"Benchmark save {n}",
        "version": str(answer.version if answer else 0),
        "action": "continue",
    }


def measure(client, page: Page, url: str, repeat: int, assessment, question) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, count, status = [], 0, 0
    for n in range(repeat + 1):  # the first warms caches and is not counted
        data = _answer_data(assessment, question, n) if page.post else None
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, data) if page.post else client.get(url)
            if response.streaming:  # a streamed export is built as it is read
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        count, status = len(queries), response.status_code
        if n:
            times.append(elapsed * 1000)
    p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
    return Timing(page.label, url, status, statistics.median(times), p95, count)


def run(repeat: int) -> list[Timing | str]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    users, assessment, question, page_list = subjects()
    clients = {}
    for who, user in users.items():
        clients[who] = Client()
        clients[who].force_login(user)
    results: list[Timing | str] = []
    for page in page_list:
        try:
            url = reverse(page.url_name, args=page.args)
        except NoReverseMatch:
            results.append(f"{page.label}: skipped, no URL named {page.url_name} yet")
            continue
        url = f"{url}?{page.query}" if page.query else url
        results.append(measure(clients[page.who], page, url, repeat, assessment, question))
    return results


def table(results: list[Timing | str]) -> str:
    lines = [f"{'page':30} {'status':>6} {'median':>9} {'p95':>9} {'queries':>8}  url"]
    notes = []
    for result in results:
        if isinstance(result, str):
            notes.append(result)
            continue
        lines.append(
            f"{result.label:30} {result.status:6d} {result.median:7.1f}ms {result.p95:7.1f}ms "
            f"{result.queries:8d}  {result.url}"
        )
    return "\n".join(lines + notes)


def main(argv: list[str] | None = None) -> None:
    parser = db.measuring_parser(__doc__.split("\n\n")[0], default_scale="london")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    args = parser.parse_args(argv)
    url = db.open_generated(args)
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", verbosity=0)  # data generated before newer migrations
    setup_test_environment()  # lets the test client in (ALLOWED_HOSTS) and counts queries
    print(f"Database: {url}, {args.requests} requests a page")
    print(table(run(max(args.requests, 2))))


if __name__ == "__main__":
    main()

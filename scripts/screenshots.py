"""Full-page screenshots of the key pages, as each role sees them, at 1280 and 320 px wide.

`make screenshots` (or `.venv/bin/python scripts/screenshots.py`) builds a throw-away SQLite
database with the demo data (migrate, both questionnaires published, `seed_demo`), serves it
with `runserver` on a free loopback port, signs in as each role through the real sign-in
form (cdo and admin with the code `manage.py demo_otp_code` prints), and writes
`screenshots/<role>--<page>--<width>.png`. The service is configured for the test
OpenID provider (tests/identity_provider.py, started beside it), so the sign-in page
offers organisation sign-in, a request for access waits for Camden, and the
organisation-* pages walk through the provider. Nothing outside that folder and a
temporary directory is touched; the server and provider are stopped at the end.

    scripts/screenshots.py                          every role, page and width
    scripts/screenshots.py --role cdo --page round  the CDO's round view, both widths
    scripts/screenshots.py --page authority --width 320

Uses Playwright's Python API with Debian's Chromium (/usr/bin/chromium, the flags of the
browser tests); never `playwright install`.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from tests.accounts.oidc.support import PASSWORD as PROVIDER_PASSWORD  # noqa: E402
from tests.accounts.oidc.support import PEOPLE, client_config, environment_for  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.identity_provider import start_identity_provider  # noqa: E402

OUTPUT = PROJECT / "screenshots"
WIDTHS = (1280, 320)
HEIGHT = 900
PASSWORD = "london-digital-demo"  # noqa: S105 - the demo accounts' public password
QUESTIONNAIRES = sorted((PROJECT / "fixtures" / "questionnaires").glob("*.yaml"))
ANONYMOUS = "anonymous"
LEAD = "lead-camden"
CONTRIBUTOR = "contributor-camden"
CDO = "cdo"
ADMIN = "admin"
# The lead of the demo's returned assessment (its username is looked up: lead-<slug>).
RETURNED_LEAD = "returned-lead"
ROLES = (ANONYMOUS, LEAD, CONTRIBUTOR, RETURNED_LEAD, CDO, ADMIN)
TWO_FACTOR = {CDO, ADMIN}
BOROUGH = (LEAD, CONTRIBUTOR)
DASHBOARDS = (LEAD, CDO)
OFFICE = (CDO, ADMIN)


@dataclass(frozen=True)
class Demo:
    """What the page addresses are made of, looked up in the demo database."""

    open_round: str  # slug of the open round
    published_round: str  # slug of the newest published round
    camden_assessment: str | None  # reference of Camden's assessment in the open round
    question: str  # code of the open round's first question
    area: str  # code of the first area
    submitted: str | None  # reference of a submitted assessment in the open round
    returned: str | None  # reference of a returned assessment in the open round
    returned_lead: str | None  # username of that authority's lead
    returned_query: str | None  # code of the question the CDO office queried in it
    returned_query_id: int | None  # that query's id
    plan_question: str | None  # code of a question Camden's plan has a target for


@dataclass(frozen=True)
class Page:
    name: str
    roles: tuple[str, ...]
    path: Callable[[Demo], str | None]


PAGES = [
    Page("start", ROLES, lambda d: "/"),
    Page(
        "question",
        BOROUGH,
        lambda d: (
            d.camden_assessment and f"/assessments/{d.camden_assessment}/questions/{d.question}/"
        ),
    ),
    Page(
        "check-answers",
        BOROUGH,
        lambda d: d.camden_assessment and f"/assessments/{d.camden_assessment}/check/",
    ),
    Page(
        "returned-check-answers",
        (RETURNED_LEAD,),
        lambda d: d.returned and f"/assessments/{d.returned}/check/",
    ),
    Page(
        "returned-question",
        (RETURNED_LEAD,),
        lambda d: d.returned and f"/assessments/{d.returned}/questions/{d.question}/",
    ),
    Page(
        "returned-queried-question",
        (RETURNED_LEAD,),
        lambda d: d.returned_query and f"/assessments/{d.returned}/questions/{d.returned_query}/",
    ),
    Page(
        "query-reply",
        (RETURNED_LEAD,),
        lambda d: (
            d.returned_query_id
            and f"/assessments/{d.returned}/queries/{d.returned_query_id}/reply/"
        ),
    ),
    Page(
        "provisional",
        (LEAD,),
        lambda d: f"/assessments/rounds/{d.published_round}/provisional/",
    ),
    Page("plan", BOROUGH, lambda d: "/assessments/plan/"),
    Page(
        "plan-question",
        BOROUGH,
        lambda d: d.plan_question and f"/assessments/plan/questions/{d.plan_question}/",
    ),
    Page("register", BOROUGH, lambda d: "/assessments/register/"),
    Page("register-add", (LEAD,), lambda d: "/assessments/register/add/"),
    Page("register-upload", (LEAD,), lambda d: f"/assessments/register/upload/{d.open_round}/"),
    Page("round", OFFICE, lambda d: f"/review/rounds/{d.open_round}/"),
    Page("published-round", (CDO,), lambda d: f"/review/rounds/{d.published_round}/"),
    Page("release", OFFICE, lambda d: f"/review/rounds/{d.published_round}/release/"),
    Page(
        "query",
        (CDO,),
        lambda d: (
            d.submitted and f"/review/assessments/{d.submitted}/questions/{d.question}/query/"
        ),
    ),
    Page(
        "review-assessment",
        OFFICE,
        lambda d: d.submitted and f"/review/assessments/{d.submitted}/",
    ),
    Page(
        "approve-confirmation",
        OFFICE,
        lambda d: d.submitted and f"/review/assessments/{d.submitted}/approve/",
    ),
    Page("overview", DASHBOARDS, lambda d: "/reports/london/"),
    Page("authority", DASHBOARDS, lambda d: "/reports/authorities/camden/"),
    Page("area", DASHBOARDS, lambda d: f"/reports/areas/{d.area}/"),
    Page("trends", DASHBOARDS, lambda d: "/reports/trends/"),
    Page("report", DASHBOARDS, lambda d: "/reports/authorities/camden/report/"),
    Page("plans", DASHBOARDS, lambda d: "/reports/plans/"),
    Page("estate-usage", DASHBOARDS, lambda d: "/reports/estate/"),
    Page("estate-contracts", DASHBOARDS, lambda d: "/reports/estate/contracts/"),
    Page("estate-collaboration", DASHBOARDS, lambda d: "/reports/estate/collaboration/"),
    Page("estate-suppliers", DASHBOARDS, lambda d: "/reports/estate/suppliers/"),
    Page("ranking", (CDO,), lambda d: "/reports/ranking/"),
    Page("exports", OFFICE, lambda d: "/exports/"),
    # Asking for an Excel file of answers queues a job and shows its page (no worker runs
    # here, so it stays queued).
    Page(
        "export-job",
        OFFICE,
        lambda d: f"/exports/answers/?round={d.published_round}&format=xlsx",
    ),
    Page("open-data", (ANONYMOUS,), lambda d: f"/open-data/{d.published_round}/"),
    Page("api-docs", (ANONYMOUS,), lambda d: "/api/v1/docs/"),
    Page("accessibility", (ANONYMOUS,), lambda d: "/accessibility/"),
    Page("scoring-method", (ANONYMOUS,), lambda d: "/how-scores-are-calculated/"),
    Page("moderation-method", (ANONYMOUS,), lambda d: "/how-submissions-are-checked/"),
    Page("sign-in", (ANONYMOUS,), lambda d: "/accounts/login/"),
    Page("admin-assessments", (ADMIN,), lambda d: "/admin/surveys/assessment/"),
    Page("requests", (LEAD, ADMIN), lambda d: "/accounts/requests/"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def build_database(env: dict) -> None:
    print("Building the demo database (migrate, questionnaires, seed_demo)...", flush=True)
    _manage(env, "migrate", "--no-input")
    for questionnaire in QUESTIONNAIRES:
        _manage(env, "load_questionnaire", str(questionnaire), "--publish")
    _manage(env, "seed_demo")


LOOKUP = """
import json
from surveys.models import Assessment, Round, Target
open_round = Round.objects.filter(status=Round.Status.OPEN).order_by("-opens_on").first()
published = Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-opens_on").first()
first = open_round.questionnaire.questions.order_by("area__order", "order").first()
camden = Assessment.objects.filter(round=open_round, authority__slug="camden").first()
submitted = (
    Assessment.objects.filter(round=open_round, status=Assessment.Status.SUBMITTED)
    .order_by("authority__name").first()
)
returned = (
    Assessment.objects.filter(round=open_round, status=Assessment.Status.RETURNED)
    .select_related("authority").order_by("authority__name").first()
)
target = (
    Target.objects.filter(plan__authority__slug="camden").exclude(question_code="")
    .order_by("pk").first()
)
query = returned and returned.queries.select_related("question").order_by("pk").first()
print(json.dumps({
    "open_round": open_round.slug,
    "published_round": published.slug,
    "camden_assessment": camden and camden.reference,
    "question": first.code,
    "area": first.area.code,
    "submitted": submitted and submitted.reference,
    "returned": returned and returned.reference,
    "returned_lead": returned and f"lead-{returned.authority.slug}",
    "returned_query": query and query.question.code,
    "returned_query_id": query and query.pk,
    "plan_question": target and target.question_code,
}))
"""


# A request for access waiting for Camden's lead (and the admins), as a first sign-in
# through the organisation's provider leaves one.
SEED_REQUEST = """
from django.utils import timezone
from accounts.models import PendingAccount
from boroughs.models import Authority
PendingAccount.objects.get_or_create(
    issuer="http://provider.example", subject="priya", defaults=dict(
        provider="test-org", email="priya.shah@camden.gov.uk", first_name="Priya",
        last_name="Shah", authority=Authority.objects.get(gss_code="E09000007"),
        requested_at=timezone.now()))
"""
# Walks through the provider: (page name, address at the provider).
ORGANISATION_FLOWS = (
    ("organisation-request", "ben.lee@camden.gov.uk"),
    ("organisation-refused", "cara.jones@camden.gov.uk"),
)


def shoot_organisation_flows(browser, base: str, args) -> list[Path]:
    """The pages a sign-in through the provider leads to, each from a fresh browser."""
    written = []
    for name, login in ORGANISATION_FLOWS:
        if (args.role and args.role != ANONYMOUS) or (args.page and args.page not in name):
            continue
        for width in args.width or WIDTHS:
            context = browser.new_context(
                base_url=base, locale="en-GB", viewport={"width": width, "height": HEIGHT}
            )
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Work email address").fill(login)
            page.get_by_role("button", name="Continue").click()
            page.get_by_label("Email address").fill(login)
            page.get_by_label("Password").fill(PROVIDER_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state("networkidle")
            target = OUTPUT / f"{ANONYMOUS}--{name}--{width}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"  {target.name}: {page.url}", flush=True)
            written.append(target)
            context.close()
    return written


def look_up(env: dict) -> Demo:
    import json

    return Demo(**json.loads(_manage(env, "shell", "-c", LOOKUP).strip().splitlines()[-1]))


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/"):  # noqa: S310
                return server
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None:
                raise SystemExit(
                    "The server stopped before answering: run it by hand to see why."
                ) from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("The server did not answer /health/ within 20 seconds.")


def sign_in(page, base: str, role: str, env: dict, demo: Demo) -> None:
    if role == ANONYMOUS:
        return
    username = demo.returned_lead if role == RETURNED_LEAD else role
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username or role)
    page.get_by_label("Password", exact=True).fill(env["DEMO_PASSWORD"])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if role in TWO_FACTOR:
        # The code demo_otp_code prints: the same computation, from the same database.
        code = _manage(env, "demo_otp_code", role).strip()
        page.locator("input[name=code]").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    if "/accounts/" in page.url:
        raise SystemExit(f"Could not sign in as {role}: still on {page.url}")


def shoot(browser, base: str, env: dict, demo: Demo, args) -> list[Path]:
    written = []
    for role in ROLES:
        if args.role and role != args.role:
            continue
        pages = [
            p
            for p in PAGES
            if role in p.roles and (not args.page or args.page in p.name) and p.path(demo)
        ]
        if not pages:
            continue
        context = browser.new_context(
            base_url=base, locale="en-GB", viewport={"width": WIDTHS[0], "height": HEIGHT}
        )
        page = context.new_page()
        sign_in(page, base, role, env, demo)
        for width in args.width or WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for each in pages:
                response = page.goto(f"{base}{each.path(demo)}")
                page.wait_for_load_state("networkidle")
                target = OUTPUT / f"{role}--{each.name}--{width}.png"
                page.screenshot(path=str(target), full_page=True)
                status = response.status if response else "?"
                size = page.evaluate(
                    "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                )
                overflow = "  SCROLLS SIDEWAYS" if size[0] > width else ""
                print(f"  {target.name}: {status}, {size[0]}x{size[1]} px{overflow}", flush=True)
                written.append(target)
        context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--role", choices=ROLES, help="only this role")
    parser.add_argument("--page", help="only pages whose name contains this")
    parser.add_argument(
        "--width", type=int, action="append", help=f"only this width (default {WIDTHS})"
    )
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium (not playwright install)")
    OUTPUT.mkdir(exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ldm-screenshots-") as tmp:
        env = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "DEMO_PASSWORD": PASSWORD,
            "DJANGO_SETTINGS_MODULE": "maturity.settings.base",
        }
        build_database(env)
        _manage(env, "shell", "-c", SEED_REQUEST)
        demo = look_up(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        provider = start_identity_provider(clients=[client_config([base])], accounts=PEOPLE)
        env |= environment_for(provider.issuer)
        server = serve(env, port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                written = shoot(browser, base, env, demo, args)
                written += shoot_organisation_flows(browser, base, args)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
            provider.stop()
    print(f"{len(written)} screenshots in {OUTPUT.relative_to(PROJECT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

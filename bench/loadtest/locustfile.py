"""Locust users for the load test: borough leads and contributors, and the CDO office.

Run by ``bench/loadtest/run.py`` (never on its own against anything but 127.0.0.1).
Reads the plan (``LOADTEST_PLAN``: authorities, assessment references, questions)
written by ``bench/loadtest/plan.py`` and appends one JSON line per request and per
save to ``LOADTEST_LOG``:

- ``attempt`` before each answer save is sent (so a save cut off mid-flight is known);
- ``save`` after it, with the outcome: ``ack`` (302: acknowledged, with the version
  the answer now has), ``refused`` (400/403/404/409: nothing may have been written)
  or ``unknown`` (no response, or a server error);
- ``request`` for every request (endpoint, status, time), for error rates and latency;
- ``problem`` for a page that answered but could not be used (counted as an error).

Every save writes a unique token into the answer's evidence (or text), so the
checker can tell whose write the database holds.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from bench.loadtest.payloads import csrf_of, new_value, version_of

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
LOG = open(os.environ["LOADTEST_LOG"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
# Share of users who sign in with their password; the others start with a session
# (signed in earlier in the day). Each sign-in costs the server a password hash.
SIGN_IN_SHARE = float(os.environ.get("LOADTEST_SIGN_IN_SHARE", "0.2"))
HOT_SHARE = 0.4  # share of saves aimed at the authority's few "hot" answers
REFUSED = {400, 403, 404, 409}
# The servers (several in the two-server run): each user sends its requests to each in
# turn, so a page comes from one server and the form posted from it goes to the next.
HOSTS = [h for h in os.environ.get("LOADTEST_HOSTS", "").split(",") if h]
_next_user = itertools.count()
_next_offset = itertools.count()


def record(kind: str, **fields) -> None:
    LOG.write(json.dumps({"kind": kind, "t": time.time(), **fields}) + "\n")


@events.request.add_listener
def _on_request(request_type, name, response_time, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", None) or 0
    record(
        "request",
        method=request_type,
        name=name,
        status=status,
        ms=round(response_time, 1),
        error=None if exception is None else str(exception)[:200],
        server=urlsplit(kwargs.get("url") or "").port,
    )


class SignedInUser(HttpUser):
    abstract = True
    username = ""

    sign_in_share = SIGN_IN_SHARE

    def url(self, path: str) -> str:
        """``path`` on the next server in turn (the only one, in a one-server run)."""
        if len(HOSTS) < 2:
            return path
        self.requests_sent = getattr(self, "requests_sent", -1) + 1
        return HOSTS[(self.requests_sent + self.host_offset) % len(HOSTS)] + path

    def on_start(self):
        self.signed_in = False
        self.host_offset = next(_next_offset)  # users start on different servers
        pool = PLAN.get("sessions", {}).get(self.username, [])
        if pool and self.rng.random() >= self.sign_in_share:
            self.client.cookies.set(PLAN["session_cookie"], pool.pop())
            self.signed_in = True
        else:
            self.sign_in()

    def sign_in(self) -> None:
        page = self.client.get(self.url("/accounts/login/"), name="sign-in page")
        token = csrf_of(page.text)
        if token is None:
            return
        with self.client.post(
            self.url("/accounts/login/"),
            data={
                "username": self.username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token,
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            self.signed_in = response.status_code == 302 and "/accounts/login" not in location
            if not self.signed_in and response.status_code != 0:
                response.failure(f"sign-in answered {response.status_code}")

    def page(self, url: str, name: str):
        """GET a page that must answer 200 (re-signing in if the session has gone)."""
        if not self.signed_in:
            self.sign_in()
            if not self.signed_in:
                return None
        with self.client.get(
            self.url(url), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302 and "/accounts/login" in response.headers.get(
                "Location", ""
            ):
                self.signed_in = False
                response.failure("signed out")
                return None
            if response.status_code != 200:
                if response.status_code != 0:
                    where = response.headers.get("Location", "")
                    response.failure(f"answered {response.status_code} {where}".strip())
                return None
            return response


class BoroughUser(SignedInUser):
    """A lead or contributor: the task list, question pages, saving answers, check answers."""

    weight = 10
    wait_time = between(0.5, 2.0)

    def on_start(self):
        n = next(_next_user)
        authorities = PLAN["authorities"]
        self.authority = authorities[n % len(authorities)]
        role = "lead" if (n // len(authorities)) % 2 == 0 else "contributor"
        self.username = f"{role}-{self.authority['slug']}"
        self.rng = random.Random(n)  # noqa: S311 - load shape, not security
        super().on_start()

    def question_url(self, code: str) -> str:
        return f"/assessments/{self.authority['reference']}/questions/{code}/"

    @task(1)
    def task_list(self):
        self.page("/assessments/", "task list")

    @task(1)
    def check_answers(self):
        self.page(f"/assessments/{self.authority['reference']}/check/", "check answers")

    @task(6)
    def answer_question(self):
        authority = self.authority
        hot = authority["hot"] and self.rng.random() < HOT_SHARE
        question = self.rng.choice(authority["hot"] if hot else authority["questions"])
        response = self.page(self.question_url(question["code"]), "question page")
        if response is None or not authority["editable"]:
            return
        version, token = version_of(response.text), csrf_of(response.text)
        if version is None or token is None:
            record("problem", name="question page", error="no version or CSRF token")
            return
        # Reading time: the window in which a colleague can save the same answer.
        time.sleep(self.rng.uniform(0.3, 1.5))
        outcome, page = self.save(question, version, token, hot)
        if outcome == "conflict" and page is not None and self.rng.random() < 0.5:
            # "Use my answer" on the conflict page: save again over their newer version.
            version, token = version_of(page), csrf_of(page)
            if version is not None and token is not None:
                self.save(question, version, token, hot)

    def save(self, question: dict, version: int, csrf: str, hot: bool):
        token = f"lt-{uuid.uuid4().hex[:12]}"
        fields, value = new_value(question["kind"], token, self.rng)
        key = {"ref": self.authority["reference"], "question": question["code"]}
        record("attempt", token=token, value=value, expected=version, hot=hot, **key)
        started = time.time()
        with self.client.post(
            self.url(self.question_url(question["code"])),
            data={
                **fields,
                "version": str(version),
                "action": "continue",
                "csrfmiddlewaretoken": csrf,
            },
            name="answer save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            status = response.status_code
            location = response.headers.get("Location", "")
            if status == 302 and "/accounts/login" not in location:
                outcome = "ack"
            elif status == 409:
                outcome = "conflict"
                response.success()  # deliberate: a colleague saved first
            elif status in REFUSED or status == 302:
                outcome = "refused"
                response.failure(f"save answered {status}")
            else:
                outcome = "unknown"
                if status != 0:
                    response.failure(f"save answered {status}")
            record(
                "save",
                token=token,
                outcome=outcome,
                status=status,
                # The version the answer has after an acknowledged save.
                version=version + 1 if outcome == "ack" else None,
                started=started,
                **key,
            )
            return outcome, response.text if status == 409 else None


class OfficeUser(SignedInUser):
    """Someone in the CDO's office: the round view, reviews and the dashboards."""

    fixed_count = int(os.environ.get("LOADTEST_OFFICE_USERS", "10"))
    # The CDO office must use two-factor sign-in, and one authenticator app cannot sign
    # ten sessions in at once (each code is accepted once), so they start signed in.
    sign_in_share = 0.0
    wait_time = between(1.0, 4.0)
    username = "cdo"

    def on_start(self):
        self.rng = random.Random(f"office-{next(_next_user)}")  # noqa: S311
        super().on_start()

    @task(1)
    def rounds(self):
        self.page("/review/", "review: rounds")

    @task(3)
    def round_view(self):
        self.page(f"/review/rounds/{PLAN['open_round']}/", "review: round view")

    @task(1)
    def assessment(self):
        reference = self.rng.choice(PLAN["authorities"])["reference"]
        self.page(f"/review/assessments/{reference}/", "review: assessment")

    @task(2)
    def overview(self):
        self.page(f"/reports/london/?round={PLAN['results_round']}", "dashboard: London")

    @task(2)
    def profile(self):
        slug = self.rng.choice(PLAN["authorities"])["slug"]
        self.page(
            f"/reports/authorities/{slug}/?round={PLAN['results_round']}",
            "dashboard: authority",
        )

    @task(1)
    def area(self):
        code = self.rng.choice(PLAN["areas"])
        self.page(f"/reports/areas/{code}/?round={PLAN['results_round']}", "dashboard: area")

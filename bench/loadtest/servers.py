"""Checks that hold only if the servers share their state, run after a two-server load.

Each check does something through one server and looks at the outcome through the
other, the way a load balancer would send one person's requests to either:

- ``session``: signed in on A, a page on B opens with the same cookie; signed out on B,
  the cookie no longer opens a page on A (a browser without the cookie is sent to sign
  in, as a control that B checks at all);
- ``lock-out``: the right password signs in on B (so the account and B work), then
  ``AXES_FAILURE_LIMIT`` wrong passwords through A, then the right password through B
  gets the lock-out page (429), since the failed sign-ins are counted in the database;
- ``two-factor``: the CDO office's sign-in, password on A, then three wrong app codes
  on A: the right code on B is refused while django-otp's throttle lasts (it is kept
  on the device's row), and accepted on B once it is over.

Each returns ``{"kind": "cross-server", "check", "ok", "detail"}`` for
``events.jsonl``; the verdict fails the run if any is not ok.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from bench.loadtest.payloads import csrf_of

LOCKED_OUT = "Your account is locked for now"
THROTTLED = "Too many wrong codes"
VERIFY = "/accounts/two-factor/verify/"
TIMEOUT = 30


def _post_form(session: requests.Session, server: str, path: str, data: dict, page_path=None):
    """GET the form's page (``page_path``, default ``path``) for its CSRF token, then POST
    the form to ``path`` (not following redirects)."""
    page_path = page_path or path
    page = session.get(server + page_path, timeout=TIMEOUT)
    token = csrf_of(page.text)
    if token is None:
        raise RuntimeError(f"no CSRF token on {server}{page_path} ({page.status_code})")
    return session.post(
        server + path,
        data={**data, "csrfmiddlewaretoken": token},
        headers={"Referer": server + path},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def _sign_in(session: requests.Session, server: str, username: str, password: str):
    return _post_form(
        session, server, "/accounts/login/", {"username": username, "password": password}
    )


def _signed_in(response) -> bool:
    return response.status_code == 302 and "/accounts/login" not in response.headers.get(
        "Location", ""
    )


def _opens(session: requests.Session, server: str, path: str) -> int:
    """The status of a page, not following a redirect (302 to sign in: not signed in)."""
    return session.get(server + path, allow_redirects=False, timeout=TIMEOUT).status_code


def _event(check: str, ok: bool, detail: str) -> dict:
    return {"kind": "cross-server", "check": check, "ok": ok, "detail": detail, "t": time.time()}


def session_check(a: str, b: str, username: str, password: str) -> dict:
    """Signed in on A, signed in on B; signed out on B, signed out on A."""
    browser = requests.Session()
    signed_in = _sign_in(browser, a, username, password)
    on_b = _opens(browser, b, "/assessments/")
    stranger = _opens(requests.Session(), b, "/assessments/")
    signed_out = _post_form(browser, b, "/accounts/logout/", {}, page_path="/assessments/")
    on_a_after = _opens(browser, a, "/assessments/")
    ok = _signed_in(signed_in) and on_b == 200 and stranger == 302 and on_a_after == 302
    detail = (
        f"{username} signed in on {a} ({signed_in.status_code}); the cookie opened the task "
        f"list on {b}: {on_b} (without the cookie: {stranger}); signed out on {b} "
        f"({signed_out.status_code}), then the cookie on {a}: {on_a_after}"
    )
    return _event("session", ok, detail)


def lockout_check(a: str, b: str, username: str, password: str, failure_limit: int) -> dict:
    """The right password works on B; after the limit of wrong ones on A, it does not on B."""
    before = _sign_in(requests.Session(), b, username, password)
    wrong = [
        _sign_in(requests.Session(), a, username, password + "-wrong").status_code
        for _ in range(failure_limit)
    ]
    after = _sign_in(requests.Session(), b, username, password)
    locked = after.status_code == 429 and LOCKED_OUT in after.text
    ok = _signed_in(before) and not any(s == 302 for s in wrong) and locked
    detail = (
        f"{username}: right password on {b} before: {before.status_code}; "
        f"{failure_limit} wrong passwords on {a}: {wrong}; right password on {b} after: "
        f"{after.status_code}{' (lock-out page)' if locked else ''}"
    )
    return _event("lock-out", ok, detail)


def app_codes(database_url: str, username: str) -> Callable[[], str] | None:
    """What the person's authenticator app would show now (read from their device's row);
    None if they have no app."""
    import psycopg2
    from django_otp.oath import TOTP

    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.key, d.step, d.t0, d.digits, d.drift FROM otp_totp_totpdevice d "
            "JOIN auth_user u ON u.id = d.user_id WHERE u.username = %s AND d.confirmed "
            "ORDER BY d.id LIMIT 1",
            [username],
        )
        row = cursor.fetchone()
    connection.close()
    if row is None:
        return None
    key, step, t0, digits, drift = row

    def now() -> str:
        totp = TOTP(bytes.fromhex(key), step, t0, digits, drift)
        totp.time = time.time()
        return f"{totp.token():0{digits}d}"

    return now


def two_factor_check(a: str, b: str, username: str, password: str, code_now) -> dict:
    """Wrong codes on A throttle the right code on B, until the throttle is over."""
    browser = requests.Session()
    signed_in = _sign_in(browser, a, username, password)
    # Password accepted on A: B too asks for a code before the office's pages.
    pending = browser.get(b + "/review/", allow_redirects=False, timeout=TIMEOUT)
    asked = _signed_in(signed_in) and VERIFY in pending.headers.get("Location", "")
    wrong = []
    # After n wrong codes in a row the next is refused unchecked for 2^(n-1) s: wait
    # out each throttle, so that all three are checked (and counted) by the server.
    for pause in (0.0, 1.2, 2.2):
        time.sleep(pause)
        code = f"{(int(code_now()) + 500_000) % 1_000_000:06d}"  # never a current code
        wrong.append(_post_form(browser, a, VERIFY, {"code": code}).status_code)
    refused = _post_form(browser, b, VERIFY, {"code": code_now()})
    throttled = refused.status_code == 200 and THROTTLED in refused.text
    time.sleep(4.5)  # 2^(3-1) s after the third wrong code, and a margin
    accepted = _post_form(browser, b, VERIFY, {"code": code_now()})
    verified = accepted.status_code == 302 and VERIFY not in accepted.headers.get("Location", "")
    ok = asked and not any(s == 302 for s in wrong) and throttled and verified
    detail = (
        f"{username}: password on {a} ({signed_in.status_code}), then {b} asked for a code: "
        f"{asked}; 3 wrong codes on {a}: "
        f"{wrong}; the right code on {b} at once: {refused.status_code}"
        f"{' (too many wrong codes)' if throttled else ''}; the right code on {b} after "
        f"the wait: {accepted.status_code}{' (signed in)' if verified else ''}"
    )
    return _event("two-factor", ok, detail)


def cross_server_checks(
    servers: list[str],
    accounts: list[str],
    password: str,
    failure_limit: int,
    office: tuple[str, Callable[[], str]] | None = None,
) -> list[dict]:
    """The checks between the first two servers, each with its own account: two borough
    accounts, and ``office`` (the CDO office's username and its app's codes), if given."""
    a, b = servers[0], servers[1]
    checks = [
        ("session", lambda: session_check(a, b, accounts[0], password)),
        ("lock-out", lambda: lockout_check(a, b, accounts[1], password, failure_limit)),
    ]
    if office is not None:
        username, codes = office
        checks.append(("two-factor", lambda: two_factor_check(a, b, username, password, codes)))
    events = []
    for name, check in checks:
        try:
            events.append(check())
        except (OSError, RuntimeError, requests.RequestException) as error:
            events.append(_event(name, False, f"could not run: {error}"))
    return events

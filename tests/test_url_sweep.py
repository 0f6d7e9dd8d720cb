"""The URL sweep: every URL of the project, requested as every role, answers as its table says.

The expected outcomes live in ``tests/access/<area>.py`` (see ``tests/access/base.py``).
A URL pattern with no entry fails ``test_every_url_pattern_has_an_access_entry``, so a new
view cannot ship without someone deciding who may see it.
"""

from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access import all_tables
from tests.access.base import LEAD_A, ROLES, TO_LOGIN, Redirect, expect
from tests.access.patterns import project_patterns
from tests.access.world import build_world

TABLES = all_tables()
POST_NAMES = sorted(name for name, row in TABLES.items() if "post" in row)
CSRF_NAMES = [name for name in POST_NAMES if TABLES[name]["csrf_checked"]]


@pytest.fixture
def world(db):
    return build_world()


def test_every_url_pattern_has_an_access_entry():
    missing = [p for p in project_patterns() if p.name not in TABLES]
    assert not missing, (
        "URL patterns with no entry in any table of tests/access/ (add one to your area's "
        "module, saying what each role gets):\n"
        + "\n".join(
            f"  {p.key}  ({p.route})" + ("  <- give it a name=" if p.name is None else "")
            for p in missing
        )
    )


def test_every_access_entry_names_an_existing_pattern():
    names = {p.name for p in project_patterns()}
    stale = sorted(set(TABLES) - names)
    assert not stale, f"Entries in tests/access/ for URL names that do not exist: {stale}"


def test_every_entry_gives_an_outcome_for_every_role():
    problems = []
    for name, row in TABLES.items():
        for method in ("expect", "post"):
            outcomes = row.get(method)
            if outcomes is None:
                continue
            if set(outcomes) != set(ROLES):
                problems.append(f"{name} {method}: roles {sorted(outcomes)} != {sorted(ROLES)}")
            for role, outcome in outcomes.items():
                if not isinstance(outcome, int | Redirect):
                    problems.append(f"{name} {method} {role}: {outcome!r} is not an outcome")
    assert not problems, "\n".join(problems)


def _target_path(redirect: Redirect, world) -> str:
    if callable(redirect.to):
        return redirect.to(world)
    return redirect.to if redirect.to.startswith("/") else reverse(redirect.to)


def _matches(response, outcome, world) -> bool:
    if isinstance(outcome, Redirect):
        return response.status_code == outcome.status and (
            urlsplit(response.get("Location", "")).path == _target_path(outcome, world)
        )
    return response.status_code == outcome


def _describe(response) -> str:
    text = str(response.status_code)
    if response.has_header("Location"):
        text += f" to {response['Location']}"
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        text += f" (raised {exc_info[1]!r})"
    return text


def _request(world, role: str, method: str, url: str, data: dict, **client_kwargs):
    """One request as ``role``, in a savepoint rolled back afterwards: nothing it writes
    (an answer saved, a session, an audit event) is seen by the next request."""
    client = Client(raise_request_exception=False, **client_kwargs)
    with transaction.atomic():
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response


def _url(world, name: str, row: dict) -> str:
    url = reverse(name, kwargs=row["args"](world))
    return f"{url}?{row['query']}" if row["query"] else url


def _sweep(world, name: str, method: str, row: dict) -> None:
    url = _url(world, name, row)
    outcomes = row["expect"] if method == "get" else row["post"]
    data = row["data"](world) if method == "post" else {}
    wrong = []
    for role in ROLES:
        response = _request(world, role, method, url, data)
        if not _matches(response, outcomes[role], world):
            wrong.append(f"  {role}: expected {outcomes[role]!r}, got {_describe(response)}")
    assert not wrong, f"{method.upper()} {url} ({name}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_get_answers_each_role_as_the_table_says(world, name):
    _sweep(world, name, "get", TABLES[name])


@pytest.mark.parametrize("name", POST_NAMES)
def test_post_answers_each_role_as_the_table_says(world, name):
    _sweep(world, name, "post", TABLES[name])


@pytest.mark.parametrize("name", CSRF_NAMES)
def test_post_without_csrf_token_is_refused(world, name):
    url = _url(world, name, TABLES[name])
    data = TABLES[name]["data"](world)
    wrong = []
    for role in ROLES:
        response = _request(world, role, "post", url, data, enforce_csrf_checks=True)
        if response.status_code != 403:
            wrong.append(f"  {role}: got {_describe(response)}")
    assert not wrong, f"POST {url} ({name}) without a CSRF token was not refused:\n" + "\n".join(
        wrong
    )


def test_sweep_reports_a_wrong_status_and_a_wrong_redirect(world):
    """The sweep can fail: wrong expectations for two real URLs are each reported."""
    wrong_status = {**TABLES["health"], "expect": expect(404)}
    with pytest.raises(AssertionError, match=r"anonymous: expected 404, got 200"):
        _sweep(world, "health", "get", wrong_status)
    wrong_target = {**TABLES["home"], "expect": {**TABLES["home"]["expect"], LEAD_A: TO_LOGIN}}
    with pytest.raises(AssertionError, match=r"lead_a: expected 302 to login, got 302 to /ass"):
        _sweep(world, "home", "get", wrong_target)

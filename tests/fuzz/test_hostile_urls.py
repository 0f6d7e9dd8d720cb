"""Every URL pattern of the project, with hostile path segments and query strings.

Each path parameter of each pattern is replaced by a hostile value (a NUL byte, which
PostgreSQL cannot store; quotes; right-to-left overrides; huge numbers; very long text),
and every page is asked with hostile filters in its query string, by every kind of
user. Whatever the input: an answer below 500 (the test client re-raises a view's
exception, so a crash fails the test with its traceback).
"""

import re

import pytest
from django.test import Client

from tests.access.base import ADMIN, ANONYMOUS, CDO, LEAD_A
from tests.access.patterns import project_patterns
from tests.access.world import build_world

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<[^>]+>")
HOSTILE_SEGMENTS = [
    "%00",
    "E09000007%00",
    "%27%20OR%201%3D1--",
    "%E2%80%AE",
    "9" * 40,
    "-1",
    "x" * 400,
    "%F0%9F%92%A9",
]
HOSTILE_QUERY = (
    "?round=%00&area=%27&peer_group=%00&questionnaire=-1&format=%00&bom=%00"
    "&sort=%00&direction=sideways&status=%00&page=-1&page_size=999999999999&metric=%00"
    "&next=%2F%2Fevil.example&from=%00&to=%27"
)


def paths() -> list[str]:
    found = []
    for pattern in project_patterns():
        route = pattern.route.lstrip("^").rstrip("$")
        if PARAMETER.search(route):
            found += [PARAMETER.sub(value, route) for value in HOSTILE_SEGMENTS]
        found.append(route + HOSTILE_QUERY)
    return found


@pytest.mark.parametrize("role", [ANONYMOUS, LEAD_A, CDO, ADMIN])
def test_no_hostile_url_is_a_server_error(role):
    world = build_world()
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    failures = []
    for path in paths():
        status = client.get(path).status_code
        if status >= 500:
            failures.append(f"{status} {path}")
    assert not failures, "\n".join(failures)
    assert len(paths()) > 100  # the sweep really ran over the project's patterns

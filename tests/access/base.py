"""The vocabulary of the access tables: roles, expected outcomes and how to write an entry.

An access table is a module-level ``ACCESS`` dict in one module of ``tests.access`` per app
area, ``{url_name: entry}``, where ``url_name`` is namespaced as for ``reverse()``
(``"surveys:start"``) and an entry is a dict made by :func:`entry`:

- ``args``: ``callable(world) -> dict`` of keyword arguments for ``reverse()``; it may
  create objects the shared world lacks (it runs inside the test's transaction);
- ``expect``: ``{role: outcome}`` for a GET, naming every role in ``ROLES``;
- ``post`` (optional): ``{role: outcome}`` for a POST of ``data(world)``: give it to every
  URL that changes state, so the POST sweep and the CSRF check cover it;
- ``query`` (optional): a query string appended to the URL, without the ``?``;
- ``csrf_checked`` (default True): False for views exempt from CSRF (the cookie-less JSON
  API), which the CSRF check then leaves out.

An outcome is a status code (``200``, ``403``, ``404``, ``405``...) or a :class:`Redirect`.
House rules the tables encode: anonymous visitors are sent to sign in (``TO_LOGIN``);
another authority's records answer 404; a role that may not do something gets 403.
Each request runs in a savepoint that is rolled back, so entries never disturb each other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ANONYMOUS = "anonymous"
CONTRIBUTOR_A = "contributor_a"
LEAD_A = "lead_a"
LEAD_B = "lead_b"
CDO = "cdo"
ADMIN = "admin"

ROLES = (ANONYMOUS, CONTRIBUTOR_A, LEAD_A, LEAD_B, CDO, ADMIN)
SIGNED_IN = ROLES[1:]
BOROUGH_A = (CONTRIBUTOR_A, LEAD_A)
BOROUGH = (CONTRIBUTOR_A, LEAD_A, LEAD_B)
CDO_OFFICE = (CDO, ADMIN)


@dataclass(frozen=True)
class Redirect:
    """A redirect (302 unless told) to ``to``: a URL name for ``reverse()``, a path, or a
    ``callable(world) -> path``. Only the path of the Location is compared; the query
    (``?next=...``) is not."""

    to: str | Callable[[Any], str]
    status: int = 302

    def __repr__(self) -> str:
        target = self.to if isinstance(self.to, str) else getattr(self.to, "__name__", "?")
        return f"{self.status} to {target}"


TO_LOGIN = Redirect("login")

Outcome = int | Redirect


def expect(default: Outcome | None = None, /, **by_role: Outcome) -> dict[str, Outcome]:
    """Outcomes for every role: ``default`` for those not named.

    Role groups may be named too, e.g. ``expect(403, anonymous=TO_LOGIN, BOROUGH_A=200)``:
    the keys ``BOROUGH_A``, ``BOROUGH``, ``SIGNED_IN``, ``CDO_OFFICE`` stand for their roles.
    """
    groups = {
        "BOROUGH_A": BOROUGH_A,
        "BOROUGH": BOROUGH,
        "SIGNED_IN": SIGNED_IN,
        "CDO_OFFICE": CDO_OFFICE,
    }
    result: dict[str, Outcome] = {}
    for key, outcome in by_role.items():
        if key in groups:
            for role in groups[key]:
                result.setdefault(role, outcome)
    for key, outcome in by_role.items():
        if key in groups:
            continue
        if key not in ROLES:
            raise ValueError(f"unknown role {key!r}; roles are {ROLES}")
        result[key] = outcome
    for role in ROLES:
        if role not in result:
            if default is None:
                raise ValueError(f"no outcome for role {role!r} and no default")
            result[role] = default
    return result


def signed_in_only(outcome: Outcome = 200, /, **by_role: Outcome) -> dict[str, Outcome]:
    """Anonymous visitors are sent to sign in; everyone else gets ``outcome`` unless named."""
    return expect(outcome, anonymous=TO_LOGIN, **by_role)


def no_args(world) -> dict:
    return {}


def entry(
    expect: dict[str, Outcome],
    *,
    args: Callable[[Any], dict] = no_args,
    post: dict[str, Outcome] | None = None,
    data: Callable[[Any], dict] | None = None,
    query: str = "",
    csrf_checked: bool = True,
) -> dict:
    """One row of an access table (see the module docstring)."""
    row = {"args": args, "expect": expect, "query": query, "csrf_checked": csrf_checked}
    if post is not None:
        row["post"] = post
        row["data"] = data or (lambda world: {})
    return row

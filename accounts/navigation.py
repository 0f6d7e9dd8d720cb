"""What each role is offered: the service navigation and where a person's work starts,
built from the rules in ``accounts.access`` (which decides; this module only lists)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.access import (
    BOROUGH_ROLES,
    is_admin,
    may_decide_account_requests,
    may_export,
    may_review,
    role_of,
)
from accounts.oidc import providers
from accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # for {% url %}
    section: str  # the URL namespace (or, for a single page, the URL name) it marks current


def navigation(user) -> list[NavItem]:
    """The service navigation a person sees, in order: built from the rules above."""
    role = role_of(user)
    if role == Role.ANONYMOUS and not getattr(user, "is_authenticated", False):
        return []
    items: list[NavItem] = []
    if role in BOROUGH_ROLES:
        items.append(NavItem("Your assessment", "surveys:start", "surveys"))
    if may_review(user):
        items.append(NavItem("Round progress", "review:rounds", "review"))
    if may_export(user):
        items.append(NavItem("Export data", "exports:index", "exports"))
    if role != Role.ANONYMOUS:
        items.append(NavItem("Reports", "reports:index", "reports"))  # its pages' heading
    # Requests for access come only from sign-ins through an organisation's provider.
    if may_decide_account_requests(user) and providers.configured():
        items.append(NavItem("Requests for access", "oidc_requests", "oidc_requests"))
    if is_admin(user):
        items.append(NavItem("Admin", "admin:index", "admin"))
    items.append(NavItem("Sign-in security", "two_factor", "two_factor"))
    return items


def home_url_name(user) -> str | None:
    """Where a person's work starts (None: the public start page, or no role yet)."""
    role = role_of(user)
    if role in BOROUGH_ROLES:
        return "surveys:start"
    if may_review(user):
        return "review:rounds"
    return None

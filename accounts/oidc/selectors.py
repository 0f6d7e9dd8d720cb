"""Reads for organisation sign-in: an account's provider, and the requests a person may decide."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts import access
from accounts.models import ExternalIdentity, PendingAccount
from accounts.oidc import providers

RECENT_DECISIONS = 20


def linked_provider(user) -> providers.IdentityProvider | None:
    """The configured provider this account is linked to, if any (one query): such an
    account signs in through it only, so a leaver cannot fall back on a password."""
    linked = set(ExternalIdentity.objects.filter(user=user).values_list("provider", flat=True))
    return next((p for p in providers.configured() if p.id in linked), None)


def account_requests_for(user) -> QuerySet[PendingAccount]:
    """The requests for access ``user`` may see and decide: every one for an admin, their
    own authority's for a digital lead, none for anyone else."""
    requests = PendingAccount.objects.select_related("authority", "decided_by")
    if access.is_admin(user):
        return requests
    membership = access.membership_of(user)
    if access.is_lead(user) and membership is not None:
        return requests.filter(authority_id=membership.authority_id)
    return requests.none()


def waiting_and_recent(user) -> tuple[list[PendingAccount], list[PendingAccount]]:
    """The waiting requests (oldest first) and the latest decided ones. Two queries."""
    visible = account_requests_for(user)
    waiting = list(visible.filter(status=PendingAccount.Status.PENDING))
    decided = list(
        visible.exclude(status=PendingAccount.Status.PENDING).order_by("-decided_at", "-pk")[
            :RECENT_DECISIONS
        ]
    )
    return waiting, decided

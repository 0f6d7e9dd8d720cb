"""Bulk row builders for the generator: accounts, and frozen result snapshots (through the
service)."""

from __future__ import annotations

BATCH = 5000


def add_accounts(authorities: list, password: str) -> dict[str, object]:
    """lead-<slug> and contributor-<slug> for each authority, and cdo; one password hash."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.contrib.auth.models import Group, User

    from accounts.roles import GROUP_CDO_OFFICE, GROUP_CONTRIBUTORS, GROUP_LEADS
    from boroughs.models import Membership

    # The production hasher, whatever the settings, so the accounts can sign in to a
    # server run with the production settings. Hashing once keeps this fast.
    hashed = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    groups = {g.name: g for g in Group.objects.all()}
    wanted = [("cdo", None, GROUP_CDO_OFFICE)] + [
        (f"{role}-{a.slug}", (a, role), group)
        for a in authorities
        for role, group in (("lead", GROUP_LEADS), ("contributor", GROUP_CONTRIBUTORS))
    ]
    existing = set(User.objects.values_list("username", flat=True))
    new = [w for w in wanted if w[0] not in existing]
    users = User.objects.bulk_create(
        [User(username=u, email=f"{u}@example.org", password=hashed) for u, _, _ in new],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, authority=member[0], role=member[1])
            for user, (_, member, _) in zip(users, new, strict=True)
            if member is not None
        ],
        batch_size=BATCH,
    )
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=user.pk, group_id=groups[group].pk)
            for user, (_, _, group) in zip(users, new, strict=True)
        ],
        batch_size=BATCH,
    )
    return {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}


def add_snapshots() -> int:
    """Frozen results of every approved assessment without them, written by the service
    that approval uses (``result_snapshots_create``: bulk, atomic, one audit event)."""
    from surveys.models import Assessment
    from surveys.results.snapshots import result_snapshots_create

    approved = Assessment.objects.filter(status="approved", snapshot__isnull=True)
    return len(result_snapshots_create(assessments=approved))

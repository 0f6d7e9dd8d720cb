"""Bulk row builders for the generator: accounts and frozen result snapshots."""

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
    """Frozen results of every approved assessment, computed by the scoring selectors."""
    from django.utils import timezone

    from surveys.models import AreaResult, Assessment, QuestionResult, ResultSnapshot
    from surveys.results.selectors import assessment_scores

    def decimal(value):
        return None if value is None else round(value, 2)

    approved = Assessment.objects.filter(status="approved", snapshot__isnull=True)
    versions, scores = assessment_scores(assessments=approved)
    now = timezone.now()
    snapshots = ResultSnapshot.objects.bulk_create(
        [
            ResultSnapshot(
                assessment_id=pk,
                scoring_method=score.method,
                overall_score=decimal(score.overall_score),
                overall_level=score.overall_level,
                completion=decimal(score.completion),
                computed_at=now,
            )
            for pk, score in scores.items()
        ],
        batch_size=BATCH,
    )
    areas, questions = [], []
    for snapshot in snapshots:
        version, score = versions[snapshot.assessment_id], scores[snapshot.assessment_id]
        areas += [
            AreaResult(
                snapshot=snapshot,
                area_id=area["id"],
                score=decimal(s.score),
                level=s.level,
                completion=decimal(s.completion),
            )
            for area, s in zip(version.areas, score.areas, strict=True)
        ]
        questions += [
            QuestionResult(snapshot=snapshot, question_id=q["id"], score=decimal(s.score))
            for q, s in zip(version.questions, score.questions, strict=True)
        ]
    AreaResult.objects.bulk_create(areas, batch_size=BATCH)
    QuestionResult.objects.bulk_create(questions, batch_size=BATCH)
    return len(snapshots)

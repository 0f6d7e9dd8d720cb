"""Write the load test's plan: who signs in where, which answers they edit, the baseline.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... python -m bench.loadtest.plan PLAN.json [N]

Run by ``run.py`` after the demo data is loaded. Starts (through the service, as a
borough user's first visit would) the open round's assessment of every authority
that has none, so every reference is known before the load begins. The baseline
(every open-round answer's version) lets the checker spot a write nobody made.
With N, also creates N signed-in sessions per account, for the users who start the
run already signed in (as people do who signed in earlier in the day).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HOT_PER_AUTHORITY = 2  # answers that every user of an authority keeps editing at once


def _verified_device(user) -> tuple[str, str] | None:
    """(session key, persistent id) of the person's confirmed two-factor device, if any."""
    try:
        from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
    except ImportError:  # two-factor sign-in not installed
        return None
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    return None if device is None else (DEVICE_ID_SESSION_KEY, device.persistent_id)


def signed_in_sessions(usernames: list[str], per_user: int) -> dict[str, list[str]]:
    """Session keys of people already signed in (``per_user`` each), as a browser keeps them.

    Created as ``django.contrib.auth.login`` would (user id, backend, password hash),
    so the server treats them exactly like a session from the sign-in page. Where the
    person has a confirmed authenticator app (two-factor sign-in, required of the CDO
    office), the session is also marked verified with it, as entering a code would.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions: dict[str, list[str]] = {}
    for user in User.objects.filter(username__in=usernames):
        sessions[user.username] = []
        for _ in range(per_user):
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            device = _verified_device(user)
            if device is not None:
                session[device[0]] = device[1]
            session.create()
            sessions[user.username].append(session.session_key)
    return sessions


def build_plan(password: str, sessions_per_user: int = 0) -> dict:
    from django.conf import settings

    from boroughs.models import Authority
    from surveys.answers.kinds import kind_named
    from surveys.journey.services.assessments import assessment_start
    from surveys.models import Answer, Assessment, Round

    open_round = Round.objects.select_related("questionnaire").get(status=Round.Status.OPEN)
    results_round = (
        Round.objects.filter(status=Round.Status.PUBLISHED).order_by("-opens_on").first()
    )
    questions = [
        {"code": q.code, "kind": q.kind}
        for q in open_round.questionnaire.questions.order_by("area__order", "order")
    ]
    # Maturity questions: the ones people come back to most.
    hot = [q for q in questions if kind_named(q["kind"]).has_levels][:HOT_PER_AUTHORITY]
    authorities = []
    for authority in Authority.objects.order_by("gss_code"):
        assessment = assessment_start(authority=authority, round=open_round, actor=None)
        editable = assessment.status in (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
        authorities.append(
            {
                "slug": authority.slug,
                "reference": assessment.reference,
                "editable": editable,
                "questions": questions,
                "hot": hot if editable else [],
            }
        )
    baseline = {
        f"{ref}|{code}": version
        for ref, code, version in Answer.objects.filter(assessment__round=open_round).values_list(
            "assessment__reference", "question__code", "version"
        )
    }
    usernames = ["cdo"] + [f"{r}-{a['slug']}" for a in authorities for r in ("lead", "contributor")]
    return {
        "password": password,
        # Failed sign-ins before a lock-out (the two-server run checks one holds on both).
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "sessions": signed_in_sessions(usernames, sessions_per_user),
        "open_round": open_round.slug,
        "results_round": results_round.slug if results_round else open_round.slug,
        "areas": list(
            open_round.questionnaire.areas.order_by("order").values_list("code", flat=True)
        ),
        "authorities": authorities,
        "baseline": baseline,
    }


def main(argv: list[str]) -> None:
    import django

    django.setup()
    plan = build_plan(
        os.environ.get("DEMO_PASSWORD", "london-digital-demo"),
        int(argv[1]) if len(argv) > 1 else 0,
    )
    Path(argv[0]).write_text(json.dumps(plan, indent=1), encoding="utf-8")
    editable = sum(a["editable"] for a in plan["authorities"])
    print(
        f"Plan: {len(plan['authorities'])} authorities ({editable} editable), "
        f"{len(plan['baseline'])} answers before the load"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

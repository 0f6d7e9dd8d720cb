"""Access table for the project-wide URLs: home, health, accounts, session, admin."""

from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.access.base import ADMIN, LEAD_A, LEAD_B, Redirect, entry, expect, signed_in_only


def _bad_reset_link(world):
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(world.users[LEAD_A].pk)),
        "token": "not-a-real-token",
    }


def _unknown_provider(world):
    # No provider is configured in the sweep; tests/accounts/oidc/ sign in through a real one.
    return {"provider_id": "no-such-provider"}


def _request_for_authority_a(world):
    """A request for access to authority A, waiting: its lead and admins may decide it."""
    from accounts.models import PendingAccount

    if "pending_account" not in world.extra:
        world.extra["pending_account"] = PendingAccount.objects.create(
            provider="sweep",
            issuer="https://idp.example",
            subject="sweep-subject",
            email="new.person@example.gov.uk",
            authority=world.authority_a,
            requested_at=timezone.now(),
        )
    return {"pk": world.extra["pending_account"].pk}


# Leads and admins decide requests for access; lead B's scope does not include A's.
DECIDERS = {LEAD_A: 200, LEAD_B: 200, ADMIN: 200}

ACCESS = {
    "home": entry(
        expect(
            anonymous=200,
            BOROUGH=Redirect("surveys:start"),
            CDO_OFFICE=Redirect("review:rounds"),
        ),
        post=expect(405),
    ),
    "health": entry(expect(200)),
    # Public pages: readable without signing in.
    "scoring-method": entry(expect(200), post=expect(405)),
    "moderation-method": entry(expect(200), post=expect(405)),
    "accessibility": entry(expect(200), post=expect(405)),
    # Signing in: a signed-in person is sent home rather than shown the form again.
    "login": entry(
        expect(Redirect("home"), anonymous=200),
        # An empty form re-displays with errors; the page itself is not refused to anyone.
        post=expect(200, SIGNED_IN=Redirect("home")),
    ),
    "logout": entry(expect(405), post=expect(Redirect("login"))),
    # Signing in through an organisation's provider (accounts.oidc): an empty work address
    # re-displays the sign-in page with its error; an unknown provider is a 404.
    "oidc_sign_in": entry(expect(405), post=expect(400)),
    "oidc_start": entry(expect(404), args=_unknown_provider, post=expect(405)),
    "oidc_callback": entry(expect(404), args=_unknown_provider, post=expect(405)),
    "oidc_requests": entry(
        signed_in_only(403, **DECIDERS),
        post=signed_in_only(403, lead_a=405, lead_b=405, admin=405),
    ),
    # An empty decision is a 400; lead B never sees authority A's request (404).
    "oidc_request_decide": entry(
        signed_in_only(403, lead_a=405, lead_b=405, admin=405),
        args=_request_for_authority_a,
        post=signed_in_only(403, lead_a=400, lead_b=404, admin=400),
    ),
    "password_change": entry(signed_in_only(200), post=signed_in_only(200)),
    "password_change_done": entry(signed_in_only(200)),
    "password_reset": entry(expect(200), post=expect(200)),
    "password_reset_done": entry(expect(200)),
    # A wrong token shows "This link does not work" (tests/test_accounts.py follows a right one).
    "password_reset_confirm": entry(expect(200), args=_bad_reset_link, post=expect(200)),
    "password_reset_complete": entry(expect(200)),
    # Two-factor sign-in. Nobody in the sweep has an authenticator app (and the test
    # settings require it of no role), so the pages that need one send people on.
    # What a session that has not entered a code may reach (only the pages of
    # accounts.two_factor.middleware.OPEN_BEFORE_THE_CODE) is tested in tests/test_two_factor.py.
    "two_factor": entry(signed_in_only(200), post=signed_in_only(405)),
    # An empty code re-displays the form with an error.
    "two_factor_setup": entry(signed_in_only(200), post=signed_in_only(200)),
    # The codes are shown once, just after set-up; otherwise back to the account page.
    "two_factor_recovery_codes": entry(
        signed_in_only(Redirect("two_factor")), post=signed_in_only(405)
    ),
    "two_factor_verify": entry(
        signed_in_only(Redirect("home")), post=signed_in_only(Redirect("home"))
    ),
    "two_factor_recovery": entry(
        signed_in_only(Redirect("home")), post=signed_in_only(Redirect("home"))
    ),
    "two_factor_remove": entry(
        signed_in_only(Redirect("two_factor")), post=signed_in_only(Redirect("two_factor"))
    ),
    "keep-alive": entry(expect(405), post=expect(200, anonymous=401)),
    "admin:index": entry(expect(Redirect("admin:login"), admin=200)),
}

"""Where a person may be sent after signing in or entering a code: only back to this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None) -> str:
    """``value`` if it is an address on this host (and https when the request is), else ""
    (an open redirect is never followed)."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""

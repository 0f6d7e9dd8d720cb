"""Sending email: one message per recipient, absolute links, and a mail server that fails
never undoing the action being reported."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """The service's public address (``SERVICE_BASE_URL``) joined to ``path``."""
    base = settings.SERVICE_BASE_URL
    return base.rstrip("/") + path


def send_each(subject: str, body: str, addresses: Iterable[str]) -> int:
    """Send one copy of the message to each address; the number sent (0 if the server fails)."""
    messages = [EmailMessage(subject, body, None, [address]) for address in addresses]
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:  # any transport error: the action it reports has already happened
        logger.exception("could not send %r to %d recipient(s)", subject, len(messages))
        return 0

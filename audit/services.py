"""The audit log: append-only records of significant actions."""

import logging

from django.utils import timezone

from audit.models import AuditEvent

logger = logging.getLogger("maturity.audit")


def client_ip(request) -> str | None:
    """The client's address as Django sees it (the proxy sets REMOTE_ADDR correctly)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _without_nul(value):
    """PostgreSQL refuses NUL in text and JSON; a hostile path or username must not cause a 500."""
    if isinstance(value, str):
        return value.replace("\x00", "\N{REPLACEMENT CHARACTER}")
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nul(v) for v in value]
    return value


def audit_record(
    *, action: str, actor=None, target: str = "", request=None, detail: dict | None = None
) -> AuditEvent:
    """Append one audit event and log it. Never updates or deletes earlier events.

    ``actor`` may be None (the system, or an anonymous visitor); ``actor_name`` keeps
    the username even if the account is later deleted.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        target=_without_nul(target)[:300],
        ip_address=client_ip(request),
        detail=_without_nul(detail or {}),
    )
    logger.info(
        "audit action=%s actor=%s target=%s ip=%s",
        action,
        event.actor_name or "-",
        event.target,
        event.ip_address or "-",
    )
    return event

"""Creating borough accounts: users, memberships, role groups and invitations.

An invitation is a link to Django's password-reset confirmation page, made with
``default_token_generator``: the token is tied to the account's password and last
sign-in, so it stops working as soon as the password is set (single use), and
expires after ``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import access
from accounts.bulk_import import AccountRow
from accounts.roles import GROUP_FOR_ROLE, Role
from audit.services import audit_record
from boroughs.models import Membership


def invitation_link(user, *, base_url: str) -> str:
    """The single-use, expiring link that lets ``user`` set their first password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invitation_send(users, *, base_url: str) -> int:
    """Email each user their invitation (one connection for all). Returns the number sent."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    memberships = {
        m.user_id: m for m in Membership.objects.select_related("authority").filter(user__in=users)
    }
    messages = []
    for user in users:
        membership = memberships[user.pk]
        context = {
            "user": user,
            "membership": membership,
            "link": invitation_link(user, base_url=base_url),
            "days": days,
            "service_name": settings.SERVICE_NAME,
        }
        subject = render_to_string("boroughs/invitation_subject.txt", context).strip()
        body = render_to_string("boroughs/invitation_email.txt", context)
        messages.append(EmailMessage(subject, body, to=[user.email]))
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


@transaction.atomic
def accounts_create(*, rows: list[AccountRow], actor, base_url: str, request=None) -> list:
    """Create one borough account per row, all or none, and invite each by email.

    Guarantees: admins only (else ``PermissionDenied``). Each account gets
    username = email, no usable password, a membership of its authority with its
    role, and the role's group. If any email already belongs to an account (checked
    again here, inside the transaction) a ``ValidationError`` is raised and nothing
    is created. One ``account.create`` audit event per account and one
    ``accounts.import`` event for the batch. Invitations are emailed only once the
    transaction has committed, so nobody is invited to an account that does not exist.
    """
    if not access.may_manage_accounts(actor):
        raise PermissionDenied("Only admins can create accounts.")
    if not rows:
        raise ValidationError("There are no accounts to create.")
    User = get_user_model()
    emails = {row.email.lower() for row in rows}
    taken = User.objects.annotate(u=Lower("username"), e=Lower("email")).filter(
        Q(u__in=emails) | Q(e__in=emails)
    )
    if len(emails) != len(rows) or taken.exists():
        raise ValidationError("Some of these email addresses already have accounts.")
    groups = {
        role: Group.objects.get(name=GROUP_FOR_ROLE[Role(role)]) for role in ("lead", "contributor")
    }
    users = []
    for row in rows:
        user = User(
            username=row.email, email=row.email, first_name=row.first_name, last_name=row.last_name
        )
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, authority=row.authority, role=row.role)
        user.groups.add(groups[row.role])
        audit_record(
            action="account.create",
            actor=actor,
            target=user.username,
            request=request,
            detail={"authority": row.authority.gss_code, "role": row.role, "line": row.line},
        )
        users.append(user)
    audit_record(
        action="accounts.import",
        actor=actor,
        target=f"{len(users)} accounts",
        request=request,
        detail={"count": len(users), "usernames": [user.username for user in users]},
    )
    transaction.on_commit(lambda: invitation_send(users, base_url=base_url))
    return users

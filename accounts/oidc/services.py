"""Signing in through an organisation's provider: linking accounts, requests for access.

Every write is atomic and audited here. Who may decide a request, and which roles they
may give, is ``accounts.access``'s to say (``grantable_roles``); which account a provider
may sign in, ``access.may_sign_in_through``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.emails import absolute_url, send_each
from accounts.models import ExternalIdentity, PendingAccount
from accounts.oidc.claims import Person, Reason, SignInRefused
from accounts.oidc.providers import IdentityProvider
from accounts.roles import GROUP_FOR_ROLE, Role
from audit.services import audit_record
from boroughs.models import Authority, Membership

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignInOutcome:
    """Either an account to sign in, or the person's request for access (new or waiting)."""

    user: object | None = None
    pending: PendingAccount | None = None
    new_request: bool = False


def _authority(code: str) -> Authority | None:
    """The authority of a configured GSS code (None: the CDO office). A code in the
    configuration that names no authority refuses the sign-in rather than failing."""
    if not code:
        return None
    authority = Authority.objects.filter(gss_code=code).first()
    if authority is None:
        logger.error("OIDC_*_DOMAINS names %s, which is no authority's GSS code", code)
        raise SignInRefused(Reason.DOMAIN_UNKNOWN, domain=code, provider="this service")
    return authority


def _give_role(user, role: Role, authority: Authority | None) -> None:
    if role in (Role.LEAD, Role.CONTRIBUTOR):
        assert authority is not None, "a borough role needs its authority"  # grantable_roles
        Membership.objects.create(user=user, authority=authority, role=str(role))
    user.groups.add(Group.objects.get(name=GROUP_FOR_ROLE[role]))


def _link(user, *, provider_id: str, person: Person, request) -> None:
    now = timezone.now()
    try:
        # A savepoint: the same person's sign-in in another tab may link first.
        with transaction.atomic():
            ExternalIdentity.objects.create(
                user=user,
                provider=provider_id,
                issuer=person.issuer,
                subject=person.subject,
                email=person.email,
                linked_at=now,
                last_signed_in_at=now,
            )
    except IntegrityError:
        return
    audit_record(
        action="oidc.identity_link",
        actor=user,
        target=user.get_username(),
        request=request,
        detail={"provider": provider_id, "issuer": person.issuer, "subject": person.subject},
    )


def _account_for(person: Person):
    """The account this person signs in to, and whether it is already linked to them: by
    their identity (its address and time brought up to date), else by their verified
    address (not yet linked), else (None, False)."""
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=person.issuer, subject=person.subject)
        .first()
    )
    if identity is not None:
        identity.email = person.email
        identity.last_signed_in_at = timezone.now()
        identity.save(update_fields=["email", "last_signed_in_at"])
        return identity.user, True
    matches = list(get_user_model().objects.filter(email__iexact=person.email)[:2])
    if len(matches) > 1:
        raise SignInRefused(Reason.DUPLICATE_EMAIL, email=person.email)
    return (matches[0] if matches else None), False


@transaction.atomic
def identity_sign_in(*, provider: IdentityProvider, person: Person, request) -> SignInOutcome:
    """Decide what a validated sign-in through ``provider`` leads to.

    Guarantees: an account is found by the provider's (issuer, subject), or else by the
    verified address, which then links it (``oidc.identity_link``); it is signed in only
    if active and of the organisation the address's domain is configured for, else
    ``SignInRefused``. With no account: a role claim configured for the provider creates
    the account with that borough role (``account.create``); otherwise a request for
    access is recorded once (``oidc.account_request``) and its approvers are emailed
    after commit; a declined request is refused, a waiting one is returned as it is.
    No role is ever given from a claim unless the provider is configured to.
    """
    user, linked = _account_for(person)
    if user is not None:
        if not user.is_active:
            raise SignInRefused(Reason.ACCOUNT_CLOSED)
        if not access.may_sign_in_through(user, person.authority_code):
            raise SignInRefused(Reason.WRONG_ORGANISATION, provider=provider.name)
        if not linked:
            _link(user, provider_id=provider.id, person=person, request=request)
        return SignInOutcome(user=user)
    previous = (
        PendingAccount.objects.filter(issuer=person.issuer, subject=person.subject)
        .order_by("-requested_at", "-pk")
        .first()
    )
    if previous is not None and previous.status == PendingAccount.Status.REFUSED:
        raise SignInRefused(Reason.REQUEST_DECLINED)
    if previous is not None and previous.status == PendingAccount.Status.PENDING:
        return SignInOutcome(pending=previous)
    if person.role_from_claim:
        return SignInOutcome(user=_account_from_claim(person, provider, request))
    return SignInOutcome(pending=_request_access(person, provider, request), new_request=True)


def _new_user(person: Person):
    User = get_user_model()
    user = User(
        username=person.email,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_unusable_password()
    user.save()
    return user


def _account_from_claim(person: Person, provider: IdentityProvider, request):
    user = _new_user(person)
    role = Role(person.role_from_claim)
    _give_role(user, role, _authority(person.authority_code))
    _link(user, provider_id=provider.id, person=person, request=request)
    audit_record(
        action="account.create",
        actor=user,
        target=user.get_username(),
        request=request,
        detail={
            "authority": person.authority_code,
            "role": str(role),
            "from_claim": provider.role_claim,
        },
    )
    return user


def _request_access(person: Person, provider: IdentityProvider, request) -> PendingAccount:
    try:
        # A savepoint: a sign-in in another tab may have made the request first.
        with transaction.atomic():
            pending = PendingAccount.objects.create(
                provider=provider.id,
                issuer=person.issuer,
                subject=person.subject,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                authority=_authority(person.authority_code),
                requested_at=timezone.now(),
            )
    except IntegrityError:
        return PendingAccount.objects.get(
            issuer=person.issuer, subject=person.subject, status=PendingAccount.Status.PENDING
        )
    audit_record(
        action="oidc.account_request",
        target=person.email,
        request=request,
        detail={
            "provider": provider.id,
            "authority": person.authority_code,
            "subject": person.subject,
        },
    )
    transaction.on_commit(lambda: _tell_approvers(pending))
    return pending


def _approver_addresses(pending: PendingAccount) -> list[str]:
    admins = get_user_model().objects.filter(
        is_active=True, groups__name=GROUP_FOR_ROLE[Role.ADMIN]
    )
    addresses = set(admins.exclude(email="").values_list("email", flat=True))
    if pending.authority_id is not None:
        leads = Membership.objects.filter(
            authority_id=pending.authority_id, role=Membership.Role.LEAD, user__is_active=True
        ).exclude(user__email="")
        addresses |= set(leads.values_list("user__email", flat=True))
    return sorted(addresses)


def _tell_approvers(pending: PendingAccount) -> None:
    where = pending.authority.name if pending.authority else "the CDO office"
    body = (
        f"{pending.full_name} ({pending.email}) signed in through their organisation and "
        f"asks for access to London Digital Maturity for {where}.\n\n"
        f"Approve or decline the request: {absolute_url(reverse('oidc_requests'))}\n"
    )
    send_each("A request for access is waiting", body, _approver_addresses(pending))


def _decidable(pending_id: int, actor) -> PendingAccount:
    pending = PendingAccount.objects.select_for_update().filter(pk=pending_id).first()
    if pending is None or not access.grantable_roles(actor, pending.authority_id):
        raise PermissionDenied("You cannot decide this request.")
    if pending.status != PendingAccount.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    return pending


@transaction.atomic
def pending_account_approve(*, pending_id: int, role: str, actor, request=None):
    """Approve a request: make the account with ``role``, linked to the provider identity.

    Guarantees: only someone ``access.grantable_roles`` allows, and only a role it lists
    (else ``PermissionDenied``); a request decided meanwhile, or an address that has
    since got an account, gives ``ValidationError`` and changes nothing. The person is
    emailed once the approval has committed. Audited as ``oidc.account_approve``.
    """
    pending = _decidable(pending_id, actor)
    if role not in {str(r) for r in access.grantable_roles(actor, pending.authority_id)}:
        raise PermissionDenied("You cannot give that role.")
    if get_user_model().objects.filter(email__iexact=pending.email).exists():
        raise ValidationError(
            f"An account with the address {pending.email} already exists: decline this request; "
            "the person can sign in through their organisation and will be linked to it."
        )
    person = Person(
        issuer=pending.issuer,
        subject=pending.subject,
        email=pending.email,
        first_name=pending.first_name,
        last_name=pending.last_name,
        authority_code=pending.authority.gss_code if pending.authority else "",
        mfa=False,
        role_from_claim="",
    )
    try:
        user = _new_user(person)
    except IntegrityError as exc:  # the username (the address) was taken meanwhile
        raise ValidationError(f"An account named {pending.email} already exists.") from exc
    _give_role(user, Role(role), pending.authority)
    _link(user, provider_id=pending.provider, person=person, request=request)
    now = timezone.now()
    pending.status, pending.role, pending.user = PendingAccount.Status.APPROVED, role, user
    pending.decided_at, pending.decided_by = now, actor
    pending.save()
    audit_record(
        action="oidc.account_approve",
        actor=actor,
        target=pending.email,
        request=request,
        detail={"role": role, "authority": person.authority_code, "request": pending.pk},
    )
    body = (
        "Your request for access to London Digital Maturity has been approved.\n\n"
        f"Sign in through your organisation: {absolute_url(reverse('login'))}\n"
    )
    transaction.on_commit(lambda: send_each("You can now sign in", body, [pending.email]))
    return user


@transaction.atomic
def pending_account_refuse(*, pending_id: int, actor, request=None) -> PendingAccount:
    """Decline a request. Same permission rule as approving; audited as
    ``oidc.account_refuse``; the person is emailed once the decision has committed."""
    pending = _decidable(pending_id, actor)
    pending.status = PendingAccount.Status.REFUSED
    pending.decided_at, pending.decided_by = timezone.now(), actor
    pending.save()
    body = (
        "Your request for access to London Digital Maturity was declined.\n\n"
        "If you think you need access, ask your authority's digital lead or the London CDO "
        "office.\n"
    )
    transaction.on_commit(lambda: send_each("Your request for access", body, [pending.email]))
    audit_record(
        action="oidc.account_refuse",
        actor=actor,
        target=pending.email,
        request=request,
        detail={"request": pending.pk},
    )
    return pending


def sign_in_refused_record(*, provider_id: str, refusal: SignInRefused, request) -> None:
    """Audit a refused sign-in through a provider (``oidc.sign_in_refused``), with the
    reason and what the refusal names (address, domain), never a token."""
    audit_record(
        action="oidc.sign_in_refused",
        target=refusal.context.get("email") or refusal.context.get("domain") or provider_id,
        request=request,
        detail={**refusal.context, "provider": provider_id, "reason": refusal.reason.value},
    )

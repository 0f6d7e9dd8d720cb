"""Reads about authorities, peer groups and people: the one place roles are resolved."""

from django.db.models import QuerySet

from boroughs.models import Authority, Membership, PeerGroup
from boroughs.roles import GROUP_ADMINS, GROUP_CDO_OFFICE, Role


def role_of(user) -> Role:
    """The single role a user plays. Admin outranks CDO office, which outranks membership.

    Cached on the user object, so it costs at most two queries per request.
    """
    if user is None or not user.is_authenticated:
        return Role.ANONYMOUS
    cached = getattr(user, "_ldm_role", None)
    if cached is not None:
        return cached
    group_names = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or GROUP_ADMINS in group_names:
        role = Role.ADMIN
    elif GROUP_CDO_OFFICE in group_names:
        role = Role.CDO
    else:
        membership = membership_of(user)
        if membership is None:
            role = Role.ANONYMOUS
        elif membership.role == Membership.Role.LEAD:
            role = Role.LEAD
        else:
            role = Role.CONTRIBUTOR
    user._ldm_role = role
    return role


def membership_of(user) -> Membership | None:
    """The user's membership with its authority, or None (CDO office, admins, strangers)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_ldm_membership"):
        user._ldm_membership = (
            Membership.objects.select_related("authority").filter(user=user).first()
        )
    return user._ldm_membership


def sees_all_authorities(user) -> bool:
    """True for the CDO office and admins, who see every authority by name."""
    return role_of(user) in (Role.CDO, Role.ADMIN)


def authorities_visible_to(user) -> QuerySet[Authority]:
    """Authorities whose own records (assessments, answers, evidence) the user may open.

    Guarantee: a borough user gets at most their own authority; anyone without a
    role gets none.
    """
    if sees_all_authorities(user):
        return Authority.objects.all()
    membership = membership_of(user)
    if membership is None:
        return Authority.objects.none()
    return Authority.objects.filter(pk=membership.authority_id)


def authority_list() -> QuerySet[Authority]:
    return Authority.objects.order_by("name")


def peer_group_list() -> QuerySet[PeerGroup]:
    return PeerGroup.objects.prefetch_related("authorities").order_by("name")

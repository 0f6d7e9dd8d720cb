"""Who may do and see what: every access and disclosure rule of the service, in one module.

Views, the API, open data, exports and templates ask these functions; none of them
restates a role check. Row-level scope is enforced by the selectors that take the user
(``authorities_visible_to``, ``surveys.journey.selectors.assessment_for_user``...), which
call these rules, so a URL for another authority's record answers 404 whatever a page shows.

The rules:

* Roles: admin outranks CDO office, which outranks a membership (lead or contributor of
  one authority). Anyone else has no role (``Role.ANONYMOUS``).
* The CDO office and admins see every authority by name, with evidence, in every round.
* A borough user sees their own authority's results and evidence; other authorities
  *by name* only in a round that shares named results (``names_visible``), and never
  another authority's evidence. The public (open data, API) likewise sees names only in
  a round that shares them.
* No aggregate (median, quartiles, distribution) over fewer than ``MIN_AUTHORITIES``
  authorities with results is shown to anyone.
* An authority's improvement plan (targets and actions) is its own leads' and
  contributors' and the CDO office's; other authorities' leads and contributors see it
  only when the authority shares it (``Plan.shared``); the public never
  (``may_see_plan``).
* An authority's register of systems is seen by name by its own people and the CDO
  office always, by other London authorities' people in a round that shares named
  results (``may_see_register``); its contract values and notes only by its own people
  and the CDO office (``may_see_contract_details``); its leads and contributors edit it
  while the round is open (``may_edit_register``).
* Only the authority's leads and contributors edit its assessment, while it is a draft
  or returned and its round is open; only its leads submit it.
* The CDO office and admins review, export and may ask for the ranking; only admins
  reopen an approved assessment and manage rounds, questionnaires and accounts.

Rounds and assessments are read by their attributes only (``share_named_results``,
``status``, ``authority_id``), so this module imports nothing above ``boroughs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.roles import GROUP_ADMINS, GROUP_CDO_OFFICE, Role
from boroughs.models import Authority, Membership

# The fewest authorities any aggregate may be shown over.
MIN_AUTHORITIES = 5
ROUND_OPEN = "open"  # surveys.models.Round.Status.OPEN, read by value (no upward import)
ROUND_PUBLISHED = "published"  # surveys.models.Round.Status.PUBLISHED, likewise
BOROUGH_ROLES = (Role.LEAD, Role.CONTRIBUTOR)
OFFICE_ROLES = (Role.CDO, Role.ADMIN)


# --- Roles ------------------------------------------------------------------------------


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
    return role_of(user) in OFFICE_ROLES


def is_admin(user) -> bool:
    return role_of(user) == Role.ADMIN


def is_lead(user) -> bool:
    """A digital lead of an authority (who alone submits its assessment)."""
    return role_of(user) == Role.LEAD


def is_borough_user(user) -> bool:
    """A lead or contributor of an authority."""
    return role_of(user) in BOROUGH_ROLES


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


# --- Who is looking at results ----------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their role, and their own authority if they belong to one."""

    role: Role
    authority_id: int | None
    authority_slug: str | None

    @property
    def sees_all(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def has_access(self) -> bool:
        """May open the dashboards: the CDO office, admins and borough people."""
        return self.sees_all or self.authority_id is not None


# Anyone at all: the open data and the API are read by people who have not signed in.
PUBLIC_VIEWER = Viewer(role=Role.ANONYMOUS, authority_id=None, authority_slug=None)


def viewer_for(user) -> Viewer:
    role = role_of(user)
    membership = membership_of(user) if role in BOROUGH_ROLES else None
    return Viewer(
        role=role,
        authority_id=membership.authority_id if membership else None,
        authority_slug=membership.authority.slug if membership else None,
    )


def names_visible(viewer: Viewer, round_) -> bool:
    """Whether the viewer may see other authorities' results by name in this round.

    The one disclosure rule of the service: the CDO office and admins always may; anyone
    else (a borough user, or the public reading the open data and the API) only in a
    round that shares named results. Where it is false, only one's own authority and
    aggregates of at least ``MIN_AUTHORITIES`` authorities are shown.
    """
    return viewer.sees_all or round_.share_named_results


def visible_authority_ids(viewer: Viewer, round_, authority_ids) -> set[int]:
    """The subset of ``authority_ids`` the viewer may see by name in this round."""
    if names_visible(viewer, round_):
        return set(authority_ids)
    return {pk for pk in authority_ids if pk == viewer.authority_id}


def may_see_authority(viewer: Viewer, authority_id: int, round_) -> bool:
    """An authority's profile: one's own always; another if names are visible in the round
    (``round_`` None: no round, so only the CDO office and admins)."""
    if authority_id == viewer.authority_id or viewer.sees_all:
        return True
    return round_ is not None and names_visible(viewer, round_)


def may_see_sign_off(viewer: Viewer, authority_id: int, round_, *, approved: bool) -> bool:
    """An assessment's senior sign-off (a name and a role the lead recorded): the CDO
    office and admins always; anyone else with the approved assessment of an authority
    they may see by name in the round (``may_see_authority``)."""
    return viewer.sees_all or (approved and may_see_authority(viewer, authority_id, round_))


def may_see_evidence(viewer: Viewer, authority_id: int) -> bool:
    """Answers and evidence: the CDO office and admins, and the authority's own users."""
    return viewer.sees_all or (
        viewer.authority_id is not None and viewer.authority_id == authority_id
    )


def may_see_report(viewer: Viewer, authority_id: int) -> bool:
    """The report to take to leadership (results, targets and the private improvement
    plan): the authority's own leads and contributors, the CDO office and admins; nobody
    else, even in a round that shares named results."""
    return viewer.sees_all or (
        viewer.authority_id is not None and viewer.authority_id == authority_id
    )


def may_see_ranking(viewer: Viewer) -> bool:
    """The ranking view is the CDO office's (and admins'), on request; nobody else's."""
    return viewer.sees_all


# --- Improvement plans ------------------------------------------------------------------


def may_see_plan(viewer: Viewer, authority_id: int, shared: bool) -> bool:
    """Whether the viewer may see an authority's improvement plan (its targets and
    actions), wherever it is shown: the plans pages, the London-wide view of plans, the
    profile's targets, the CSV export and the API.

    The rule: the authority's own leads and contributors, the CDO office and admins
    always; the signed-in leads and contributors of *other* London authorities only when
    the authority shares its plan (``Plan.shared``, passed as ``shared``); the public
    (open data, the anonymous API) and signed-in people without a role never. Plans are
    not open data, and sharing a plan does not depend on the round's named results.
    Counts over many plans (how many authorities have a target...) name nobody and are
    shown to everyone who may open the dashboards.
    """
    if viewer.sees_all or (viewer.authority_id is not None and viewer.authority_id == authority_id):
        return True
    return shared and viewer.authority_id is not None


def plan_visible_authority_ids(viewer: Viewer, shared_by_authority) -> set[int]:
    """Of ``{authority_id: shared}`` (each authority's ``Plan.shared``), the authorities
    whose plans the viewer may see by name (``may_see_plan``)."""
    return {pk for pk, shared in shared_by_authority.items() if may_see_plan(viewer, pk, shared)}


def plans_visible_filter(viewer: Viewer, prefix: str = "") -> Q | None:
    """``may_see_plan`` as a filter over ``Plan`` rows (``prefix`` "plan__" for targets and
    actions), read by the field names ``authority`` and ``shared``: every plan for the CDO
    office and admins, one's own and shared plans for a borough user, None (no plan) for
    anyone else."""
    if viewer.sees_all:
        return Q()
    if viewer.authority_id is None:
        return None
    return Q(**{f"{prefix}authority_id": viewer.authority_id}) | Q(**{f"{prefix}shared": True})


# --- The technology estate register ----------------------------------------------------


def may_see_register(viewer: Viewer, authority_id: int, round_) -> bool:
    """Whether the viewer may see an authority's register of systems in a round by name
    (which products and suppliers it uses, for which lines of business, hosted and bought
    how, when contracts end), wherever it is shown: the register pages, the London-wide
    estate views, the exports and the API.

    The rule: the authority's own leads and contributors, the CDO office and admins
    always; the signed-in leads and contributors of other London authorities when the
    round shares named results (``names_visible``); the public never by name (the open
    data has only counts of products and suppliers over authorities, in a round that
    shares named results). Contract values and notes have their own, stricter rule
    (``may_see_contract_details``).
    """
    if viewer.sees_all or (viewer.authority_id is not None and viewer.authority_id == authority_id):
        return True
    return viewer.authority_id is not None and names_visible(viewer, round_)


def may_know_round(viewer: Viewer, round_) -> bool:
    """Whether the viewer may learn that a round exists (a filter naming it answers as for
    a round that does not): anyone with a role, the public only a published round."""
    return viewer.has_access or round_.status == ROUND_PUBLISHED


def register_visible_authority_ids(viewer: Viewer, round_, authority_ids) -> set[int]:
    """The subset of ``authority_ids`` whose registers the viewer may see by name in the
    round (``may_see_register``)."""
    return {pk for pk in authority_ids if may_see_register(viewer, pk, round_)}


def may_see_contract_details(viewer: Viewer, authority_id: int) -> bool:
    """A system's annual cost band and note: the authority's own leads and contributors,
    the CDO office and admins; never anyone else, even in a round that shares names, and
    never the public."""
    return viewer.sees_all or (
        viewer.authority_id is not None and viewer.authority_id == authority_id
    )


def may_edit_register(user, authority_id: int, round_) -> bool:
    """Changing an authority's register (adding, changing, removing systems, uploading):
    its leads and contributors, while the round is open. The CDO office reads registers
    but never edits them."""
    membership = membership_of(user)
    return (
        role_of(user) in BOROUGH_ROLES
        and membership is not None
        and membership.authority_id == authority_id
        and round_.status == ROUND_OPEN
    )


# --- Who may act ------------------------------------------------------------------------


def is_member_of(user, assessment) -> bool:
    """True for a lead or contributor of the assessment's authority."""
    membership = membership_of(user)
    return membership is not None and membership.authority_id == assessment.authority_id


def can_edit(*, user, assessment) -> bool:
    """A member of the authority, a draft or returned assessment, and an open round."""
    return (
        role_of(user) in BOROUGH_ROLES
        and is_member_of(user, assessment)
        and assessment.is_editable
        and assessment.round.status == ROUND_OPEN
    )


def can_submit(*, user, assessment) -> bool:
    """Only the authority's digital lead may submit, and only while it can be edited."""
    return role_of(user) == Role.LEAD and can_edit(user=user, assessment=assessment)


def may_start(user, authority_id: int) -> bool:
    """Starting an assessment: the authority's leads and contributors."""
    membership = membership_of(user)
    return (
        role_of(user) in BOROUGH_ROLES
        and membership is not None
        and membership.authority_id == authority_id
    )


def may_edit_plan(user, authority_id: int) -> bool:
    """Changing an authority's improvement plan (targets, actions, sharing): its leads and
    contributors, at any time. The CDO office reads plans but never edits them."""
    membership = membership_of(user)
    return (
        role_of(user) in BOROUGH_ROLES
        and membership is not None
        and membership.authority_id == authority_id
    )


def may_review(user) -> bool:
    """Round progress, reading submissions, returning and approving: the CDO office, admins."""
    return role_of(user) in OFFICE_ROLES


def may_release_provisionally(user) -> bool:
    """Sending a round's provisional release and resolving the corrections authorities
    raise: the CDO office and admins (publishing stays ``may_manage_rounds``)."""
    return may_review(user)


def may_respond_provisionally(user, authority_id: int) -> bool:
    """Confirming an authority's provisional results or raising a correction: its leads."""
    membership = membership_of(user)
    return (
        role_of(user) == Role.LEAD
        and membership is not None
        and membership.authority_id == authority_id
    )


def may_export(user) -> bool:
    """The exports page and its files: the CDO office and admins."""
    return role_of(user) in OFFICE_ROLES


def may_reopen(user) -> bool:
    """Reopening an approved assessment (its results are frozen): admins only."""
    return is_admin(user)


def may_manage_rounds(user) -> bool:
    """Creating, opening, closing and publishing rounds: admins only."""
    return is_admin(user)


def may_manage_accounts(user) -> bool:
    """Creating borough accounts (one by one or from a file): admins only."""
    return is_admin(user)


def may_sign_in_through(user, authority_code: str) -> bool:
    """Whether a provider may sign this account in with an address whose domain is
    configured for ``authority_code`` (a GSS code; "" for the CDO office): a borough
    account only through its own authority's domains, any other only through the office's."""
    if not user.is_active:
        return False
    membership = membership_of(user)
    return (membership.authority.gss_code if membership is not None else "") == authority_code


def may_decide_account_requests(user) -> bool:
    """Seeing and deciding requests for access: admins (all) and digital leads (their own)."""
    return is_admin(user) or is_lead(user)


def grantable_roles(user, authority_id: int | None) -> list[Role]:
    """The roles ``user`` may give to a request for access to ``authority_id`` (None: the
    CDO office). Admins: a borough's lead or contributor, or the office's CDO or admin
    role; a digital lead: lead or contributor of their own authority; anyone else: none."""
    if is_admin(user):
        return [Role.LEAD, Role.CONTRIBUTOR] if authority_id else [Role.CDO, Role.ADMIN]
    membership = membership_of(user)
    if is_lead(user) and membership is not None and membership.authority_id == authority_id:
        return [Role.LEAD, Role.CONTRIBUTOR]
    return []


def may_manage_questionnaires(user) -> bool:
    """Importing, exporting and publishing questionnaires: admins only."""
    return is_admin(user)


def require(rule):
    """View decorator: sign-in required (anonymous people are sent to sign in), then 403
    unless ``rule(user)``, one of the ``may_*`` rules above."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

"""The access module's rules, role by role: the one place the service decides who may do
and see what (the URL sweep in tests/test_url_sweep.py checks the views obey them)."""

from types import SimpleNamespace

import pytest

from accounts import access, navigation
from accounts.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

CAMDEN, HACKNEY = "E09000007", "E09000012"


@pytest.fixture
def people(db):
    return {
        "anonymous": SimpleNamespace(is_authenticated=False),
        "no_role": factories.UserFactory(username="nobody"),
        "contributor": factories.make_member("contributor", CAMDEN, username="c"),
        "lead": factories.make_member("lead", CAMDEN, username="l"),
        "cdo": factories.make_cdo(username="o"),
        "admin": factories.make_admin(username="a"),
    }


RULES = {
    # rule: the people it allows
    "may_review": {"cdo", "admin"},
    "may_release_provisionally": {"cdo", "admin"},
    "may_export": {"cdo", "admin"},
    "may_reopen": {"admin"},
    "may_manage_rounds": {"admin"},
    "may_manage_accounts": {"admin"},
    "may_manage_questionnaires": {"admin"},
    "sees_all_authorities": {"cdo", "admin"},
    "is_lead": {"lead"},
    "is_borough_user": {"contributor", "lead"},
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_each_rule_allows_exactly_its_roles(people, rule):
    allowed = {name for name, user in people.items() if getattr(access, rule)(user)}
    assert allowed == RULES[rule]


def test_only_an_authoritys_leads_respond_to_its_provisional_release(people):
    camden = factories.authority(CAMDEN)
    hackney = factories.authority(HACKNEY)
    allowed = {
        name for name, user in people.items() if access.may_respond_provisionally(user, camden.pk)
    }
    assert allowed == {"lead"}
    assert not access.may_respond_provisionally(people["lead"], hackney.pk)


def test_roles_rank_admin_over_cdo_over_membership(people):
    both = factories.make_member("lead", CAMDEN, username="both")
    both.groups.add(*people["cdo"].groups.all())  # a lead who joined the CDO office
    assert access.role_of(people["admin"]) == Role.ADMIN
    assert access.role_of(people["cdo"]) == Role.CDO
    assert access.role_of(people["lead"]) == Role.LEAD
    assert access.role_of(people["no_role"]) == Role.ANONYMOUS
    assert access.role_of(both) == Role.CDO


def _round(share: bool):
    return SimpleNamespace(share_named_results=share, status="published")


def test_names_are_visible_to_the_office_always_to_others_only_when_shared(people):
    for name, user in people.items():
        viewer = access.viewer_for(user)
        office = name in ("cdo", "admin")
        assert access.names_visible(viewer, _round(False)) is office
        assert access.names_visible(viewer, _round(True)) is True
    assert access.names_visible(access.PUBLIC_VIEWER, _round(False)) is False


def test_evidence_and_profiles_follow_the_authority(people):
    camden = factories.authority(CAMDEN)
    hackney = factories.authority(HACKNEY)
    lead = access.viewer_for(people["lead"])
    assert access.may_see_evidence(lead, camden.pk)
    assert not access.may_see_evidence(lead, hackney.pk)
    assert access.may_see_authority(lead, hackney.pk, _round(True))
    assert not access.may_see_authority(lead, hackney.pk, _round(False))
    assert not access.may_see_authority(lead, hackney.pk, None)
    assert access.may_see_evidence(access.viewer_for(people["cdo"]), hackney.pk)
    assert list(access.authorities_visible_to(people["lead"])) == [camden]
    assert not access.authorities_visible_to(people["no_role"]).exists()


def test_only_the_authoritys_people_edit_and_only_its_leads_submit(people):
    camden = factories.authority(CAMDEN)
    open_draft = SimpleNamespace(
        authority_id=camden.pk, is_editable=True, round=SimpleNamespace(status="open")
    )
    closed = SimpleNamespace(
        authority_id=camden.pk, is_editable=True, round=SimpleNamespace(status="closed")
    )
    editors = {n for n, u in people.items() if access.can_edit(user=u, assessment=open_draft)}
    submitters = {n for n, u in people.items() if access.can_submit(user=u, assessment=open_draft)}
    assert editors == {"contributor", "lead"}
    assert submitters == {"lead"}
    assert not access.can_edit(user=people["lead"], assessment=closed)
    assert access.may_start(people["contributor"], camden.pk)
    assert not access.may_start(people["cdo"], camden.pk)


@pytest.mark.parametrize(
    ("who", "labels", "home"),
    [
        ("anonymous", [], None),
        ("no_role", ["Sign-in security"], None),
        ("lead", ["Your assessment", "Reports", "Sign-in security"], "surveys:start"),
        (
            "cdo",
            ["Round progress", "Export data", "Reports", "Sign-in security"],
            "review:rounds",
        ),
        (
            "admin",
            ["Round progress", "Export data", "Reports", "Admin", "Sign-in security"],
            "review:rounds",
        ),
    ],
)
def test_navigation_and_home_follow_the_rules(people, who, labels, home):
    assert [item.label for item in navigation.navigation(people[who])] == labels
    assert navigation.home_url_name(people[who]) == home

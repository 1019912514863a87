"""Who may manage what: scope by organisation subtree, and who reaches the admin at all."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal.models import Member, Organisation
from portal.permissions import organisation_in_scope, scope_for
from portal.services.members import create_member, update_member
from portal.services.roles import COMMITTEE_GROUP, SECRETARY_GROUP, assign_role
from portal.viewsets.organisations import member_policy
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_scope_of_each_role(committee, secretary_a, member_a, branch_a):
    assert scope_for(committee.user) == committee.organisation
    assert scope_for(secretary_a.user) == branch_a
    assert scope_for(member_a.user) is None
    assert scope_for(UserFactory()) is None  # an account with no member profile
    assert scope_for(UserFactory(is_superuser=True)) is True


@pytest.mark.django_db
def test_inactive_secretary_has_no_scope(secretary_a):
    secretary_a.user.is_active = False
    secretary_a.user.save()
    assert scope_for(secretary_a.user) is None


@pytest.mark.django_db
def test_secretary_scope_includes_groups_below_but_not_siblings_or_parents(
    secretary_a, branch_a, branch_b, committee
):
    group = OrganisationFactory(name="甲一党小组", kind=Organisation.Kind.GROUP, parent=branch_a)
    user = secretary_a.user
    assert organisation_in_scope(user, group)
    assert organisation_in_scope(user, branch_a)
    assert not organisation_in_scope(user, branch_b)
    assert not organisation_in_scope(user, committee.organisation)


@pytest.mark.django_db
def test_path_prefix_does_not_leak_to_a_branch_whose_id_starts_the_same(secretary_a, branch_a):
    """Branch 1's path "1/" must not match branch 12's "12/": paths end with a slash."""
    others = [OrganisationFactory() for _ in range(12)]
    assert all(not organisation_in_scope(secretary_a.user, o) for o in others)


@pytest.mark.django_db
def test_policy_filters_members_and_checks_single_ones(secretary_a, member_a, member_b):
    user = secretary_a.user
    visible = set(member_policy.instances_user_has_any_permission_for(user, ["change"]))
    assert visible == {secretary_a, member_a}
    assert member_policy.user_has_permission_for_instance(user, "change", member_a)
    assert not member_policy.user_has_permission_for_instance(user, "change", member_b)
    assert not member_policy.user_has_permission_for_instance(user, "delete", member_a)


@pytest.mark.django_db
def test_assign_role_keeps_groups_in_step(member_a):
    assign_role(member=member_a, role=Member.Role.COMMITTEE)
    assert list(member_a.user.groups.values_list("name", flat=True)) == [COMMITTEE_GROUP]
    assign_role(member=member_a, role=Member.Role.SECRETARY)
    assert list(member_a.user.groups.values_list("name", flat=True)) == [SECRETARY_GROUP]
    assign_role(member=member_a, role=Member.Role.MEMBER)
    assert not member_a.user.groups.exists()


@pytest.mark.django_db
def test_only_committee_admins_hold_the_assign_role_permission(committee, secretary_a):
    assert get_user_model().objects.get(pk=committee.user_id).has_perm("portal.assign_role")
    assert not secretary_a.user.has_perm("portal.assign_role")


@pytest.mark.django_db
def test_service_refuses_a_secretary_outside_scope_or_setting_roles(
    secretary_a, branch_a, branch_b, member_a
):
    from django.core.exceptions import ValidationError

    user = secretary_a.user
    assert organisation_in_scope(user, branch_a)
    assert not organisation_in_scope(user, branch_b)
    with pytest.raises(ValidationError) as error:
        create_member(name="越权", organisation=branch_b, by=user)
    assert "只能在您所管理的组织中" in str(error.value)
    with pytest.raises(ValidationError) as error:
        create_member(name="越权", organisation=branch_a, by=user, role=Member.Role.SECRETARY)
    assert "只有党委管理员" in str(error.value)
    assert not Member.objects.filter(name="越权").exists()

    member_a.role = Member.Role.SECRETARY
    with pytest.raises(ValidationError):
        update_member(
            member=member_a,
            by=user,
            previous_role=Member.Role.MEMBER,
            previous_organisation=branch_a,
        )
    member_a.refresh_from_db()
    assert member_a.role == Member.Role.MEMBER


@pytest.mark.django_db
def test_member_and_anonymous_are_kept_out_of_the_admin(client, member_a):
    assert client.get("/admin/").status_code == 302
    client.force_login(member_a.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"] or "login" in response["Location"]


@pytest.mark.django_db
def test_secretary_reaches_the_admin(client, secretary_a):
    client.force_login(secretary_a.user)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("wagtailsnippets_portal_member:list")).status_code == 200

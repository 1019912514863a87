"""A secretary's password links and edits never open an account more powerful than theirs.

The probe found that a secretary could take a set-password link for a
superuser who sits in their branch, set its password and sign in as it.
"""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from portal.models import Member
from portal.services import members as member_services
from portal.services.roles import assign_role
from tests.factories import CommitteeAdminFactory, MemberFactory, SecretaryFactory

User = get_user_model()


def link_url(member):
    return reverse("portal_member_password_link", args=[member.pk])


def edit_url(member):
    return reverse("wagtailsnippets_portal_member:edit", args=[member.pk])


def set_password_through(client, link, password="Dangjian-2024!"):
    """Follows a set-password link as its holder would; True when the password was set."""
    response = client.get(link, follow=True)
    if b'name="password1"' not in response.content:
        return False
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": password, "password2": password})
    return response.status_code == 302


@pytest.fixture
def superuser_in_branch_a(branch_a):
    member = MemberFactory(name="甲超管", organisation=branch_a)
    member.user.is_superuser = True
    member.user.is_staff = True
    member.user.save()
    return member


@pytest.mark.django_db
def test_secretary_gets_no_link_for_a_superuser_in_their_branch(
    client, secretary_a, superuser_in_branch_a
):
    client.force_login(secretary_a.user)
    response = client.get(link_url(superuser_in_branch_a))
    assert response.status_code == 403
    assert "不能由您修改或发放设置密码链接" in response.content.decode()
    response = client.post(link_url(superuser_in_branch_a))
    assert response.status_code == 403
    assert "/accounts/password/reset/key/" not in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_secretary_gets_no_link_for_a_committee_admin_placed_in_their_branch(
    client, secretary_a, branch_a
):
    admin = CommitteeAdminFactory(name="甲党委委员", organisation=branch_a)
    client.force_login(secretary_a.user)
    assert client.post(link_url(admin)).status_code == 403


@pytest.mark.django_db
def test_secretary_gets_no_link_for_an_account_with_an_extra_group(client, secretary_a, member_a):
    editors = Group.objects.create(name="网站编辑")
    editors.permissions.add(Permission.objects.get(codename="delete_member"))
    member_a.user.groups.add(editors)
    client.force_login(secretary_a.user)
    assert client.post(link_url(member_a)).status_code == 403


@pytest.mark.django_db
def test_secretary_still_gets_links_for_plain_members_and_fellow_secretaries(
    client, secretary_a, member_a, branch_a
):
    fellow = SecretaryFactory(name="甲副书记", organisation=branch_a)
    assign_role(member=fellow, role=Member.Role.SECRETARY)
    assign_role(member=secretary_a, role=Member.Role.SECRETARY)
    client.force_login(secretary_a.user)
    for member in (member_a, fellow):
        response = client.post(link_url(member))
        assert response.status_code == 200
        assert "/accounts/password/reset/key/" in response.content.decode()


@pytest.mark.django_db
def test_secretary_cannot_edit_a_superusers_profile(client, secretary_a, superuser_in_branch_a):
    client.force_login(secretary_a.user)
    member = superuser_in_branch_a
    data = {
        "name": "改名",
        "gender": member.gender,
        "organisation": member.organisation_id,
        "status": member.status,
        "joined_on": member.joined_on.isoformat() if member.joined_on else "",
        "post": member.post,
        "duties": member.duties,
        "phone": member.phone,
    }
    response = client.post(edit_url(member), data)
    assert response.status_code == 400
    assert "不能由您修改" in response.content.decode()
    member.refresh_from_db()
    assert member.name == "甲超管"


@pytest.mark.django_db
def test_a_link_issued_for_a_member_dies_when_they_are_made_superuser(
    client, secretary_a, member_a
):
    issued = member_services.reissue_password_link(member=member_a, by=secretary_a.user)
    member_a.user.is_superuser = True
    member_a.user.save()
    assert not set_password_through(client, issued.link)
    member_a.user.refresh_from_db()
    assert not member_a.user.check_password("Dangjian-2024!")


@pytest.mark.django_db
def test_a_link_dies_when_the_members_role_changes(client, committee, secretary_a, member_a):
    issued = member_services.reissue_password_link(member=member_a, by=secretary_a.user)
    assign_role(member=member_a, role=Member.Role.SECRETARY)
    assert not set_password_through(client, issued.link)


@pytest.mark.django_db
def test_a_link_works_once_and_dies_after_the_password_is_set(client, secretary_a, member_a):
    issued = member_services.reissue_password_link(member=member_a, by=secretary_a.user)
    assert set_password_through(client, issued.link)
    assert not set_password_through(client, issued.link, password="Another-2024!")
    member_a.user.refresh_from_db()
    assert member_a.user.check_password("Dangjian-2024!")


@pytest.mark.django_db
def test_a_link_expires_within_a_day(client, secretary_a, member_a, settings):
    assert settings.PASSWORD_RESET_TIMEOUT <= 24 * 3600
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        issued = member_services.reissue_password_link(member=member_a, by=secretary_a.user)
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        assert not set_password_through(client, issued.link)


@pytest.mark.django_db
def test_a_link_still_works_a_few_hours_later(client, secretary_a, member_a):
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        issued = member_services.reissue_password_link(member=member_a, by=secretary_a.user)
    with time_machine.travel("2026-03-01 15:00 +0800", tick=False):
        assert set_password_through(client, issued.link)


@pytest.mark.django_db
def test_committee_admin_may_issue_links_for_secretaries_below(client, committee, secretary_a):
    assign_role(member=secretary_a, role=Member.Role.SECRETARY)
    assign_role(member=committee, role=Member.Role.COMMITTEE)
    client.force_login(committee.user)
    response = client.post(link_url(secretary_a))
    assert response.status_code == 200
    assert "/accounts/password/reset/key/" in response.content.decode()

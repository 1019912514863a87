"""Two-step sign-in is required of everyone who sees members' personal data in the admin."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.models import TwoStepRequirement
from portal.services.roles import assign_role
from tests.factories import CommitteeAdminFactory, OrganisationFactory

ADMIN = "/admin/"
MEMBERS = reverse("wagtailsnippets_portal_member:list")


def reset_url(member):
    return reverse("portal_member_reset_two_step", args=[member.pk])


def give_authenticator(user):
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


@pytest.fixture
def roles(committee, secretary_a):
    assign_role(member=committee, role=committee.Role.COMMITTEE)
    assign_role(member=secretary_a, role=secretary_a.Role.SECRETARY)


@pytest.mark.django_db
def test_secretary_without_two_step_is_warned_with_a_deadline(client, roles, secretary_a):
    client.force_login(secretary_a.user)
    response = client.get(MEMBERS)
    assert response.status_code == 200
    text = response.content.decode()
    assert "请在" in text and "前开启两步验证" in text
    assert reverse("mfa_activate_totp") in text


@pytest.mark.django_db
def test_after_the_grace_period_the_admin_opens_only_on_the_set_up_page(
    client, roles, secretary_a, settings
):
    with time_machine.travel(timezone.now() - timedelta(days=settings.TWO_STEP_GRACE_DAYS + 1)):
        client.force_login(secretary_a.user)
        assert client.get(MEMBERS).status_code == 200
    client.force_login(secretary_a.user)  # a new session, a week later
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(response["Location"], follow=True)
    assert "管理后台要求开启两步验证" in page.content.decode()


@pytest.mark.django_db
def test_with_an_authenticator_the_admin_opens_without_nagging(client, roles, secretary_a):
    give_authenticator(secretary_a.user)
    TwoStepRequirement.objects.create(
        user=secretary_a.user, required_since=timezone.now() - timedelta(days=90)
    )
    client.force_login(secretary_a.user)
    response = client.get(MEMBERS)
    assert response.status_code == 200
    assert "开启两步验证" not in response.content.decode()


@pytest.mark.django_db
def test_plain_members_are_never_asked(client, member_a):
    client.force_login(member_a.user)
    response = client.get(reverse("portal:me"))
    assert response.status_code == 200
    assert not TwoStepRequirement.objects.filter(user=member_a.user).exists()


@pytest.mark.django_db
def test_committee_admin_resets_a_lost_authenticator_with_history(
    client, roles, committee, secretary_a
):
    give_authenticator(secretary_a.user)
    client.force_login(committee.user)
    page = client.get(reset_url(secretary_a))
    assert page.status_code == 200
    assert "丢失或更换了手机" in page.content.decode()
    response = client.post(reset_url(secretary_a))
    assert response.status_code == 200
    assert "已重置" in response.content.decode()
    assert not Authenticator.objects.filter(user=secretary_a.user).exists()
    entry = ModelLogEntry.objects.get(action="portal.two_step_reset")
    assert entry.user == committee.user
    assert entry.object_id == str(secretary_a.pk)

    # The secretary must enrol again at once: no second grace period.
    client.force_login(secretary_a.user)
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_a_secretary_cannot_reset_anyones_two_step(client, roles, secretary_a, member_a):
    give_authenticator(member_a.user)
    client.force_login(secretary_a.user)
    # Wagtail answers a refused admin page by sending the user back to the dashboard.
    assert client.get(reset_url(member_a))["Location"] == ADMIN
    assert client.post(reset_url(member_a)).status_code in (302, 403)
    assert Authenticator.objects.filter(user=member_a.user).exists()


@pytest.mark.django_db
def test_another_trees_committee_cannot_reset_or_see_the_member(client, roles, secretary_a):
    other = CommitteeAdminFactory(organisation=OrganisationFactory(name="另一党委"))
    assign_role(member=other, role=other.Role.COMMITTEE)
    give_authenticator(secretary_a.user)
    client.force_login(other.user)
    assert client.get(reset_url(secretary_a)).status_code == 404
    assert client.post(reset_url(secretary_a)).status_code == 404
    assert Authenticator.objects.filter(user=secretary_a.user).exists()


@pytest.mark.django_db
def test_the_member_listing_offers_the_reset_to_the_committee_only(
    client, roles, committee, secretary_a
):
    client.force_login(committee.user)
    give_authenticator(committee.user)
    assert reset_url(secretary_a) in client.get(MEMBERS).content.decode()
    give_authenticator(secretary_a.user)
    client.force_login(secretary_a.user)
    assert "reset-two-step" not in client.get(MEMBERS).content.decode()

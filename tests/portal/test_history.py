"""Nothing a user created or earned is hard-deleted: refused deletes, transfers, leaving."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from activities.models import Attendance, Meeting
from activities.services import meetings as meeting_services
from pledges.models import DemocraticGrade, IdentityPlate, Pledge, Rating, ReviewRound
from portal.models import Member, MembershipChange, Organisation, StudyRecord
from portal.selectors.study import matrix_members
from portal.services import membership
from tests.factories import MemberFactory, OrganisationFactory, UserFactory
from volunteers.models import Team, TeamMembership

pytestmark = pytest.mark.django_db
User = get_user_model()
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.cn", "pass-12345")


def delete_url(model, pk):
    return reverse(
        f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:delete", args=[pk]
    )


def lecture(branch, **kwargs) -> Meeting:
    defaults = {
        "organisation": branch,
        "kind": Meeting.Kind.LECTURE,
        "title": "弘扬伟大建党精神",
        "held_on": datetime.date(2026, 5, 21),
        "status": Meeting.Status.HELD,
        "study_hours": Decimal("2.0"),
    }
    return Meeting.objects.create(**{**defaults, **kwargs})


@pytest.fixture
def earned(member_a, secretary_a, branch_a):
    """A member with a pledge and its rating, 学时, attendance, a grade and an identity plate."""
    pledge = Pledge.objects.create(member=member_a, year=2026, status=Pledge.Status.PUBLISHED)
    Rating.objects.create(
        pledge=pledge, level=Rating.Level.VERY_SATISFIED, visitor="v1", rated_on=TODAY
    )
    meeting = lecture(branch_a)
    meeting_services.record_attendance(
        meeting=meeting, by=secretary_a.user, entries={member_a.pk: (True, "")}
    )
    round = ReviewRound.objects.create(branch=branch_a, year=2025, half=2, is_annual=True)
    DemocraticGrade.objects.create(round=round, member=member_a, grade="excellent")
    IdentityPlate.objects.create(member=member_a, motto="群众满意是我的追求")
    return {"pledge": pledge, "meeting": meeting}


def assert_history_kept(member):
    assert Pledge.objects.filter(member=member).count() == 1
    assert Rating.objects.filter(pledge__member=member).count() == 1
    assert StudyRecord.objects.filter(member=member).count() == 1
    assert Attendance.objects.filter(member=member).count() == 1
    assert DemocraticGrade.objects.filter(member=member).count() == 1
    assert IdentityPlate.objects.filter(member=member).exists()


# -- refused deletes -------------------------------------------------------------------


def test_deleting_a_member_with_history_is_refused_in_chinese(client, superuser, member_a, earned):
    client.force_login(superuser)
    url = delete_url(Member, member_a.pk)

    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "不能删除" in text and "学习记录" in text and "组织关系" in text
    assert "Yes, delete" not in text and "是的，删除" not in text

    response = client.post(url)
    assert response.status_code == 409
    assert "不能删除" in response.content.decode()
    assert Member.objects.filter(pk=member_a.pk).exists()
    assert_history_kept(member_a)


def test_deleting_a_member_who_is_only_in_a_team_is_refused_not_500(
    client, superuser, member_a, branch_a
):
    team = Team.objects.create(name="扶弱助老志愿服务队", organisation=branch_a)
    TeamMembership.objects.create(team=team, member=member_a)
    client.force_login(superuser)

    response = client.post(delete_url(Member, member_a.pk))

    assert response.status_code == 409
    assert "队员" in response.content.decode()
    assert TeamMembership.objects.filter(member=member_a).exists()


def test_bulk_delete_of_members_with_history_is_refused(client, superuser, member_a, earned):
    fresh = MemberFactory(organisation=member_a.organisation)
    client.force_login(superuser)
    url = (
        reverse("wagtail_bulk_action", args=["portal", "member", "delete"])
        + f"?id={member_a.pk}&id={fresh.pk}"
    )

    response = client.post(url)

    assert response.status_code == 409
    assert member_a.name in response.content.decode()
    assert Member.objects.filter(pk__in=[member_a.pk, fresh.pk]).count() == 2


def test_a_member_with_nothing_recorded_can_still_be_deleted(client, superuser, branch_a):
    mistake = MemberFactory(name="录错的人", organisation=branch_a)
    client.force_login(superuser)

    response = client.post(delete_url(Member, mistake.pk))

    assert response.status_code == 302
    assert not Member.objects.filter(pk=mistake.pk).exists()


def test_deleting_an_organisation_with_members_says_close_it(client, superuser, member_a, branch_a):
    client.force_login(superuser)

    response = client.post(delete_url(Organisation, branch_a.pk))

    assert response.status_code == 409
    text = response.content.decode()
    assert "党员" in text and "关闭" in text
    assert Organisation.objects.filter(pk=branch_a.pk).exists()


def test_deleting_a_held_lecture_is_refused_and_its_hours_stay(client, superuser, member_a, earned):
    meeting = earned["meeting"]
    client.force_login(superuser)

    response = client.post(delete_url(Meeting, meeting.pk))

    assert response.status_code == 409
    assert "已取消" in response.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert StudyRecord.objects.get(member=member_a).hours == Decimal("2.0")


# -- cancelling a meeting ---------------------------------------------------------------


def test_cancelling_a_lecture_in_the_admin_withdraws_its_hours_with_a_log(
    client, secretary_a, member_a, branch_a, earned
):
    meeting = earned["meeting"]
    client.force_login(secretary_a.user)
    response = client.post(
        reverse("wagtailsnippets_activities_meeting:edit", args=[meeting.pk]),
        {
            "organisation": branch_a.pk,
            "kind": Meeting.Kind.LECTURE,
            "title": meeting.title,
            "held_on": "2026-05-21",
            "place": "党员活动室",
            "host": "",
            "status": Meeting.Status.CANCELLED,
            "study_hours": "2.0",
            "minutes": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert not StudyRecord.objects.filter(member=member_a).exists()
    # The attendance stays as the record of what was planned.
    assert Attendance.objects.filter(meeting=meeting, member=member_a).exists()
    entry = ModelLogEntry.objects.get(action="activities.cancel_meeting", object_id=meeting.pk)
    assert entry.data["withdrawn_members"] == 1 and entry.data["withdrawn_hours"] == "2.0"
    assert entry.user == secretary_a.user


def test_cancel_meeting_service_is_scoped_and_one_step(secretary_b, member_a, earned):
    meeting = earned["meeting"]
    with pytest.raises(PermissionDenied):
        meeting_services.cancel_meeting(meeting=meeting, by=secretary_b.user, reason="下雨")
    assert StudyRecord.objects.filter(member=member_a).exists()


def test_cancel_meeting_service_withdraws_and_refuses_twice(secretary_a, member_a, earned):
    meeting = earned["meeting"]
    meeting_services.cancel_meeting(meeting=meeting, by=secretary_a.user, reason="书记外出")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert not StudyRecord.objects.filter(member=member_a).exists()
    entry = ModelLogEntry.objects.get(action="activities.cancel_meeting", object_id=meeting.pk)
    assert entry.data["reason"] == "书记外出"
    with pytest.raises(meeting_services.MeetingError, match="已经取消"):
        meeting_services.cancel_meeting(meeting=meeting, by=secretary_a.user)


# -- 组织关系转接 ------------------------------------------------------------------------


def test_transfer_moves_the_member_and_their_records(secretary_a, member_a, branch_b, earned):
    change = membership.transfer_member(
        member=member_a, to_organisation=branch_b, by=secretary_a.user, happened_on=TODAY
    )

    member_a.refresh_from_db()
    assert member_a.organisation == branch_b and member_a.is_current
    assert change.from_organisation == secretary_a.organisation
    assert change.to_organisation == branch_b
    assert_history_kept(member_a)
    assert Member.objects.party_members().in_subtree(branch_b).filter(pk=member_a.pk).exists()


def test_only_the_source_branch_starts_a_transfer(secretary_b, member_a, branch_b):
    with pytest.raises(PermissionDenied):
        membership.transfer_member(member=member_a, to_organisation=branch_b, by=secretary_b.user)
    member_a.refresh_from_db()
    assert member_a.organisation != branch_b
    assert not MembershipChange.objects.exists()


def test_a_transferred_secretary_steps_down(committee, secretary_a, branch_b):
    membership.transfer_member(member=secretary_a, to_organisation=branch_b, by=committee.user)
    secretary_a.refresh_from_db()
    assert secretary_a.role == Member.Role.MEMBER
    assert not secretary_a.user.groups.exists()


def test_transfer_refuses_closed_or_same_targets_and_long_notes(
    secretary_a, member_a, branch_a, committee
):
    closed = OrganisationFactory(parent=committee.organisation, is_active=False)
    with pytest.raises(ValidationError) as error:
        membership.transfer_member(member=member_a, to_organisation=closed, by=secretary_a.user)
    assert "启用中的组织" in str(error.value)
    with pytest.raises(ValidationError, match="相同"):
        membership.transfer_member(member=member_a, to_organisation=branch_a, by=secretary_a.user)
    other = OrganisationFactory(parent=committee.organisation)
    with pytest.raises(ValidationError, match="200"):
        membership.transfer_member(
            member=member_a, to_organisation=other, by=secretary_a.user, note="长" * 201
        )
    assert not MembershipChange.objects.exists()


def test_relation_page_transfers_and_is_scoped(
    client, secretary_a, secretary_b, member_a, branch_b
):
    url = reverse("portal_member_relation", args=[member_a.pk])
    client.force_login(secretary_b.user)
    assert client.get(url).status_code == 404

    client.force_login(secretary_a.user)
    page = client.get(url)
    assert page.status_code == 200 and "组织关系转接" in page.content.decode()

    refused = client.post(url, {"kind": "transfer", "happened_on": "2026-05-01"})
    assert refused.status_code == 400 and "请选择转入组织" in refused.content.decode()

    response = client.post(
        url, {"kind": "transfer", "to_organisation": branch_b.pk, "happened_on": "2026-05-01"}
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.organisation == branch_b
    # Now branch B's member: branch A's secretary no longer sees them.
    assert client.get(url).status_code == 404


# -- 转出 / 离开 -------------------------------------------------------------------------


def test_leaving_keeps_history_closes_the_account_and_drops_out_of_counts(
    client, secretary_a, member_a, branch_a, earned
):
    membership.record_departure(
        member=member_a,
        kind=MembershipChange.Kind.TRANSFER_OUT,
        destination="市教育局机关党委",
        by=secretary_a.user,
        happened_on=TODAY,
    )

    member_a.refresh_from_db()
    assert member_a.standing == Member.Standing.TRANSFERRED_OUT
    assert member_a.left_on == TODAY and member_a.destination == "市教育局机关党委"
    assert_history_kept(member_a)
    assert not member_a.user.is_active
    assert not client.login(username=member_a.user.username, password="pass-12345")
    assert not Member.objects.party_members().filter(pk=member_a.pk).exists()
    assert member_a not in matrix_members(organisation=branch_a, year=2026)


def test_a_signed_in_member_who_leaves_is_signed_out(client, secretary_a, member_a):
    client.force_login(member_a.user)
    membership.record_departure(
        member=member_a, kind=MembershipChange.Kind.LEAVE, destination="退休", by=secretary_a.user
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_departure_form_needs_a_destination_and_shows_the_history(client, secretary_a, member_a):
    url = reverse("portal_member_relation", args=[member_a.pk])
    client.force_login(secretary_a.user)

    refused = client.post(url, {"kind": "transfer_out", "happened_on": "2026-05-01"})
    assert refused.status_code == 400 and "转往的单位" in refused.content.decode()
    future = client.post(url, {"kind": "leave", "destination": "退休", "happened_on": "2999-01-01"})
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()

    done = client.post(url, {"kind": "leave", "destination": "退休", "happened_on": "2026-05-01"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "已离开" in page and "退休" in page and "2026-05-01" in page
    with pytest.raises(ValidationError, match="已离开"):
        membership.record_departure(member=member_a, kind="leave", by=secretary_a.user)


# -- closing an organisation ----------------------------------------------------------------


def test_closing_waits_for_current_members_then_keeps_the_unit(
    client, committee, secretary_a, member_a, branch_a, branch_b
):
    with pytest.raises(ValidationError, match="在册党员"):
        membership.close_organisation(organisation=branch_a, by=committee.user)
    for member in (member_a, secretary_a):
        membership.transfer_member(member=member, to_organisation=branch_b, by=committee.user)

    client.force_login(committee.user)
    url = reverse("portal_organisation_close", args=[branch_a.pk])
    response = client.post(url, {"closed_on": "2026-05-31"})

    assert response.status_code == 302
    branch_a.refresh_from_db()
    assert not branch_a.is_active and branch_a.closed_on == datetime.date(2026, 5, 31)
    assert MembershipChange.objects.filter(from_organisation=branch_a).count() == 2


def test_a_branch_cannot_close_itself_or_a_neighbour(client, secretary_a, branch_a, branch_b):
    with pytest.raises(PermissionDenied):
        membership.close_organisation(organisation=branch_a, by=secretary_a.user)
    client.force_login(secretary_a.user)
    assert client.get(reverse("portal_organisation_close", args=[branch_b.pk])).status_code in {
        403,
        404,
    }
    branch_a.refresh_from_db()
    assert branch_a.is_active


def test_closing_form_refusal_is_shown(client, committee, member_a, branch_a):
    client.force_login(committee.user)
    response = client.post(
        reverse("portal_organisation_close", args=[branch_a.pk]), {"closed_on": "2026-05-31"}
    )
    assert response.status_code == 400
    assert "在册党员" in response.content.decode()


def test_a_user_without_a_member_profile_cannot_transfer(member_a, branch_b):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        membership.transfer_member(member=member_a, to_organisation=branch_b, by=outsider)


def test_moving_a_member_in_the_edit_form_is_recorded_and_closed_units_take_no_one(
    committee, member_a, branch_a, branch_b
):
    from portal.services import members as member_services

    previous = member_a.organisation
    member_a.organisation = branch_b
    member_services.update_member(
        member=member_a,
        by=committee.user,
        previous_role=member_a.role,
        previous_organisation=previous,
    )
    change = MembershipChange.objects.get(member=member_a)
    assert (change.from_organisation, change.to_organisation) == (branch_a, branch_b)

    closed = OrganisationFactory(parent=committee.organisation, is_active=False)
    member_a.organisation = closed
    with pytest.raises(ValidationError, match="已关闭"):
        member_services.update_member(
            member=member_a,
            by=committee.user,
            previous_role=member_a.role,
            previous_organisation=branch_b,
        )

"""Every rule of the volunteers app, through its services."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import MemberFactory, SecretaryFactory
from tests.volunteers.conftest import ActivityFactory, TeamFactory, make_record, past_activity
from volunteers.models import (
    CorrectionRequest,
    RecordVersion,
    ServiceRecord,
    SignUp,
    TeamMembership,
    VolunteerSettings,
)
from volunteers.selectors import attendance, member_totals, star_progress
from volunteers.services import (
    VolunteerError,
    add_working_days,
    approve_record,
    cancel_sign_up,
    check_in,
    check_out,
    confirm_walk_in,
    decide_correction,
    edit_record,
    join_team,
    leave_team,
    mark_attendance,
    mark_no_shows,
    publish_activity,
    record_hours,
    request_correction,
    return_record,
    sign_up,
)
from volunteers.services.activities import served_hours

pytestmark = pytest.mark.django_db


# Joining ------------------------------------------------------------------


def test_third_team_join_is_refused(member_a, branch_a):
    teams = [TeamFactory(organisation=branch_a) for _ in range(3)]
    join_team(team=teams[0], member=member_a)
    join_team(team=teams[1], member=member_a)
    with pytest.raises(VolunteerError, match="最多同时参加两支"):
        join_team(team=teams[2], member=member_a)
    assert TeamMembership.objects.filter(member=member_a).count() == 2


def test_leaving_frees_a_place_and_keeps_history(member_a, branch_a):
    teams = [TeamFactory(organisation=branch_a) for _ in range(3)]
    join_team(team=teams[0], member=member_a)
    join_team(team=teams[1], member=member_a)
    leave_team(team=teams[0], member=member_a)
    join_team(team=teams[2], member=member_a)
    assert TeamMembership.objects.filter(member=member_a).count() == 3
    assert TeamMembership.objects.get(team=teams[0]).left_at is not None


def test_joining_twice_is_refused_and_gives_a_volunteer_number(team, member_a):
    join_team(team=team, member=member_a)
    with pytest.raises(VolunteerError, match="已经是该服务队队员"):
        join_team(team=team, member=member_a)
    assert member_a.volunteer.number.startswith("ZY")


def test_leaving_a_team_one_is_not_in_is_refused(team, member_a):
    with pytest.raises(VolunteerError, match="不是该服务队队员"):
        leave_team(team=team, member=member_a)


# Activities and sign-up ----------------------------------------------------


def test_leader_publishes_activity_and_other_member_cannot(team, leader, member_a):
    start = timezone.now() + timedelta(days=3)
    kwargs = dict(
        team=team,
        title="清扫积雪",
        place="人民路",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=5,
    )
    activity = publish_activity(by=leader, **kwargs)
    assert activity.created_by == leader
    with pytest.raises(VolunteerError, match="只有本队队长"):
        publish_activity(by=member_a, **kwargs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"capacity": 0}, "至少为1人"),
        ({"ends_at": timezone.now()}, "结束时间应晚于"),
        ({"starts_at": timezone.now() - timedelta(hours=1)}, "开始时间应晚于现在"),
        ({"sign_up_deadline": timezone.now() + timedelta(days=9)}, "报名截止时间应早于"),
    ],
)
def test_publishing_bad_activity_is_refused(team, leader, change, message):
    start = timezone.now() + timedelta(days=3)
    kwargs = dict(
        team=team,
        by=leader,
        title="清扫积雪",
        place="人民路",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=5,
    )
    kwargs.update(change)
    with pytest.raises(VolunteerError, match=message):
        publish_activity(**kwargs)


def test_capacity_is_never_exceeded(team):
    activity = ActivityFactory(team=team, capacity=2)
    first, second, third = MemberFactory.create_batch(3)
    sign_up(activity=activity, member=first)
    sign_up(activity=activity, member=second)
    with pytest.raises(VolunteerError, match="名额已满"):
        sign_up(activity=activity, member=third)
    cancel_sign_up(activity=activity, member=first)
    sign_up(activity=activity, member=third)
    assert SignUp.objects.filter(activity=activity, status="signed_up").count() == 2


def test_signing_up_twice_after_deadline_or_after_start_is_refused(team, member_a):
    activity = ActivityFactory(team=team, sign_up_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(VolunteerError, match="报名已截止"):
        sign_up(activity=activity, member=member_a)
    open_activity = ActivityFactory(team=team)
    sign_up(activity=open_activity, member=member_a)
    with pytest.raises(VolunteerError, match="已报名"):
        sign_up(activity=open_activity, member=member_a)
    started = past_activity(team, days_ago=0, hours=1)
    with pytest.raises(VolunteerError, match="活动已开始"):
        sign_up(activity=started, member=member_a)


def test_cancel_after_start_is_refused(team, member_a):
    activity = ActivityFactory(team=team)
    sign_up(activity=activity, member=member_a)
    activity.starts_at = timezone.now() - timedelta(minutes=5)
    activity.save()
    with pytest.raises(VolunteerError, match="不能取消报名"):
        cancel_sign_up(activity=activity, member=member_a)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_sign_ups_never_exceed_capacity(team):
    activity = ActivityFactory(team=team, capacity=3)
    members = MemberFactory.create_batch(10)
    barrier = threading.Barrier(len(members))
    outcomes = []

    def attempt(member):
        barrier.wait()
        try:
            sign_up(activity=activity, member=member)
            outcomes.append("ok")
        except VolunteerError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3
    assert SignUp.objects.filter(activity=activity, status="signed_up").count() == 3


# Check-in ------------------------------------------------------------------


def test_check_in_and_out_creates_a_pending_record_rounded_down(team, member_a):
    activity = past_activity(team, days_ago=0, hours=4)
    SignUp.objects.create(activity=activity, member=member_a)
    check_in(activity=activity, member=member_a, at=activity.starts_at + timedelta(minutes=5))
    result = check_out(
        activity=activity, member=member_a, at=activity.starts_at + timedelta(hours=2, minutes=55)
    )
    assert result.record.hours == Decimal("2.5")
    assert result.record.source == ServiceRecord.Source.CHECK_IN
    assert result.record.status == ServiceRecord.Status.PENDING
    assert not result.record.is_hand_entered
    assert result.sign_up.attendance == SignUp.Attendance.PRESENT


def test_served_hours_round_down_to_half_hour():
    start = timezone.now()
    assert served_hours(start, start + timedelta(minutes=29)) == 0
    assert served_hours(start, start + timedelta(minutes=89)) == Decimal("1")
    assert served_hours(start, start + timedelta(minutes=90)) == Decimal("1.5")


def test_check_in_outside_window_is_refused(team, member_a):
    activity = ActivityFactory(team=team)  # in two days
    SignUp.objects.create(activity=activity, member=member_a)
    with pytest.raises(VolunteerError, match="不在签到时间内"):
        check_in(activity=activity, member=member_a)
    ended = past_activity(team, days_ago=1)
    SignUp.objects.create(activity=ended, member=member_a)
    with pytest.raises(VolunteerError, match="不在签到时间内"):
        check_in(activity=ended, member=member_a)


def test_walk_in_waits_for_leader_then_gets_a_record(team, leader, member_a):
    activity = past_activity(team, days_ago=0, hours=3)
    check_in(activity=activity, member=member_a, at=activity.starts_at)
    result = check_out(
        activity=activity, member=member_a, at=activity.starts_at + timedelta(hours=2)
    )
    assert result.record is None and "等待队长确认" in result.problem
    other = MemberFactory()
    with pytest.raises(VolunteerError, match="只有本队队长"):
        confirm_walk_in(sign_up=result.sign_up, by=other)
    confirmed = confirm_walk_in(sign_up=result.sign_up, by=leader)
    assert confirmed.record.hours == Decimal("2")


def test_checking_out_without_checking_in_is_refused(team, member_a):
    activity = past_activity(team, days_ago=0, hours=3)
    SignUp.objects.create(activity=activity, member=member_a)
    with pytest.raises(VolunteerError, match="还没有签到"):
        check_out(activity=activity, member=member_a)


def test_no_shows_are_recorded_and_lower_attendance_rate(team, leader, member_a):
    attended = past_activity(team, days_ago=3)
    missed = past_activity(team, days_ago=2)
    SignUp.objects.create(activity=attended, member=member_a)
    SignUp.objects.create(activity=missed, member=member_a)
    mark_attendance(sign_up=SignUp.objects.get(activity=attended), by=leader, present=True)
    assert mark_no_shows(activity=missed) == 1
    assert SignUp.objects.get(activity=missed).is_no_show
    assert attendance(member_a).rate == 50


def test_member_cannot_mark_attendance(team, member_a):
    activity = past_activity(team, days_ago=1)
    entry = SignUp.objects.create(activity=activity, member=member_a)
    with pytest.raises(VolunteerError, match="只有本队队长"):
        mark_attendance(sign_up=entry, by=member_a, present=True)


# Records -------------------------------------------------------------------


def _hand(member, team, by=None, *, hours="2", start=None, span=None, activity=None):
    start = start or timezone.now() - timedelta(days=1, hours=8)
    return record_hours(
        member=member,
        team=team,
        by=by or member,
        title="一对一帮扶",
        place="李大爷家",
        content="买菜、打扫",
        started_at=start,
        ended_at=start + timedelta(hours=float(span or hours)),
        hours=hours,
        activity=activity,
    )


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "大于0"),
        ("-1", "大于0"),
        ("1.25", "半小时为单位"),
        ("abc", "请填写服务时长"),
        ("25", "不能超过24"),
    ],
)
def test_bad_hours_are_refused(volunteer, team, hours, message):
    with pytest.raises(VolunteerError, match=message):
        _hand(volunteer, team, hours=hours, span=30)
    assert not ServiceRecord.objects.exists()


def test_future_record_is_refused(volunteer, team):
    with pytest.raises(VolunteerError, match="尚未发生"):
        _hand(volunteer, team, start=timezone.now() + timedelta(hours=1))


def test_overlapping_records_are_refused(volunteer, team):
    start = timezone.now() - timedelta(days=1, hours=8)
    _hand(volunteer, team, start=start, hours="3")
    with pytest.raises(VolunteerError, match="时间重叠"):
        _hand(volunteer, team, start=start + timedelta(hours=1), hours="1")


def test_more_than_24_hours_a_day_is_refused(volunteer, team):
    day = timezone.localtime(timezone.now() - timedelta(days=2)).replace(hour=0, minute=0)
    _hand(volunteer, team, start=day, hours="20")
    with pytest.raises(VolunteerError, match="不能超过24小时"):
        _hand(volunteer, team, start=day + timedelta(hours=20), hours="4.5", span=4.5)
    # Exactly 24 is still allowed.
    _hand(volunteer, team, start=day + timedelta(hours=20), hours="3.5", span=3.5)


def test_duplicate_record_for_member_and_activity_is_refused(volunteer, team):
    activity = past_activity(team, days_ago=2)
    make_record(member=volunteer, team=team, activity=activity)
    with pytest.raises(VolunteerError, match="已有服务记录"):
        make_record(member=volunteer, team=team, activity=activity, hours="1")


def test_record_must_lie_within_its_activity(volunteer, team):
    activity = past_activity(team, days_ago=2)
    with pytest.raises(VolunteerError, match="活动时间范围内"):
        _hand(
            volunteer,
            team,
            start=activity.starts_at - timedelta(hours=2),
            hours="1",
            activity=activity,
        )


def test_member_outside_team_cannot_self_report(team, member_b):
    with pytest.raises(VolunteerError, match="未参加该服务队"):
        _hand(member_b, team)


def test_leader_back_entry_is_marked_and_other_leader_cannot(volunteer, team, leader, other_team):
    record = _hand(volunteer, team, by=leader)
    assert record.source == ServiceRecord.Source.BACK_ENTRY and record.is_hand_entered
    assert record.entered_by == leader
    with pytest.raises(VolunteerError, match="只有本队队长"):
        _hand(
            volunteer, team, by=other_team.leaders.first(), start=timezone.now() - timedelta(days=3)
        )


def test_training_hours_never_count_as_service(volunteer, team, leader):
    training = past_activity(team, days_ago=2, kind="training")
    record = make_record(member=volunteer, team=team, activity=training, hours="2")
    approve_record(record=record, by=leader)
    service = make_record(member=volunteer, team=team, hours="3", days_ago=4)
    approve_record(record=service, by=leader)
    totals = member_totals(volunteer)
    assert totals.all_hours == Decimal("3")
    assert totals.training_hours == Decimal("2")


def test_suspicious_long_day_is_flagged(volunteer, team, leader):
    record = _hand(
        volunteer,
        team,
        hours="13",
        start=timezone.localtime(timezone.now() - timedelta(days=2)).replace(hour=6),
    )
    assert "超过 12" in record.flag_reason


def test_many_back_entries_by_one_leader_are_flagged(team, leader, branch_a):
    settings = VolunteerSettings.load()
    settings.suspicious_back_entries = 2
    settings.save()
    members = MemberFactory.create_batch(3, organisation=branch_a)
    records = []
    for member in members:
        join_team(team=team, member=member)
        records.append(_hand(member, team, by=leader))
    assert records[0].flag_reason == ""
    assert "补录 3 条" in records[2].flag_reason


def test_late_record_is_marked(volunteer, team):
    activity = past_activity(team, days_ago=20)
    record = make_record(member=volunteer, team=team, activity=activity)
    assert record.is_late


def test_working_days_skip_weekends():
    friday = date(2025, 5, 9)
    assert add_working_days(friday, 1) == date(2025, 5, 12)
    assert add_working_days(friday, 10) == date(2025, 5, 23)


# Approvals -----------------------------------------------------------------


def test_leader_approves_and_approving_twice_counts_once(volunteer, team, leader):
    record = _hand(volunteer, team)
    approve_record(record=record, by=leader, quality="excellent")
    approve_record(record=record, by=leader)
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.APPROVED and record.quality == "excellent"
    assert member_totals(volunteer).all_hours == Decimal("2")
    assert record.versions.filter(action="approved").count() == 1


def test_member_cannot_approve_own_record(team, leader):
    join_team(team=team, member=leader)
    record = _hand(leader, team)
    with pytest.raises(VolunteerError, match="不能审核自己"):
        approve_record(record=record, by=leader)


def test_approver_cannot_be_who_back_entered(volunteer, team, leader):
    record = _hand(volunteer, team, by=leader)
    with pytest.raises(VolunteerError, match="不能审核自己"):
        approve_record(record=record, by=leader)
    # The member's branch secretary can.
    secretary = SecretaryFactory(organisation=volunteer.organisation)
    approve_record(record=record, by=secretary)


def test_leader_of_team_a_cannot_approve_team_b_records(volunteer, team, other_team, member_b):
    join_team(team=other_team, member=member_b)
    record = _hand(member_b, other_team)
    leader_a = team.leaders.first()
    with pytest.raises(VolunteerError, match="只有本队队长或该党员所在支部书记"):
        approve_record(record=record, by=leader_a)


def test_secretary_of_branch_a_cannot_approve_branch_b_member(
    other_team, member_b, secretary_a, secretary_b
):
    join_team(team=other_team, member=member_b)
    record = _hand(member_b, other_team)
    with pytest.raises(VolunteerError):
        approve_record(record=record, by=secretary_a)
    approve_record(record=record, by=secretary_b)


def test_return_needs_a_reason_and_member_sees_it(volunteer, team, leader):
    record = _hand(volunteer, team)
    with pytest.raises(VolunteerError, match="填写理由"):
        return_record(record=record, by=leader, reason="  ")
    return_record(record=record, by=leader, reason="时长与签到表不符")
    record.refresh_from_db()
    assert record.status == "returned" and record.return_reason == "时长与签到表不符"
    with pytest.raises(VolunteerError, match="已退回"):
        approve_record(record=record, by=leader)


def test_editing_an_approved_record_returns_it_to_pending_and_keeps_the_old_version(
    volunteer, team, leader
):
    record = _hand(volunteer, team, hours="2", span=3)
    approve_record(record=record, by=leader)
    secretary = SecretaryFactory(organisation=volunteer.organisation)
    edit_record(record=record, by=secretary, hours=Decimal("3"), note="补足时长")
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.PENDING and record.hours == Decimal("3")
    versions = [(v.action, v.data["hours"], v.data["status"], v.by) for v in record.versions.all()]
    assert versions == [
        ("created", "2.0", "pending", volunteer),
        ("approved", "2.0", "approved", leader),
        ("edited", "3.0", "pending", secretary),
    ]
    assert member_totals(volunteer).all_hours == 0


def test_member_cannot_edit_own_approved_record(volunteer, team, leader):
    record = _hand(volunteer, team)
    approve_record(record=record, by=leader)
    with pytest.raises(VolunteerError, match="更正申请"):
        edit_record(record=record, by=volunteer, hours=Decimal("1"))


def test_member_resubmits_returned_record(volunteer, team, leader):
    record = _hand(volunteer, team, hours="2", span=3)
    return_record(record=record, by=leader, reason="请核实")
    edit_record(record=record, by=volunteer, hours=Decimal("1.5"))
    record.refresh_from_db()
    assert record.status == "pending" and record.hours == Decimal("1.5")
    assert record.reviewed_by is None


def test_nothing_is_deleted_records_are_protected(volunteer, team):
    from django.db.models import ProtectedError

    record = _hand(volunteer, team)
    with pytest.raises(ProtectedError):
        record.delete()
    assert RecordVersion.objects.filter(record=record).exists()


# Corrections ---------------------------------------------------------------


def test_correction_accepted_changes_hours_and_goes_back_to_pending(volunteer, team, leader):
    record = _hand(volunteer, team, hours="2", span=4)
    approve_record(record=record, by=leader)
    correction = request_correction(
        member=volunteer, record=record, explanation="实际服务了4小时", proposed_hours="4"
    )
    with pytest.raises(VolunteerError, match="处理意见"):
        decide_correction(correction=correction, by=leader, accept=True, reason="")
    decide_correction(correction=correction, by=leader, accept=True, reason="经核实属实")
    record.refresh_from_db()
    assert record.hours == Decimal("4") and record.status == "pending"
    assert record.versions.last().action == "corrected"
    approve_record(record=record, by=leader)  # the figures are the member's, not the leader's


def test_correction_for_a_missing_record_creates_it(volunteer, team, leader):
    activity = past_activity(team, days_ago=2, hours=3)
    correction = request_correction(
        member=volunteer, activity=activity, proposed_hours="3", explanation="忘记扫码签到"
    )
    decide_correction(correction=correction, by=leader, accept=True, reason="签到表有记录")
    correction.refresh_from_db()
    assert correction.record.hours == Decimal("3")
    assert correction.record.source == ServiceRecord.Source.SELF


def test_declined_correction_keeps_the_record(volunteer, team, leader, other_team):
    record = _hand(volunteer, team)
    correction = request_correction(
        member=volunteer, record=record, explanation="多记了", proposed_hours="5"
    )
    with pytest.raises(VolunteerError, match="只有本队队长"):
        decide_correction(
            correction=correction, by=other_team.leaders.first(), accept=False, reason="x"
        )
    decide_correction(correction=correction, by=leader, accept=False, reason="与签到时间不符")
    correction.refresh_from_db()
    assert correction.status == CorrectionRequest.Status.DECLINED
    record.refresh_from_db()
    assert record.hours == Decimal("2")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"explanation": ""}, "写明"),
        ({"explanation": "漏记"}, "请选择活动"),
        ({"explanation": "漏记", "proposed_hours": "0.3"}, "半小时"),
    ],
)
def test_bad_correction_requests_are_refused(volunteer, kwargs, message):
    with pytest.raises(VolunteerError, match=message):
        request_correction(member=volunteer, **kwargs)


# Stars ----------------------------------------------------------------------


def test_star_levels_follow_thresholds_and_settings():
    assert star_progress(Decimal("99")).level == 0
    one = star_progress(Decimal("100"))
    assert one.level == 1 and one.next_hours == Decimal("300") and one.remaining == Decimal("200")
    assert star_progress(Decimal("1500")).level == 5
    settings = VolunteerSettings.load()
    settings.star_1_hours = Decimal("50")
    settings.save()
    assert star_progress(Decimal("60")).label == "一星志愿者"


# Reminders -----------------------------------------------------------------------


def test_periodic_task_reminds_leaders_of_records_waiting_over_three_days(
    volunteer, team, leader, mailoutbox
):
    from volunteers import tasks

    fresh = _hand(volunteer, team)
    old = _hand(volunteer, team, start=timezone.now() - timedelta(days=6))
    ServiceRecord.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=4))
    assert tasks.remind_leaders.delay().get() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [leader.user.email]
    assert "1 条服务记录待审核" in message.subject and fresh.pk != old.pk


def test_periodic_task_records_no_shows(team, member_a):
    from volunteers import tasks

    activity = past_activity(team, days_ago=2)
    SignUp.objects.create(activity=activity, member=member_a)
    assert tasks.close_activities.delay().get() == 1
    assert SignUp.objects.get(activity=activity).attendance == SignUp.Attendance.ABSENT


def test_a_too_long_title_or_place_is_refused_not_cut(volunteer, team):
    start = timezone.now() - timedelta(days=1, hours=8)
    common = {
        "member": volunteer,
        "team": team,
        "by": volunteer,
        "content": "买菜、打扫",
        "started_at": start,
        "ended_at": start + timedelta(hours=2),
        "hours": "2",
    }
    with pytest.raises(VolunteerError, match="活动名称不能超过 100 个字"):
        record_hours(title="帮" * 101, place="李大爷家", **common)
    with pytest.raises(VolunteerError, match="服务地点不能超过 120 个字"):
        record_hours(title="一对一帮扶", place="家" * 121, **common)
    assert not ServiceRecord.objects.exists()


def test_a_member_who_leaves_is_no_longer_in_a_team_or_leading_it(team, leader, volunteer):
    from portal.models import MembershipChange
    from portal.services.membership import record_departure

    secretary = SecretaryFactory(organisation=volunteer.organisation)
    for member in (volunteer, leader):
        record_departure(
            member=member, kind=MembershipChange.Kind.LEAVE, destination="退休", by=secretary.user
        )

    current = TeamMembership.objects.filter(team=team, left_at__isnull=True)
    assert not current.filter(member=volunteer).exists()
    # The membership itself stays, with the day it ended.
    assert TeamMembership.objects.filter(team=team, member=volunteer).exists()
    assert not team.leaders.filter(pk=leader.pk).exists()


def test_working_days_skip_china_s_holidays_and_count_make_up_saturdays():
    # 国庆 2025: 10月1–8日 off; Saturday 11 October is a 调休 working day.
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)


def test_days_added_in_the_settings_count_for_years_the_library_does_not_know():
    from portal.models import WorkingDaySettings

    # 2030 is not announced: Monday to Friday, plus what the committee adds.
    assert add_working_days(date(2030, 1, 31), 1) == date(2030, 2, 1)
    settings = WorkingDaySettings.load()
    settings.extra_holidays = "2030-02-01 春节\n2030-02-04"
    settings.extra_workdays = "2030-02-02 调休"
    settings.save()
    assert add_working_days(date(2030, 1, 31), 1) == date(2030, 2, 2)
    assert add_working_days(date(2030, 1, 31), 2) == date(2030, 2, 5)


def test_a_badly_written_extra_day_is_refused_with_a_chinese_message():
    from django.core.exceptions import ValidationError

    from portal.models import WorkingDaySettings

    settings = WorkingDaySettings(extra_holidays="2030-13-01 春节")
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "无法识别的日期：2030-13-01" in str(error.value)

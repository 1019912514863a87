"""Public team pages, members' pages on the phone, leaders' approvals, with pinned query counts."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.templatetags.portal_tags import hours as format_hours
from tests.documents import pdf_qr_codes, pdf_text, svg_qr_codes
from tests.factories import MemberFactory, SecretaryFactory
from tests.helpers import error_beside
from tests.volunteers.conftest import (
    ActivityFactory,
    TeamFactory,
    bulk_records,
    make_record,
    past_activity,
)
from volunteers.models import ServiceRecord, SignUp, TeamMembership
from volunteers.services import join_team, set_public_name_consent

pytestmark = pytest.mark.django_db


def login(client, member):
    client.force_login(member.user)
    return client


# Public pages -----------------------------------------------------------------


def test_index_lists_teams_upcoming_activities_and_year_hours(client, section, team, volunteer):
    ActivityFactory(team=team, title="重阳节敬老院慰问")
    bulk_records(team=team, members=[volunteer], count=3)
    response = client.get("/volunteers/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "扶弱助老志愿服务队" in text and "重阳节敬老院慰问" in text
    assert "服务 6 小时" in text
    assert response["Cache-Control"] == "public, max-age=300"


def test_team_page_names_only_consenting_volunteers(client, section, team, volunteer, branch_a):
    other = MemberFactory(name="王同意", organisation=branch_a)
    join_team(team=team, member=other)
    set_public_name_consent(member=other, consent=True)
    response = client.get(f"/volunteers/teams/{team.pk}/")
    text = response.content.decode()
    assert "王同意" in text
    assert volunteer.name not in text
    assert "另有 1 名队员未公开姓名" in text
    assert volunteer.phone not in text and other.phone not in text


def test_ranking_counts_but_does_not_name_without_consent(client, section, team, volunteer):
    bulk_records(team=team, members=[volunteer], count=2)
    text = client.get("/volunteers/").content.decode()
    assert "志愿者（未公开姓名）" in text and volunteer.name not in text


def test_unknown_team_is_404(client, section):
    assert client.get("/volunteers/teams/999/").status_code == 404


def test_team_page_queries_do_not_grow_with_records(
    client, section, team, branch_a, django_assert_num_queries
):
    members = MemberFactory.create_batch(5, organisation=branch_a)
    for member in members:
        TeamMembership.objects.create(team=team, member=member)
    for _ in range(3):
        ActivityFactory(team=team)
    bulk_records(team=team, members=members, count=10)
    client.get(f"/volunteers/teams/{team.pk}/")  # warm Wagtail's site cache
    with django_assert_num_queries(10) as small:
        client.get(f"/volunteers/teams/{team.pk}/")
    bulk_records(
        team=team, members=members, count=1000, start_day=timezone.localdate() - timedelta(days=5)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/volunteers/teams/{team.pk}/")
    with django_assert_num_queries(11):
        client.get("/volunteers/")


def test_team_list_is_paginated_and_its_queries_do_not_grow_with_teams(
    client, section, branch_a, django_assert_num_queries
):
    leader = MemberFactory(organisation=branch_a)
    for team in TeamFactory.create_batch(3, organisation=branch_a, leaders=[leader]):
        ActivityFactory(team=team)
    client.get("/volunteers/")  # warm Wagtail's site cache
    with django_assert_num_queries(11) as small:
        client.get("/volunteers/")
    for team in TeamFactory.create_batch(42, organisation=branch_a, leaders=[leader]):
        ActivityFactory(team=team)
        bulk_records(team=team, members=[leader], count=1)
    with django_assert_num_queries(len(small.captured_queries)):
        first = client.get("/volunteers/").content.decode()
    last = client.get("/volunteers/?page=3").content.decode()

    assert first.count('class="card team-card"') == 20 and "第 1 / 3 页" in first
    assert 'href="?page=2"' in first
    assert last.count('class="card team-card"') == 5 and 'href="?page=2"' in last
    assert client.get("/volunteers/?page=99").content.decode().count("team-card") == 5


# Joining and sign-up ----------------------------------------------------------------


def test_joining_a_third_team_shows_the_chinese_message(client, section, member_a, branch_a):
    teams = TeamFactory.create_batch(3, organisation=branch_a)
    login(client, member_a)
    for team in teams:
        response = client.post(f"/me/volunteer/teams/{team.pk}/join/", follow=True)
    assert "最多同时参加两支志愿服务队" in response.content.decode()
    assert TeamMembership.objects.filter(member=member_a).count() == 2


def test_anonymous_cannot_join(client, team):
    response = client.post(f"/me/volunteer/teams/{team.pk}/join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not TeamMembership.objects.exists()


def test_join_needs_post(client, member_a, team):
    login(client, member_a)
    assert client.get(f"/me/volunteer/teams/{team.pk}/join/").status_code == 405


def test_sign_up_and_full_activity_message(client, section, team, member_a, member_b):
    activity = ActivityFactory(team=team, capacity=1)
    login(client, member_a).post(f"/me/volunteer/activities/{activity.pk}/sign-up/")
    client.force_login(member_b.user)
    response = client.post(f"/me/volunteer/activities/{activity.pk}/sign-up/", follow=True)
    assert "名额已满" in response.content.decode()
    assert SignUp.objects.filter(activity=activity).count() == 1


# Check-in ---------------------------------------------------------------------


def test_check_in_then_check_out_through_the_qr_url(client, section, team, member_a):
    activity = past_activity(team, days_ago=0, hours=3)
    activity.ends_at = timezone.now() + timedelta(minutes=10)
    activity.save()
    SignUp.objects.create(activity=activity, member=member_a)
    url = f"/me/volunteer/checkin/{activity.check_in_token}/"
    login(client, member_a)
    page = client.get(url)
    assert page.status_code == 200 and "签到" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    response = client.post(url, follow=True)
    assert "签到成功" in response.content.decode()
    entry = SignUp.objects.get(activity=activity, member=member_a)
    entry.checked_in_at = activity.starts_at
    entry.save()
    # Hours later the member opens the page again: a new rendering of the form.
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()
    )
    response = client.post(
        url, {"csrfmiddlewaretoken": token.group(1), "action": "check-out"}, follow=True
    )
    assert "签退成功" in response.content.decode()
    assert ServiceRecord.objects.get(member=member_a).status == "pending"


def test_check_in_outside_the_window_shows_why(client, team, member_a):
    activity = ActivityFactory(team=team)
    login(client, member_a)
    url = f"/me/volunteer/checkin/{activity.check_in_token}/"
    assert "不在签到时间内" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "不在签到时间内" in response.content.decode()
    assert not SignUp.objects.filter(checked_in_at__isnull=False).exists()


def test_unknown_check_in_token_is_404(client, member_a):
    login(client, member_a)
    assert client.get("/me/volunteer/checkin/nope/").status_code == 404


# Records ----------------------------------------------------------------------


def test_member_enters_hours_and_bad_input_saves_nothing(client, volunteer, team):
    login(client, volunteer)
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    bad = {
        "team": team.pk,
        "title": "帮扶",
        "served_on": day,
        "start": "09:00",
        "end": "11:00",
        "hours": "1.3",
        "place": "社区",
        "content": "买菜",
    }
    response = client.post("/me/volunteer/records/new/", bad)
    assert response.status_code == 400 and "半小时为单位" in response.content.decode()
    future = dict(bad, hours="2", served_on=(timezone.localdate() + timedelta(days=2)).isoformat())
    response = client.post("/me/volunteer/records/new/", future)
    assert response.status_code == 400 and "尚未发生" in response.content.decode()
    assert not ServiceRecord.objects.exists()
    response = client.post("/me/volunteer/records/new/", dict(bad, hours="2"))
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert record.source == "self" and record.status == "pending"


def test_a_refused_record_says_why_beside_the_field_it_is_about(client, volunteer, team):
    """Issue 13: the service's reasons sit on 结束时间 and 实际服务时长, not only on top."""
    login(client, volunteer)
    today = timezone.localdate().isoformat()
    record = {
        "team": team.pk,
        "title": "帮扶",
        "served_on": today,
        "start": "00:10",
        "end": "00:00",  # before the start: read as past midnight, so tomorrow
        "hours": "2",
        "place": "社区",
        "content": "买菜",
    }
    response = client.post("/me/volunteer/records/new/", record)
    assert response.status_code == 400
    assert "尚未发生" in error_beside(response, "end")
    assert response.context["form"].non_field_errors() == []
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    longer = dict(record, served_on=yesterday, start="09:00", end="10:00", hours="3")
    response = client.post("/me/volunteer/records/new/", longer)
    assert response.status_code == 400
    assert "不能超过开始到结束的时间" in error_beside(response, "hours")
    assert not ServiceRecord.objects.exists()


def test_my_hours_shows_totals_star_status_and_attendance(client, section, volunteer, team, leader):
    bulk_records(team=team, members=[volunteer], count=60)  # 120 h approved
    make_record(member=volunteer, team=team, by=leader, days_ago=0)
    response = login(client, volunteer).get("/me/volunteer/")
    text = response.content.decode()
    assert "一星志愿者" in text and "累计服务 120 小时" in text
    assert "距二星志愿者还差 180 小时" in text
    assert "队长补录" in text and "待审核" in text
    assert response["Cache-Control"] == "private, no-store"


def test_member_cannot_see_someone_elses_record(client, volunteer, team, member_b):
    record = make_record(member=volunteer, team=team)
    assert login(client, member_b).get(f"/me/volunteer/records/{record.pk}/").status_code == 404


# Leaders ------------------------------------------------------------------------


def test_leader_approves_from_the_queue(client, volunteer, team, leader):
    record = make_record(member=volunteer, team=team)
    login(client, leader)
    assert "待审核的服务记录" in client.get("/me/volunteer/lead/").content.decode()
    client.post(
        f"/me/volunteer/lead/records/{record.pk}/review/", {"action": "approve", "quality": "good"}
    )
    record.refresh_from_db()
    assert record.status == "approved" and record.quality == "good"


def test_leader_of_team_b_cannot_approve_team_a_record(client, volunteer, team, other_team):
    record = make_record(member=volunteer, team=team)
    login(client, other_team.leaders.first())
    response = client.post(
        f"/me/volunteer/lead/records/{record.pk}/review/", {"action": "approve"}, follow=True
    )
    assert "只有本队队长或该党员所在支部书记" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "pending"


def test_return_without_reason_is_refused(client, volunteer, team, leader):
    record = make_record(member=volunteer, team=team)
    login(client, leader)
    response = client.post(
        f"/me/volunteer/lead/records/{record.pk}/review/", {"action": "return"}, follow=True
    )
    assert "退回时请填写理由" in response.content.decode()


def test_other_leader_cannot_open_team_management(client, team, other_team):
    login(client, other_team.leaders.first())
    assert client.get(f"/me/volunteer/lead/teams/{team.pk}/").status_code == 403


def test_leader_activity_page_qr_scans_to_the_check_in_url(client, team, leader, settings):
    settings.SITE_URL = "https://dangjian.example.cn"
    activity = ActivityFactory(team=team)
    response = login(client, leader).get(f"/me/volunteer/lead/activities/{activity.pk}/")
    svg = re.search(r"<svg[^>]*qr-svg.*?</svg>", response.content.decode(), re.S).group(0)
    path = f"/me/volunteer/checkin/{activity.check_in_token}/"
    assert svg_qr_codes(svg, box_mm=50) == [f"https://dangjian.example.cn{path}"]
    assert client.get(path).status_code == 200


def test_leader_publishes_activity_with_bad_input(client, team, leader):
    login(client, leader)
    response = client.post(
        f"/me/volunteer/lead/teams/{team.pk}/activities/new/",
        {
            "title": "扫雪",
            "kind": "service",
            "place": "人民路",
            "starts_at": "2020-01-01T09:00",
            "ends_at": "2020-01-01T11:00",
            "capacity": "5",
        },
    )
    assert response.status_code == 400 and "开始时间应晚于现在" in response.content.decode()
    assert "开始时间应晚于现在" in error_beside(response, "starts_at")


def test_an_activity_ending_before_it_starts_is_refused_on_the_end_time(client, team, leader):
    login(client, leader)
    start = timezone.localtime() + timedelta(days=3)
    response = client.post(
        f"/me/volunteer/lead/teams/{team.pk}/activities/new/",
        {
            "title": "扫雪",
            "kind": "service",
            "place": "人民路",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "5",
        },
    )
    assert response.status_code == 400
    assert "结束时间应晚于开始时间" in error_beside(response, "ends_at")
    assert response.context["form"].non_field_errors() == []


def test_overdue_activity_is_flagged_to_its_leader(client, volunteer, team, leader):
    activity = past_activity(team, days_ago=30, title="清扫责任区")
    SignUp.objects.create(activity=activity, member=volunteer, attendance="present")
    text = login(client, leader).get(f"/me/volunteer/lead/teams/{team.pk}/").content.decode()
    assert "逾期未完成记录的活动" in text and "清扫责任区" in text


def test_lead_page_queries_do_not_grow_with_records(
    client, team, leader, branch_a, django_assert_num_queries
):
    members = MemberFactory.create_batch(4, organisation=branch_a)
    bulk_records(team=team, members=members, count=10, status="pending")
    login(client, leader)
    client.get(f"/me/volunteer/lead/teams/{team.pk}/")  # creates the settings row once
    # (The volunteer settings and the working-day calendar are read only when an
    # activity is overdue: none is here.)
    with django_assert_num_queries(12) as small:
        client.get(f"/me/volunteer/lead/teams/{team.pk}/")
    bulk_records(
        team=team,
        members=members,
        count=1000,
        status="pending",
        start_day=timezone.localdate() - timedelta(days=5),
    )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(f"/me/volunteer/lead/teams/{team.pk}/")


def test_correction_request_and_decision_through_pages(client, volunteer, team, leader):
    record = make_record(member=volunteer, team=team, hours="2", span=4)
    ServiceRecord.objects.filter(pk=record.pk).update(status="approved")
    login(client, volunteer)
    response = client.post(
        f"/me/volunteer/corrections/new/?record={record.pk}", {"explanation": ""}
    )
    assert response.status_code == 400
    client.post(
        f"/me/volunteer/corrections/new/?record={record.pk}",
        {"explanation": "实际4小时", "proposed_hours": "4"},
    )
    correction = record.corrections.get()
    client.force_login(leader.user)
    client.post(
        f"/me/volunteer/lead/corrections/{correction.pk}/decide/", {"accept": "1", "reason": "属实"}
    )
    record.refresh_from_db()
    assert str(record.hours) == "4.0" and record.status == "pending"


def test_ledger_summary_for_secretary(client, volunteer, team, secretary_a):
    bulk_records(team=team, members=[volunteer], count=5)
    login(client, secretary_a)
    today = timezone.localdate()
    response = client.get(
        "/me/volunteer/ledger/",
        {
            "scope": f"org:{secretary_a.organisation.pk}",
            "start": f"{today.year - 1}-01-01",
            "end": today.isoformat(),
        },
    )
    assert response.status_code == 200 and "月度汇总" in response.content.decode()
    bad = client.get("/me/volunteer/ledger/", {"scope": "org:999999", "start": "x", "end": "y"})
    assert bad.status_code == 400


def test_plain_member_has_no_ledger(client, member_a):
    assert login(client, member_a).get("/me/volunteer/ledger/").status_code == 403


def test_my_page_lists_my_volunteer_link(client, member_a):
    text = login(client, member_a).get("/me/").content.decode()
    assert "我的志愿服务" in text


# 志愿服务记录证明 ------------------------------------------------------------------


ID_NUMBER = "11010519491231002X"  # a valid checksum (GB 11643's own example)


def _proof(client, **extra):
    today = timezone.localdate()
    data = {"start": f"{today.year - 1}-01-01", "end": today.isoformat(), **extra}
    return client.post("/me/volunteer/proof/", data)


def test_proof_pdf_carries_every_field_the_rules_name(client, volunteer, team, leader, settings):
    from honors.models import Certificate

    settings.SITE_URL = "https://dangjian.example.cn"
    SecretaryFactory(name="李书记", organisation=team.organisation)
    team.contact_phone = "0371-1234567"
    team.save()
    bulk_records(team=team, members=[volunteer], count=3)
    ServiceRecord.objects.filter(member=volunteer).update(
        title="周末活动", content="为独居老人清扫积雪、代购药品", reviewed_by=leader
    )
    response = _proof(login(client, volunteer), id_number=ID_NUMBER)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    certificate = Certificate.objects.get(member=volunteer)
    assert certificate.issuer == team.organisation  # 谁记录谁证明
    for field in (
        volunteer.name,
        "身份证件号码110***********002X",
        volunteer.volunteer.number,
        certificate.period_text,
        "为独居老人清扫积雪、代购药品",
        f"累计服务时长{format_hours(Decimal('6'))}小时",
        f"出具单位：{team.organisation.name}",
        "负责人：李书记",
        "经办人：张队长",
        "联系电话：0371-1234567",
        f"证明编号：{certificate.number}",
        "出具日期：",
        "（盖章）",
    ):
        assert field.replace(" ", "") in text, field
    assert "周末活动" not in text  # the content, not the title
    assert ID_NUMBER not in text and ID_NUMBER not in certificate.body_text
    urls = pdf_qr_codes(response.content)
    assert urls == [f"https://dangjian.example.cn/certificates/{certificate.number}/"]
    assert client.get(urls[0].removeprefix("https://dangjian.example.cn")).status_code == 200
    # The same period again keeps the same number; the ID number is remembered.
    assert _proof(client).status_code == 200
    assert Certificate.objects.filter(member=volunteer).count() == 1


def test_committee_issued_proof_names_its_person_in_charge(client, committee, member_a):
    from volunteers.services import join_team

    team = TeamFactory(name="党委志愿服务队", organisation=committee.organisation)
    join_team(team=team, member=member_a)
    bulk_records(team=team, members=[member_a], count=1)
    response = _proof(login(client, member_a), id_number=ID_NUMBER)
    assert response.status_code == 200
    assert f"负责人：{committee.name}" in pdf_text(response.content)


def test_proof_asks_for_a_valid_id_number_and_keeps_none_on_refusal(client, volunteer, team):
    bulk_records(team=team, members=[volunteer], count=1)
    login(client, volunteer)
    missing = _proof(client)
    assert missing.status_code == 400 and "请填写身份证号码" in missing.content.decode()
    wrong = _proof(client, id_number="110105194912310021")
    assert wrong.status_code == 400 and "校验位不对" in wrong.content.decode()
    no_hours = client.post(
        "/me/volunteer/proof/", {"start": "2001-01-01", "end": "2001-12-31", "id_number": ID_NUMBER}
    )
    assert no_hours.status_code == 400
    volunteer.volunteer.refresh_from_db()
    assert volunteer.volunteer.id_number == ""


def test_proof_without_approved_hours_explains(client, volunteer):
    response = login(client, volunteer).post(
        "/me/volunteer/proof/", {"start": "2024-01-01", "end": "2024-12-31", "id_number": ID_NUMBER}
    )
    assert response.status_code == 400 and "没有已审核通过的服务时长" in response.content.decode()
    bad = client.post("/me/volunteer/proof/", {"start": "2024-12-31", "end": "2024-01-01"})
    assert bad.status_code == 400 and "截止日期不能早于起始日期" in bad.content.decode()


def test_lead_page_counts_sign_ups_and_pending_records_once_each(client, team, leader, branch_a):
    activity = past_activity(team, days_ago=2, title="敬老院慰问")
    members = MemberFactory.create_batch(3, organisation=branch_a)
    for member in members:
        join_team(team=team, member=member)
        SignUp.objects.create(activity=activity, member=member, attendance="present")
    for member in members[:2]:
        make_record(member=member, team=team, activity=activity)
    quiet = past_activity(team, days_ago=5, title="清扫责任区")
    SignUp.objects.create(activity=quiet, member=members[0], attendance="present")

    text = login(client, leader).get(f"/me/volunteer/lead/teams/{team.pk}/").content.decode()

    assert "报名 3/10" in text and "2 条待审核" in text
    assert "报名 1/10" in text
    assert "报名 6/10" not in text and "报名 9/10" not in text


def test_a_double_tap_on_check_in_does_not_check_out(client, team, member_a):
    activity = past_activity(team, days_ago=0, hours=3)
    activity.ends_at = timezone.now() + timedelta(hours=1)
    activity.save()
    SignUp.objects.create(activity=activity, member=member_a)
    url = f"/me/volunteer/checkin/{activity.check_in_token}/"
    login(client, member_a)
    client.post(url, {"action": "check-in"})
    # The same tap twice: the repeat gets the first answer and checks nobody out.
    client.post(url, {"action": "check-in"}, follow=True)
    assert SignUp.objects.get(activity=activity, member=member_a).checked_out_at is None
    # A tap on another tab that still showed 签到 (its own rendering of the form).
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()
    )
    response = client.post(
        url, {"action": "check-in", "csrfmiddlewaretoken": token.group(1)}, follow=True
    )
    assert "您已签到" in response.content.decode()
    assert SignUp.objects.get(activity=activity, member=member_a).checked_out_at is None


def test_check_out_minutes_after_check_in_asks_first_then_goes_ahead(client, team, member_a):
    activity = past_activity(team, days_ago=0, hours=3)
    activity.ends_at = timezone.now() + timedelta(hours=1)
    activity.save()
    SignUp.objects.create(activity=activity, member=member_a)
    url = f"/me/volunteer/checkin/{activity.check_in_token}/"
    login(client, member_a)
    client.post(url, {"action": "check-in"})
    response = client.post(url, {"action": "check-out"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "分钟前刚签到" in text and "确认签退" in text and "不签退，继续服务" in text
    assert SignUp.objects.get(activity=activity, member=member_a).checked_out_at is None
    response = client.post(url, {"action": "check-out", "confirm": "1"}, follow=True)
    assert "签退成功" in response.content.decode()
    assert SignUp.objects.get(activity=activity, member=member_a).checked_out_at is not None


def test_leader_takes_back_a_mistaken_check_out_and_the_member_checks_out_later(
    client, team, leader, member_a
):
    from volunteers.services import check_in, check_out

    activity = past_activity(team, days_ago=0, hours=3)
    activity.ends_at = timezone.now() + timedelta(hours=1)
    activity.save()
    entry = SignUp.objects.create(activity=activity, member=member_a)
    check_in(activity=activity, member=member_a, at=timezone.now() - timedelta(minutes=5))
    result = check_out(activity=activity, member=member_a, confirmed=True)
    assert result.record is None  # 不足半小时
    login(client, leader)
    page = client.get(f"/me/volunteer/lead/activities/{activity.pk}/").content.decode()
    assert "撤销签退" in page
    client.post(
        f"/me/volunteer/lead/activities/{activity.pk}/attendance/{entry.pk}/",
        {"action": "undo_check_out"},
    )
    entry.refresh_from_db()
    assert entry.checked_out_at is None
    SignUp.objects.filter(pk=entry.pk).update(checked_in_at=activity.starts_at)
    result = check_out(activity=activity, member=member_a)
    assert result.record is not None and result.record.status == "pending"


def test_another_team_s_leader_cannot_undo_a_check_out(client, team, other_team, member_a):
    from volunteers.services import check_in, check_out

    activity = past_activity(team, days_ago=0, hours=3)
    activity.ends_at = timezone.now() + timedelta(hours=1)
    activity.save()
    entry = SignUp.objects.create(activity=activity, member=member_a)
    check_in(activity=activity, member=member_a, at=timezone.now() - timedelta(minutes=5))
    check_out(activity=activity, member=member_a, confirmed=True)
    login(client, other_team.leaders.first())
    response = client.post(
        f"/me/volunteer/lead/activities/{activity.pk}/attendance/{entry.pk}/",
        {"action": "undo_check_out"},
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.checked_out_at is not None


def test_ledger_and_proof_forms_open_on_this_year_in_dates_the_browser_reads(
    client, volunteer, team, secretary_a
):
    year = timezone.localdate().year
    today = timezone.localdate().isoformat()
    login(client, volunteer)
    proof = client.get("/me/volunteer/proof/").content.decode()
    assert f'value="{year}-01-01"' in proof and f'value="{today}"' in proof
    login(client, secretary_a)
    ledger = client.get("/me/volunteer/ledger/").content.decode()
    assert f'value="{year}-01-01"' in ledger and f'value="{today}"' in ledger


# Issue 13: the public standard ---------------------------------------------------


def test_editing_a_record_shows_its_date_in_the_iso_form_date_inputs_keep(client, volunteer, team):
    record = make_record(member=volunteer, team=team)
    body = login(client, volunteer).get(f"/me/volunteer/records/{record.pk}/edit/")
    served_on = timezone.localtime(record.started_at).date().isoformat()
    assert f'type="date" name="served_on" value="{served_on}"' in body.content.decode()


def test_proof_form_default_dates_are_iso(client, volunteer):
    body = login(client, volunteer).get("/me/volunteer/proof/").content.decode()
    inputs = [part.split(">")[0] for part in body.split('type="date"')[1:]]
    assert inputs, "the proof form has date inputs"
    for attributes in inputs:
        value = attributes.split('value="')[1].split('"')[0]
        assert len(value) == 10 and value[4] == "-" and value[7] == "-", value


def test_finished_activity_does_not_invite_visitors_to_sign_in_and_sign_up(client, section, team):
    activity = past_activity(team, days_ago=2)
    text = client.get(f"/volunteers/activities/{activity.pk}/").content.decode()
    assert "登录后报名" not in text
    assert "报名已结束" in text
    upcoming = ActivityFactory(team=team)
    assert "登录后报名" in client.get(f"/volunteers/activities/{upcoming.pk}/").content.decode()


def test_star_progress_bar_has_a_name(client, volunteer, team):
    make_record(member=volunteer, team=team, status=ServiceRecord.Status.APPROVED)
    text = login(client, volunteer).get("/me/volunteer/").content.decode()
    bar = text[text.index('role="progressbar"') :].split(">")[0]
    assert 'aria-label="距' in bar


def test_hours_board_shares_places_on_ties_and_states_the_rule(client, section, team, branch_a):
    from volunteers.services import join_team

    members = [MemberFactory(organisation=branch_a) for _ in range(3)]
    for member in members:
        join_team(team=team, member=member)
    bulk_records(team=team, members=members[:2], count=4)
    bulk_records(team=team, members=members[2:], count=1)
    text = client.get("/volunteers/").content.decode()
    table = text[text.index("服务时长榜") :]
    cells = [row.split("</td>")[0] for row in table.split("<tr><td>")[1:4]]
    assert cells == ["1", "1", "3"]
    assert "得分相同者名次并列" in text


def test_a_refused_back_entry_comes_back_with_the_error_on_its_field(
    client, volunteer, team, leader
):
    """Issue 13: not a redirect to a banner; the form as filled in, the reason by 时长."""
    activity = past_activity(team)
    SignUp.objects.create(activity=activity, member=volunteer)
    login(client, leader)
    url = f"/me/volunteer/lead/activities/{activity.pk}/back-entry/"
    response = client.post(url, {"member": volunteer.pk, "hours": "9", "content": "清扫"})
    assert response.status_code == 400
    assert "不能超过开始到结束的时间" in error_beside(response, "hours")
    response = client.post(url, {"member": volunteer.pk, "hours": "1.3", "content": "清扫"})
    assert response.status_code == 400
    assert "半小时为单位" in error_beside(response, "hours")
    assert not ServiceRecord.objects.exists()

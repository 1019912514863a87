"""Volunteers on the workbench: each count is the length of the list it links to."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.workbench import staff_todos
from tests.factories import MemberFactory
from tests.volunteers.conftest import TeamFactory, make_record, past_activity
from volunteers.models import ServiceRecord, SignUp

pytestmark = pytest.mark.django_db


def login(client, member):
    client.force_login(member.user)
    return client


def dashboard_counts(client) -> dict[str, int]:
    html = client.get("/admin/").content.decode()
    return {
        key: int(count)
        for key, count in re.findall(
            r'data-todo="([\w.]+)">\s*<a[^>]*>\s*<span class="workbench-count"[^>]*>(\d+)', html
        )
    }


def test_dashboard_count_of_records_equals_the_review_list_it_links_to(
    client, secretary_a, team, branch_a, other_team, member_b
):
    people = [MemberFactory(organisation=branch_a) for _ in range(3)]
    for person in people:
        make_record(member=person, team=team)
    make_record(member=member_b, team=other_team)  # branch B: not the secretary's work
    make_record(member=secretary_a, team=team, by=secretary_a)  # their own: someone else's work
    login(client, secretary_a)
    counts = dashboard_counts(client)
    assert counts["volunteers.records"] == 3
    lead = client.get("/me/volunteer/lead/").content.decode()
    assert lead.count('type="checkbox" name="records"') == 3
    assert "volunteers.corrections" not in counts  # nothing to do is not shown


def test_overdue_activities_count_matches_the_overdue_list(client, secretary_a, team, branch_a):
    person = MemberFactory(organisation=branch_a)
    for days in (30, 40):
        activity = past_activity(team, days_ago=days)
        make_record(member=person, team=team, activity=activity)
    past_activity(team, days_ago=1)  # ended yesterday: not overdue
    login(client, secretary_a)
    counts = dashboard_counts(client)
    assert counts["volunteers.overdue"] == 2
    lead = client.get("/me/volunteer/lead/").content.decode()
    overdue = lead.split('id="overdue"')[1].split("</section>")[0]
    assert overdue.count("<li>") == 2


def test_a_member_with_nothing_waiting_sees_no_todo_card(client, member_a):
    login(client, member_a)
    response = client.get("/me/")
    assert response.status_code == 200
    assert 'data-testid="my-todos"' not in response.content.decode()


def test_a_returned_record_waits_on_its_member_with_the_reason(client, volunteer, team, leader):
    from volunteers.services import return_record

    record = make_record(member=volunteer, team=team)
    return_record(record=record, by=leader, reason="请补充服务内容")
    login(client, volunteer)
    text = client.get("/me/").content.decode()
    assert "等我处理" in text and "请补充服务内容" in text
    assert f"/me/volunteer/records/{record.pk}/edit/" in text


def test_a_leader_sees_the_records_waiting_on_them_on_my_page(client, leader, team, member_a):
    make_record(member=member_a, team=team)
    login(client, leader)
    text = client.get("/me/").content.decode()
    assert "待审核的服务记录" in text


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        todos = staff_todos(user)
    assert todos
    return len(captured)


def test_the_workbench_costs_the_same_queries_for_a_small_and_a_large_subtree(
    committee, branch_a, django_assert_num_queries
):
    def grow(teams: int, people: int):
        for _ in range(teams):
            team = TeamFactory(organisation=branch_a)
            for person in [MemberFactory(organisation=branch_a) for _ in range(people)]:
                make_record(member=person, team=team)
                make_record(member=person, team=team, activity=past_activity(team, days_ago=30))

    grow(1, 1)
    staff_todos(committee.user)  # the settings rows are created on first use
    small = _queries(committee.user)
    grow(4, 5)
    with django_assert_num_queries(small):
        staff_todos(committee.user)
    # About one query per item on the panel, from every app together (the review and the
    # corrections queues count their team half and their subtree half apart, each to the cap).
    assert small <= 18


def test_an_attended_activity_is_offered_on_my_page_with_its_times_filled_in(
    client, volunteer, team
):
    import re

    activity = past_activity(team, days_ago=2, hours=3, title="重阳节敬老院慰问")
    SignUp.objects.create(activity=activity, member=volunteer)
    login(client, volunteer)
    me = client.get("/me/").content.decode()
    link = f"/me/volunteer/records/new/?activity={activity.pk}"
    assert "填报服务时长：重阳节敬老院慰问" in me and link in me
    form = client.get(link).content.decode()
    values = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', form))
    start = timezone.localtime(activity.starts_at + timedelta(seconds=59))
    assert values["start"] == start.strftime("%H:%M")
    assert values["served_on"] == start.date().isoformat()
    assert values["hours"] == "2.5"  # whole minutes inside the activity, rounded down
    # Submitting what was filled in is the whole of it.
    response = client.post(
        "/me/volunteer/records/new/",
        {
            **values,
            "team": team.pk,
            "activity": activity.pk,
            "content": activity.description,
        },
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get(member=volunteer, activity=activity)
    assert record.hours == Decimal("2.5") and record.status == "pending"
    assert "填报服务时长：重阳节敬老院慰问" not in client.get("/me/").content.decode()


def test_an_activity_tomorrow_the_member_signed_up_for_waits_on_my_page(client, volunteer, team):
    from tests.volunteers.conftest import ActivityFactory
    from volunteers.models import Activity

    def at(days, hour, **kwargs):
        start = timezone.localtime().replace(hour=hour, minute=30, second=0, microsecond=0)
        activity = ActivityFactory(team=team, starts_at=start + timedelta(days=days), **kwargs)
        SignUp.objects.create(activity=activity, member=volunteer)
        return activity

    at(1, 9, title="明早敬老院慰问", place="城关镇敬老院")
    at(2, 9, title="后天的活动")
    at(1, 14, title="已取消的活动", status=Activity.Status.CANCELLED)
    dropped = at(1, 15, title="退出报名的活动")
    SignUp.objects.filter(activity=dropped).update(status=SignUp.Status.CANCELLED)
    login(client, volunteer)
    text = client.get("/me/").content.decode()
    assert "明天 09:30 明早敬老院慰问" in text and "城关镇敬老院" in text
    for title in ("后天的活动", "已取消的活动", "退出报名的活动"):
        assert title not in text.split('data-testid="my-todos"')[1].split("</section>")[0]


def test_past_the_cap_the_dashboard_shows_99_plus_and_stops_counting(
    client, secretary_a, team, branch_a, monkeypatch
):
    """A committee over a city has tens of thousands of pending records; counting them all
    cost 200 ms on every visit. Past the cap the item says so (「2+」 here, 「99+」 live)."""
    from portal import workbench

    monkeypatch.setattr(workbench, "COUNT_CAP", 2)
    leader_team_record = make_record(member=MemberFactory(organisation=branch_a), team=team)
    team.leaders.add(secretary_a)  # in both halves of the queue: counted once
    for _ in range(2):
        make_record(member=MemberFactory(organisation=branch_a), team=team)
    login(client, secretary_a)
    html = client.get("/admin/").content.decode()
    assert re.search(r'data-todo="volunteers.records">\s*<a[^>]*>\s*<span[^>]*>2\+<', html)

    monkeypatch.setattr(workbench, "COUNT_CAP", 99)
    assert dashboard_counts(client)["volunteers.records"] == 3
    ServiceRecord.objects.filter(pk=leader_team_record.pk).update(
        status=ServiceRecord.Status.APPROVED
    )
    assert dashboard_counts(client)["volunteers.records"] == 2

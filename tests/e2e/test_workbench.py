"""The secretary's and the committee's workbench on the demo data: see what waits, approve."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from portal.models import Member
from tests.e2e.test_activities import campaign_data  # noqa: F401  (fixture)

pytestmark = pytest.mark.e2e

SCREENS = Path("/tmp/screens")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(transactional_db, settings):
    from wagtail.models import Locale, Page

    # The root page and default locale come from data migrations, which an
    # earlier transactional test's flush removes.
    if not Page.objects.filter(depth=1).exists():
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    from importlib import import_module

    from django.apps import apps

    from honors.models import Title

    if not Title.objects.exists():  # the default titles, also from a data migration
        import_module("honors.migrations.0002_default_categories_and_titles").forwards(apps, None)
    call_command("seed_demo", force=True, stdout=StringIO())


def sign_in(page, live_server, username: str) -> None:
    client = Client()
    client.force_login(Member.objects.get(user__username=username).user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def shoot(page, name: str) -> None:
    SCREENS.mkdir(exist_ok=True)
    for label, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENS / f"workbench-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def records_count(page) -> int:
    """The 待审核的服务记录 count on the dashboard; 0 when the item is gone (nothing waits)."""
    item = page.locator('[data-todo="volunteers.records"]')
    if item.count() == 0:
        return 0
    return int(item.get_by_test_id("count").inner_text())


def approve_all_waiting(page, live_server, username: str) -> None:
    sign_in(page, live_server, username)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/admin/")
    panel = page.get_by_test_id("workbench")
    expect(panel).to_be_visible()
    before = records_count(page)
    assert before >= 20
    shoot(page, f"{username}-dashboard")

    # Action 1: the count is a link straight to the list it counts.
    panel.locator('[data-todo="volunteers.records"] a').click()
    expect(page.get_by_test_id("queue-count")).to_have_text(str(before))
    assert page.locator('input[name="records"]').count() == before
    shoot(page, f"{username}-queue")
    # Action 2: select all; action 3: 通过所选.
    # (The page has a 全选本页 for correction requests too.)
    page.locator("#bulk-form").get_by_label("全选本页").check()
    page.get_by_role("button", name="通过所选").click()
    expect(page.get_by_text(re.compile(rf"已通过 {before} 条记录"))).to_be_visible()
    shoot(page, f"{username}-approved")

    page.goto(f"{live_server.url}/admin/")
    assert records_count(page) == 0
    expect(page.locator('[data-todo="volunteers.records"]')).to_have_count(0)


def test_secretary_sees_waiting_work_and_approves_twenty_records_in_three_actions(
    page, live_server, demo
):
    approve_all_waiting(page, live_server, "secretary")


def test_committee_sees_the_whole_tree_and_approves_in_bulk(page, live_server, demo):
    approve_all_waiting(page, live_server, "committee")


def test_member_logs_hours_for_an_attended_activity_in_three_taps_on_a_phone(
    page, live_server, demo
):
    from datetime import timedelta

    from django.utils import timezone

    from volunteers.models import Activity, ServiceRecord, SignUp, Team

    member = Member.objects.get(user__username="member")
    team = Team.objects.get(name="学雷锋志愿者服务队")
    start = (timezone.now() - timedelta(days=3)).replace(hour=1, minute=0, second=0, microsecond=0)
    activity = Activity.objects.create(
        team=team,
        title="义务献血宣传",
        place="县人民医院门口",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=10,
        description="发放献血宣传册，引导群众登记。",
    )
    SignUp.objects.create(activity=activity, member=member)
    sign_in(page, live_server, "member")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="我的", exact=True).first.click()  # tap 1
    todos = page.get_by_test_id("my-todos")
    expect(todos).to_contain_text("填报服务时长：义务献血宣传")
    todos.get_by_role("link", name=re.compile("义务献血宣传")).click()  # tap 2
    expect(page.get_by_label("活动名称")).to_have_value("义务献血宣传")
    shoot(page, "member-log-hours")
    page.get_by_role("button", name=re.compile("提交")).click()  # tap 3
    expect(page.get_by_text("已提交，等待队长或支部书记审核。")).to_be_visible()
    record = ServiceRecord.objects.get(member=member, activity=activity)
    assert record.hours == 2 and record.status == "pending"


def test_a_long_checklist_is_all_met_in_one_tap_then_the_exceptions(
    page,
    live_server,
    campaign_data,  # noqa: F811  (the fixture imported above)
):
    from activities.models import AssessmentItem
    from tests.e2e.test_activities import sign_in as sign_in_by_password

    assessment = campaign_data["assessment"]
    page.set_viewport_size(PHONE)
    url = f"/admin/activities/assessments/{assessment.pk}/self/"
    sign_in_by_password(page, live_server, "wangjun", url)
    flag = page.locator("fieldset.act-item", has_text="有党旗党徽")
    flag.get_by_label("未达标").check()
    page.get_by_role("button", name="未填项目全部设为达标").click()
    assert flag.get_by_label("未达标").is_checked()  # the exception marked first stays
    page.get_by_role("button", name="保存自查").click()
    page.wait_for_load_state()
    items = AssessmentItem.objects.filter(assessment=assessment)
    assert items.filter(self_met=False).count() == 1
    assert items.filter(self_met=True).count() == items.count() - 1

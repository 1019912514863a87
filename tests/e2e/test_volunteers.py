"""A member checks in by opening the activity's QR URL on a phone; a leader approves a record."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import MemberFactory, OrganisationFactory, home_page
from tests.volunteers.conftest import ActivityFactory, TeamFactory, make_record
from volunteers.models import ServiceRecord, SignUp, VolunteerIndexPage
from volunteers.services import join_team, set_public_name_consent

pytestmark = pytest.mark.e2e

SCREENS = Path("/tmp/screens")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A phone in China asks for Chinese; the site would follow an English browser.
    return {**browser_context_args, "locale": "zh-CN"}


def sign_in(page, live_server, member):
    client = Client()
    client.force_login(member.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def shoot(page, name: str) -> None:
    SCREENS.mkdir(exist_ok=True)
    for label, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(SCREENS / f"volunteers-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(PHONE)


@pytest.fixture
def scene(transactional_db):
    from wagtail.models import Locale, Page

    # The root page and default locale come from data migrations, which an
    # earlier transactional test's flush removes.
    if not Page.objects.filter(depth=1).exists():
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = home_page()
    if not VolunteerIndexPage.objects.exists():
        home.add_child(instance=VolunteerIndexPage(title="党员志愿服务", slug="volunteers"))
    branch = OrganisationFactory(name="教育局机关党支部")
    leader = MemberFactory(name="孙丽", organisation=branch)
    member = MemberFactory(name="李堃", organisation=branch)
    team = TeamFactory(
        name="扶弱助老志愿服务队",
        organisation=branch,
        leaders=[leader],
        description="结对帮扶空巢老人、困难群众。",
    )
    join_team(team=team, member=member)
    set_public_name_consent(member=member, consent=True)
    start = timezone.now() - timedelta(hours=1)
    activity = ActivityFactory(
        team=team, title="空巢老人一对一帮扶", starts_at=start, ends_at=start + timedelta(hours=3)
    )
    ActivityFactory(team=team, title="重阳节敬老院慰问")
    SignUp.objects.create(activity=activity, member=member)
    return {"team": team, "leader": leader, "member": member, "activity": activity}


def test_member_checks_in_and_out_from_the_qr_url_on_a_phone(page, live_server, scene):
    member, activity = scene["member"], scene["activity"]
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/me/volunteer/checkin/{activity.check_in_token}/")
    expect(page.get_by_role("heading", name="空巢老人一对一帮扶")).to_be_visible()
    shoot(page, "check-in")
    page.get_by_role("button", name="签到").click()
    expect(page.get_by_text("签到成功")).to_be_visible()
    entry = SignUp.objects.get(activity=activity, member=member)
    assert entry.checked_in_at is not None
    # An hour of service later (moved back in time rather than waited for).
    SignUp.objects.filter(pk=entry.pk).update(checked_in_at=activity.starts_at)
    page.get_by_role("button", name="签退").click()
    expect(page.get_by_text("签退成功")).to_be_visible()
    record = ServiceRecord.objects.get(member=member, activity=activity)
    assert record.status == "pending" and record.source == "check_in"
    page.goto(f"{live_server.url}/me/volunteer/")
    expect(page.locator(".vol-record", has_text="空巢老人一对一帮扶")).to_contain_text("待审核")
    shoot(page, "my-hours")
    team = scene["team"]
    page.goto(f"{live_server.url}/volunteers/teams/{team.pk}/")
    expect(page.get_by_role("heading", name="扶弱助老志愿服务队")).to_be_visible()
    shoot(page, "team")
    page.goto(f"{live_server.url}/volunteers/")
    shoot(page, "index")


def test_leader_approves_a_record_on_a_phone(page, live_server, scene):
    leader, member, team = scene["leader"], scene["member"], scene["team"]
    record = make_record(member=member, team=team, hours="2", days_ago=2)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, leader)
    page.goto(f"{live_server.url}/me/volunteer/lead/teams/{team.pk}/")
    expect(page.get_by_text("李堃 · 义务打扫责任区").first).to_be_visible()
    shoot(page, "lead-team")
    page.goto(f"{live_server.url}/me/volunteer/lead/activities/{scene['activity'].pk}/")
    expect(page.locator(".qr svg")).to_be_visible()
    shoot(page, "lead-activity-qr")
    page.goto(f"{live_server.url}/me/volunteer/lead/")
    page.get_by_role("button", name="通过", exact=True).first.click()
    expect(page.get_by_text("已通过：李堃 2 小时")).to_be_visible()
    record.refresh_from_db()
    assert record.status == "approved" and record.reviewed_by == leader


def test_member_logs_hours_by_hand_on_a_phone(page, live_server, scene):
    member = scene["member"]
    sign_in(page, live_server, member)
    page.set_viewport_size(PHONE)
    yesterday = timezone.localdate() - timedelta(days=1)
    page.goto(f"{live_server.url}/me/volunteer/records/new/")
    page.get_by_label("活动名称").fill("社区环境清扫")
    page.get_by_label("服务日期").fill(yesterday.isoformat())
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("结束时间").fill("11:00")
    page.get_by_label("服务地点").fill("幸福社区")
    page.get_by_label("服务内容").fill("清扫责任区积雪和垃圾。")

    # Hours come in half-hour steps: the member is told so in Chinese, nothing is saved.
    submit = page.get_by_role("button", name="提交审核")
    page.get_by_label("实际服务时长（小时，不含路途）").fill("1.3")
    submit.click()
    expect(page.locator(".errorlist").first).to_contain_text("半小时")
    assert not ServiceRecord.objects.filter(title="社区环境清扫").exists()

    page.get_by_label("实际服务时长（小时，不含路途）").fill("2")
    page.get_by_role("button", name="提交审核").click()
    page.goto(f"{live_server.url}/me/volunteer/")
    entry = page.locator(".vol-record", has_text="社区环境清扫")
    expect(entry).to_contain_text("待审核")
    expect(entry).to_contain_text("本人填报")
    record = ServiceRecord.objects.get(title="社区环境清扫", member=member)
    assert record.hours == 2

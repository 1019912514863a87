"""A visitor rates a window on a phone; the 公开承诺 pages at phone and desktop width."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from pledges import services
from pledges.models import (
    IdentityPlate,
    PledgeWallPage,
    Rating,
    ServiceStandard,
    StarRating,
)
from tests.factories import (
    CommitteeFactory,
    MemberFactory,
    OrganisationFactory,
    SecretaryFactory,
    WindowFactory,
    home_page,
)

SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_context_args(browser_context_args):
    # The labels asserted here are the Chinese originals, whatever the machine's locale.
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def section(transactional_db):
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    wall = PledgeWallPage.objects.first() or home_page().add_child(
        instance=PledgeWallPage(title="公开承诺", slug="pledges")
    )
    committee = CommitteeFactory(name="县直机关工委", code="XZJGGW")
    centre = OrganisationFactory(name="行政服务中心党支部", code="FWZX", parent=committee)
    window = WindowFactory(name="民政局窗口", code="FWZX-MZ", parent=centre)
    secretary = SecretaryFactory(name="谢文军", organisation=centre)
    member = MemberFactory(
        name="邓小芸", organisation=window, post="窗口工作人员", duties="老年证、婚姻登记受理"
    )
    IdentityPlate.objects.create(
        member=member, post_title="vanguard", motto="群众满意是我最大的心愿"
    )
    ServiceStandard.objects.create(
        window=window,
        name="老年证办理",
        procedure="窗口受理—当场审核—当场发证",
        materials="居民身份证、户口簿、近期一寸免冠照片1张",
        time_limit="即办",
    )
    pledge = services.create_pledge(
        by=member.user,
        year=2026,
        lines=["一声问候、一张笑脸、一杯热茶", "对行动不便的老人预约上门代办"],
        member=member,
    )
    services.submit_pledge(pledge=pledge, by=member.user)
    services.publish_pledge(pledge=pledge, by=secretary.user)
    services.add_fulfilment_update(
        pledge=pledge, by=member.user, text="主动帮76岁的李梦达大爷办理了老年证。"
    )
    today = timezone.localdate()
    for months_back, levels in enumerate([[4, 4, 3], [4, 3, 2], [4, 4, 4, 1], [4, 4]]):
        day = (today.replace(day=1) - datetime.timedelta(days=months_back * 30)).replace(day=5)
        for n, level in enumerate(levels):
            Rating.objects.create(
                window=window, level=level, visitor=f"s{months_back}-{n}", rated_on=day
            )
    StarRating.objects.create(
        organisation=window, year=2026, half=1, score=92, stars=10, public_score=92
    )
    StarRating.objects.create(member=member, year=2026, half=1, score=86, stars=9, public_score=90)
    ranking = services.publish_monthly_ranking(month=services.previous_month(today))
    return {"wall": wall, "window": window, "member": member, "ranking": ranking}


def test_a_visitor_rates_a_window_on_a_phone_once_a_day(page, live_server, section):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/pledges/windows/FWZX-MZ/")
    expect(page.get_by_role("heading", name="民政局窗口")).to_be_visible()
    page.get_by_label("很满意").check()
    page.get_by_label("意见建议").fill("老年证当场就办好了")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价！")).to_be_visible()
    assert Rating.objects.filter(
        window=section["window"], level=4, comment="老年证当场就办好了"
    ).exists()
    # The thank-you takes the form's place; a visitor who tries again opens the page anew.
    expect(page.get_by_label("满意", exact=True)).to_have_count(0)
    page.goto(f"{live_server.url}/pledges/windows/FWZX-MZ/")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("alert")).to_contain_text("您今天已经评价过了")
    assert Rating.objects.filter(window=section["window"]).count() == 13


def test_pledge_pages_at_phone_and_desktop_width(page, live_server, section):
    SCREENS.mkdir(parents=True, exist_ok=True)
    member_id = section["member"].pk
    pages = {
        "wall": "/pledges/",
        "window": "/pledges/windows/FWZX-MZ/",
        "plate": f"/pledges/plates/{member_id}/",
        "plate-print": f"/pledges/plates/{member_id}/print/",
        "stars": "/pledges/stars/",
        "notice": f"/pledges/rankings/{section['ranking'].slug}/",
    }
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            # Nothing wider than the viewport: no sideways scrolling on a phone.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (name, width, overflow)
            page.screenshot(path=SCREENS / f"pledges-{name}-{width}.png", full_page=True)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/pledges/plates/{member_id}/")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".identity-plate")).to_be_visible()
    page.screenshot(path=SCREENS / "pledges-plate-printmedia-1280.png", full_page=True)


def _answer_on_page(page) -> str:
    from captcha.models import CaptchaStore

    key = page.locator("input[name=captcha_0]").input_value()
    return CaptchaStore.objects.get(hashkey=key).response


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_a_few_ratings_a_phone_visitor_solves_the_captcha(
    browser, browser_context_args, live_server, section, javascript
):
    SCREENS.mkdir(parents=True, exist_ok=True)
    others = [WindowFactory(parent=section["window"].parent) for _ in range(3)]
    for width, height in WIDTHS.values():
        context = browser.new_context(
            **browser_context_args,
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
        )
        page = context.new_page()
        Rating.objects.filter(window__in=others).delete()
        for other in others:  # the same address has rated three windows today
            page.goto(f"{live_server.url}/pledges/windows/{other.code}/")
            page.get_by_label("很满意").check()
            page.get_by_role("button", name="提交评价").click()
            expect(page.get_by_text("感谢您的评价！")).to_be_visible()
        page.goto(f"{live_server.url}/pledges/windows/FWZX-MZ/")
        expect(page.get_by_text("请填写验证码，证明是本人评价")).to_be_visible()
        image = page.locator("img.captcha")
        expect(image).to_be_visible()
        assert page.evaluate("document.querySelector('img.captcha').naturalWidth") > 0
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (width, overflow)
        page.locator("#rate").screenshot(
            path=SCREENS / f"pledges-captcha-{'js' if javascript else 'nojs'}-{width}.png"
        )
        page.get_by_label("满意", exact=True).check()
        page.get_by_label("验证码：请填写图中算式的结果").fill("999")
        page.get_by_role("button", name="提交评价").click()
        expect(page.get_by_role("alert")).to_contain_text("验证码不正确")
        page.get_by_label("满意", exact=True).check()
        page.get_by_label("验证码：请填写图中算式的结果").fill(_answer_on_page(page))
        page.get_by_role("button", name="提交评价").click()
        expect(page.get_by_text("感谢您的评价！")).to_be_visible()
        context.close()
        Rating.objects.filter(window=section["window"], level=3).delete()

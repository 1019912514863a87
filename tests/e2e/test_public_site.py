"""The public site in a browser: Chinese by default, the editable front page, 长辈模式."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from portal.models import Notice
from tests.factories import OrganisationFactory, home_page, make_article

SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))

pytestmark = pytest.mark.e2e


@pytest.fixture
def front(transactional_db):
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = home_page()
    branch = OrganisationFactory(name="红星社区党支部")
    Notice.objects.create(organisation=branch, title="关于召开组织生活会的通知", is_pinned=True)
    make_article(title="学习贯彻党的二十大精神")
    home.body = [
        ("notices", {"heading": "通知公告", "count": 5}),
        ("certificate_lookup", {"heading": "荣誉证书查询", "text": "输入证书编号"}),
        ("panel", {"panel": "study_articles", "heading": "学习园地", "count": 4}),
    ]
    home.save_revision().publish()
    return home


@pytest.fixture
def english_browser(browser):
    """A phone whose owner set it to English: it sends Accept-Language: en-US."""
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_browser_asking_for_english_gets_chinese_until_the_visitor_picks_english(
    english_browser, live_server, front
):
    page = english_browser
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    expect(page.get_by_role("link", name="学习专栏").first).to_be_visible()

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en"
    expect(page.get_by_role("link", name="Study").first).to_be_visible()
    page.goto(live_server.url + "/search/")  # remembered on the next page
    assert page.evaluate("document.documentElement.lang") == "en"

    page.get_by_role("link", name="简体中文").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"


def test_front_page_shows_search_first_then_the_blocks_in_the_editors_order(
    page, live_server, front
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    search = page.get_by_role("searchbox", name="站内搜索").first
    assert search.bounding_box()["y"] < 300  # at the top of a phone screen
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["通知公告", "荣誉证书查询", "学习园地"]
    expect(page.get_by_role("link", name="置顶 关于召开组织生活会的通知")).to_be_visible()

    search.fill("二十大")
    search.press("Enter")
    page.wait_for_url("**/search/?q=*")
    expect(page.get_by_role("link", name="学习贯彻党的二十大精神")).to_be_visible()

    # An editor keeps only the notices and renames them; a reload shows it (the page
    # itself may be cached by the browser for PUBLIC_MAX_AGE).
    front.body = [("notices", {"heading": "最新通知", "count": 1})]
    front.save_revision().publish()
    page.goto(live_server.url + "/")
    page.reload()
    assert page.locator("main h2").all_inner_texts() == ["最新通知"]


def test_large_text_mode_is_remembered_and_makes_text_and_targets_bigger(page, live_server, front):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert normal >= 18

    page.get_by_role("link", name="长辈模式").click()
    page.wait_for_load_state()
    large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large > normal
    page.goto(live_server.url + "/search/?q=二十大")  # remembered on every page
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    for link in page.locator("header a, main a").all():
        if link.is_visible():
            assert link.bounding_box()["height"] >= 44, link.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "search-large-390.png"), full_page=True)

    page.get_by_role("link", name="标准模式").click()
    page.wait_for_load_state()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == normal

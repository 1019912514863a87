"""A member studies an article on a phone; a secretary sees it in 学习情况."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from portal.models import StudyRecord
from portal.services.study import credit_study
from tests.factories import (
    MemberFactory,
    OrganisationFactory,
    SecretaryFactory,
    make_article,
    study_index,
)

SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))
PASSWORD = "pass-12345"  # tests.factories.UserFactory's

pytestmark = pytest.mark.e2e


def ensure_wagtail_root() -> None:
    """Wagtail's root page and default locale come from data migrations, and an
    earlier transactional test may have truncated them."""
    if Page.get_first_root_node() is None:
        locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))


@pytest.fixture
def column(transactional_db):
    """A branch with a member and a secretary, and a study column with three articles."""
    ensure_wagtail_root()
    branch = OrganisationFactory(name="红星社区党支部")
    member = MemberFactory(name="王秀英", organisation=branch, user__username="wangxiuying")
    secretary = SecretaryFactory(name="李书记", organisation=branch, user__username="lishuji")
    index = study_index()
    article = make_article(
        title="学习贯彻党的二十大精神",
        topic="policy",
        study_hours=Decimal("2"),
        intro="全面建设社会主义现代化国家的行动纲领。",
        source="红星社区党支部",
        body=[
            (
                "paragraph",
                "<p>党的二十大是在全党全国各族人民迈上全面建设社会主义现代化国家"
                "新征程的关键时刻召开的一次十分重要的大会。</p>",
            ),
            ("quote", {"text": "团结就是力量。", "source": "党的二十大报告"}),
        ],
    )
    make_article(title="党章基本知识十问", topic="basics", study_hours=Decimal("1"))
    make_article(title="我的入党初心", topic="reflections", study_hours=Decimal("0.5"))
    credit_study(
        member=member,
        title="七一专题党课",
        hours=Decimal("3"),
        studied_on=date(timezone.localdate().year, 1, 1),
        source_key="meeting:1",
    )
    return {"member": member, "secretary": secretary, "index": index, "article": article}


def sign_in(page, live_server, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"{live_server.url}{next_path}")


def shoot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def test_member_marks_an_article_studied_and_sees_the_hours(page, live_server, column):
    article = column["article"]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "wangxiuying", article.url)

    button = page.get_by_role("button", name="我已学习（2 学时）")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["height"] >= 44  # a comfortable tap target
    button.click()

    page.wait_for_url(f"{live_server.url}{article.url}#study")
    expect(page.get_by_text("已学习《学习贯彻党的二十大精神》，计入 2 学时。")).to_be_visible()
    expect(page.locator("#study .badge", has_text="已学习")).to_be_visible()
    assert page.get_by_role("button", name="我已学习（2 学时）").count() == 0
    assert StudyRecord.objects.filter(member=column["member"], article=article).count() == 1

    page.get_by_role("link", name="查看我的学习记录").click()
    page.wait_for_url(f"{live_server.url}/me/study/")
    records = page.locator(".record-list")
    expect(records.get_by_text("学习贯彻党的二十大精神")).to_be_visible()
    expect(records.get_by_text("七一专题党课")).to_be_visible()
    expect(records.get_by_text("党课", exact=True)).to_be_visible()
    progress = page.locator(".study-progress")
    assert progress.locator(".stat", has_text="已完成学时").locator("strong").inner_text() == "5"
    assert progress.locator(".stat", has_text="年度要求").locator("strong").inner_text() == "32"
    shoot(page, "my-study-390")

    page.goto(f"{live_server.url}{column['index'].url}")
    studied_item = page.locator(".article-item", has_text="学习贯彻党的二十大精神")
    expect(studied_item.get_by_text("已学习")).to_be_visible()
    other_item = page.locator(".article-item", has_text="党章基本知识十问")
    assert other_item.get_by_text("已学习").count() == 0


@pytest.mark.parametrize("width", [390, 1280])
def test_study_pages_fit_the_screen(page, live_server, column, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "wangxiuying", column["index"].url)

    for name, url in (
        ("study-index", column["index"].url),
        ("study-article", column["article"].url),
    ):
        page.goto(f"{live_server.url}{url}")
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shoot(page, f"{name}-{width}")


@pytest.mark.parametrize("width", [390, 1280])
def test_secretary_sees_the_matrix(page, live_server, column, width):
    StudyRecord.objects.create(
        member=column["member"],
        article=column["article"],
        title=column["article"].title,
        hours=Decimal("2"),
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "lishuji", "/admin/study/matrix/")

    table = page.locator("table.study-matrix")
    expect(table).to_be_visible()
    member_row = table.locator("tbody tr", has_text="王秀英")
    assert member_row.locator("td.done", has_text="✓").count() == 1
    assert (
        table.locator("tbody tr", has_text="李书记").locator("td.done", has_text="✓").count() == 0
    )
    shoot(page, f"study-matrix-{width}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    assert download_info.value.suggested_filename.endswith("学习情况-红星社区党支部.xlsx")

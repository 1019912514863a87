"""The front page: search first, the blocks editors arrange, notices, lookup, footer details."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from honors.services.certificates import issue_roll_certificate
from pledges.models import MonthlyRanking, PledgeWallPage, RankingEntry
from portal.models import Notice, PortalSettings
from tests.factories import WindowFactory, home_page, make_article
from tests.honors.factories import EntryFactory
from tests.volunteers.conftest import ActivityFactory, TeamFactory

pytestmark = pytest.mark.django_db

ALL_BLOCKS = [
    ("notices", {"heading": "通知公告", "count": 5}),
    ("panel", {"panel": "upcoming_activities", "heading": "", "count": 4}),
    ("panel", {"panel": "red_flag_windows", "heading": "", "count": 4}),
    ("panel", {"panel": "latest_honours", "heading": "", "count": 5}),
    ("certificate_lookup", {"heading": "荣誉证书查询", "text": "输入证书编号"}),
    ("panel", {"panel": "study_articles", "heading": "学习园地", "count": 5}),
]


def arrange(home, blocks):
    home.body = blocks
    home.save_revision().publish()


@pytest.fixture
def front(home, committee, branch_a):
    arrange(home, ALL_BLOCKS)
    return home


def test_every_app_offers_its_panel_to_editors():
    from portal.frontpage import panel_choices

    keys = {key for key, _label in panel_choices()}
    assert {"upcoming_activities", "red_flag_windows", "latest_honours", "study_articles"} <= keys


def test_front_page_shows_search_first_and_each_block_editors_chose(client, front, branch_a):
    Notice.objects.create(organisation=branch_a, title="关于召开组织生活会的通知")
    ActivityFactory(team=TeamFactory(organisation=branch_a), title="社区义诊志愿服务")
    window = WindowFactory(name="民政局窗口", code="MZJ", parent=branch_a)
    home_page().add_child(instance=PledgeWallPage(title="公开承诺", slug="pledges"))
    ranking = MonthlyRanking.objects.create(month=datetime.date(2026, 11, 1))
    RankingEntry.objects.create(ranking=ranking, window=window, rank=1, is_red_flag=True)
    EntryFactory(organisation=branch_a, person_name="邓小芸")
    make_article(title="学习贯彻党的二十大精神")
    response = client.get("/")
    body = response.content.decode()
    main = body[body.index("<main") :]
    assert main.index('name="q"') < main.index("通知公告")
    for text in [
        "关于召开组织生活会的通知",
        "社区义诊志愿服务",
        "本月红旗窗口",
        "民政局窗口",
        "邓小芸",
        "荣誉证书查询",
        "学习园地",
        "学习贯彻党的二十大精神",
    ]:
        assert text in main, text
    assert "public" in response["Cache-Control"]


def test_editors_reorder_and_remove_blocks(client, home):
    arrange(home, [ALL_BLOCKS[5], ALL_BLOCKS[0]])
    main = client.get("/").content.decode().split("<main")[1]
    assert main.index("学习园地") < main.index("通知公告")
    assert "荣誉证书查询" not in main


def test_front_page_queries_do_not_grow_with_content(client, front, branch_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    client.get("/")
    before = count()
    for n in range(8):
        Notice.objects.create(organisation=branch_a, title=f"通知{n}")
        EntryFactory(organisation=branch_a)
    assert count() == before


def test_expired_unpublished_and_future_notices_stay_off(client, front, branch_a):
    with time_machine.travel("2026-11-27 10:00 +0800"):
        Notice.objects.create(organisation=branch_a, title="仍有效的通知")
        Notice.objects.create(
            organisation=branch_a,
            title="过期的通知",
            published_on=datetime.date(2026, 10, 1),
            expires_on=datetime.date(2026, 10, 31),
        )
        Notice.objects.create(organisation=branch_a, title="草稿通知", is_published=False)
        Notice.objects.create(
            organisation=branch_a, title="明天的通知", published_on=datetime.date(2026, 11, 28)
        )
        body = client.get("/").content.decode()
    assert "仍有效的通知" in body
    assert "过期的通知" not in body and "草稿通知" not in body and "明天的通知" not in body


def test_notice_page_and_hidden_notice_is_404(client, front, branch_a):
    notice = Notice.objects.create(organisation=branch_a, title="公示", body="<p>名单如下。</p>")
    hidden = Notice.objects.create(organisation=branch_a, title="草稿", is_published=False)
    body = client.get(reverse("notice", args=[notice.pk])).content.decode()
    assert "名单如下。" in body and '<li aria-current="page">公示</li>' in body
    assert client.get(reverse("notice", args=[hidden.pk])).status_code == 404


def test_front_page_box_asks_the_one_certificate_lookup(client, front):
    body = client.get("/").content.decode()
    box = body.split('class="front-panel lookup"')[1].split("</section>")[0]
    assert 'action="/certificates/"' in box and 'name="number"' in box
    footer = body.split("<footer")[1]
    assert footer.count('href="/certificates/"') == 1 and "/certificate-lookup/" not in footer


def test_old_lookup_address_redirects_permanently_keeping_the_number(client, front, branch_a):
    entry = EntryFactory(organisation=branch_a)
    certificate = issue_roll_certificate(entry=entry, render=False)
    response = client.get(reverse("certificate_lookup"), {"number": certificate.number})
    assert response.status_code == 301
    assert response["Location"] == f"/certificates/?number={certificate.number}"
    shown = client.get(response["Location"])
    assert shown.status_code == 200 and certificate.number in shown.content.decode()
    assert client.get("/certificate-lookup/").headers["Location"] == "/certificates/"


def test_footer_shows_host_contact_and_icp_number_from_site_settings(client, front):
    settings = PortalSettings.load()
    settings.host = "中共某县直机关工委"
    settings.contact = "0000-1234567"
    settings.icp_number = "某ICP备12345678号-1"
    settings.save()
    footer = client.get("/").content.decode().split("<footer")[1]
    assert "主办单位" in footer and "中共某县直机关工委" in footer
    assert "0000-1234567" in footer
    assert 'href="https://beian.miit.gov.cn/"' in footer and "某ICP备12345678号-1" in footer


def test_front_page_title_is_not_shown_twice(client, front):
    body = client.get("/").content.decode()
    assert '<h1 class="visually-hidden">' in body


def test_secretary_of_branch_a_cannot_open_branch_b_notice_in_admin(client, secretary_a, branch_b):
    notice = Notice.objects.create(organisation=branch_b, title="乙支部通知")
    client.force_login(secretary_a.user)
    url = reverse("wagtailsnippets_portal_notice:edit", args=[notice.pk])
    assert client.get(url).status_code in (403, 404)

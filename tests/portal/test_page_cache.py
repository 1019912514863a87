"""Anonymous public pages come from the shared cache, and go as soon as what they show changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_second_anonymous_visit_touches_no_database(
    client, page_cache, study, django_assert_num_queries
):
    make_article(title="学习贯彻党的二十大精神")
    first = client.get("/study/")
    assert first["Cache-Control"].startswith("public")
    with django_assert_num_queries(0):
        second = client.get("/study/")
    assert second.status_code == 200
    assert "学习贯彻党的二十大精神" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_publishing_an_article_drops_the_cached_column(client, page_cache, study):
    make_article(title="第一篇")
    assert "第一篇" in client.get("/study/").content.decode()
    make_article(title="新发布的第二篇")
    assert "新发布的第二篇" in client.get("/study/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_unpublishing_drops_it_too(client, page_cache, study):
    article = make_article(title="将撤下的文章")
    assert "将撤下的文章" in client.get("/study/").content.decode()
    article.unpublish()
    assert "将撤下的文章" not in client.get("/study/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_member_never_gets_the_visitors_copy_nor_leaves_theirs(
    client, page_cache, study, member_a
):
    make_article(title="第一篇")
    client.get("/study/")
    client.force_login(member_a.user)
    mine = client.get("/study/")
    assert mine["Cache-Control"].startswith("private")
    client.logout()
    visitor = client.get("/study/")
    assert member_a.name not in visitor.content.decode()
    assert visitor["Cache-Control"].startswith("public")


@pytest.mark.django_db(transaction=True)
def test_without_the_setting_every_visit_renders_afresh(client, settings, study):
    settings.PUBLIC_PAGE_CACHE = False
    make_article(title="第一篇")
    client.get("/study/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/study/").status_code == 200
    assert len(queries) > 0


@pytest.mark.django_db(transaction=True)
def test_a_new_notice_or_footer_detail_drops_the_cached_front_page(client, page_cache, home):
    from portal.models import Notice, PortalSettings
    from tests.factories import OrganisationFactory

    home.body = [("notices", {"heading": "通知公告", "count": 5})]
    home.save_revision().publish()
    assert "暂无通知公告" in client.get("/").content.decode()
    Notice.objects.create(organisation=OrganisationFactory(), title="新的通知")
    assert "新的通知" in client.get("/").content.decode()
    settings = PortalSettings.load()
    settings.icp_number = "某ICP备1号"
    settings.save()
    assert "某ICP备1号" in client.get("/").content.decode()

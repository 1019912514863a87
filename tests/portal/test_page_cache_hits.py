"""What a cached page hit serves: the same page and headers, to the same kind of visitor only.

The cache answers before the session, CSRF, language and CSP middleware run,
so these tests check that a hit keeps what those middlewares gave the first
response, and that whatever is personal (a cookie set, a form token, another
language, a signed-in user) is never served from it.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import WindowFactory, make_article


@pytest.fixture
def page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()


KEPT_HEADERS = ("Content-Type", "Cache-Control", "Vary", "Content-Language",
                "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_hit_serves_the_first_visits_page_and_headers_and_says_its_age(
    client, page_cache, study, django_assert_num_queries
):
    make_article(title="学习贯彻党的二十大精神")
    first = client.get("/study/")
    with django_assert_num_queries(0):
        hit = client.get("/study/")
    assert hit.content == first.content
    for header in KEPT_HEADERS:
        assert hit.get(header) == first.get(header), header
    assert first.get("Content-Security-Policy")  # the header really was there to keep
    assert int(hit["Age"]) >= 0
    assert not hit.cookies


@pytest.mark.django_db(transaction=True)
def test_a_page_that_sets_a_cookie_or_carries_a_form_token_is_rendered_every_time(
    client, page_cache, branch_a
):
    from pledges.models import PledgeWallPage
    from tests.factories import home_page

    wall = home_page().add_child(instance=PledgeWallPage(title="公开承诺", slug="pledges"))
    window = WindowFactory(name="民政局窗口", code="FWZX-MZ", parent=branch_a)
    url = f"{wall.url}windows/{window.code}/"
    for _ in range(2):
        visitor = Client()  # a first visit each time: the visitor cookie is set again
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(url)
        assert response.status_code == 200 and len(queries) > 0
        assert response["Cache-Control"].startswith("private")
        assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_visitor_who_chose_english_never_gets_the_chinese_copy(client, page_cache, study):
    make_article(title="第一篇")
    assert "学习专栏" in client.get("/study/").content.decode()
    english = Client()
    english.get("/language/en/?next=/")
    body = english.get("/study/").content.decode()
    assert '<html lang="en">' in body
    assert '<html lang="zh-CN">' in client.get("/study/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_member_with_a_session_cookie_is_never_served_a_copy(
    client, page_cache, study, member_a
):
    make_article(title="第一篇")
    Client().get("/study/")  # a visitor's copy is stored
    client.force_login(member_a.user)
    with CaptureQueriesContext(connection) as queries:
        mine = client.get("/study/")
    assert len(queries) > 0
    assert mine["Cache-Control"].startswith("private")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/study/")["Cache-Control"].startswith("private")
    assert len(queries) > 0  # nor is a copy of their own page kept


@pytest.mark.django_db(transaction=True)
def test_a_request_for_a_host_not_allowed_is_refused_not_served(
    client, page_cache, study, settings
):
    make_article(title="第一篇")
    client.get("/study/")
    settings.ALLOWED_HOSTS = ["dangjian.example.cn"]
    assert client.get("/study/", HTTP_HOST="evil.example.com").status_code == 400

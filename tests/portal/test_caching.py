"""The shared caching rule: anonymous pages are public, anything personal stays out of caches."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import PageViewRestriction

from portal.caching import (
    ERROR_MAX_AGE,
    PublicCacheMixin,
    cache_private,
    cache_public_or_private,
    private,
    public_or_private,
)
from portal.models import StudyArticlePage
from tests.factories import UserFactory, make_article

FORM = "<form method='post'>{% csrf_token %}<button>提交</button></form>"


def anonymous_get(path="/study/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def vary_of(response):
    return {part.strip() for part in response.get("Vary", "").split(",") if part.strip()}


def page(body="<p>学习专栏</p>", request=None):
    return HttpResponse(engines["django"].from_string(body).render({}, request))


# --- the helper on its own -------------------------------------------------------------


def test_anonymous_page_is_public_and_keyed_on_cookie_and_language():
    request = anonymous_get()
    response = public_or_private(request, page(request=request))
    assert response["Cache-Control"] == "public, max-age=300"
    assert {"Cookie", "Accept-Language"} <= vary_of(response)


def test_signed_in_visitor_gets_a_private_copy(db):
    request = anonymous_get()
    request.user = UserFactory()
    response = public_or_private(request, page(request=request))
    assert response["Cache-Control"] == "private, no-store"
    assert {"Cookie", "Accept-Language"} <= vary_of(response)


def test_a_page_that_rendered_a_form_token_is_never_public():
    request = anonymous_get()
    response = page(FORM, request)
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert public_or_private(request, response)["Cache-Control"] == "private, no-store"


def test_a_template_response_is_judged_after_it_renders():
    """Wagtail pages and routes return TemplateResponses; the token is only asked for on render."""
    request = anonymous_get()
    template = engines["django"].from_string(FORM)
    response = public_or_private(request, TemplateResponse(request, template))
    assert "Cache-Control" not in response
    response.render()
    assert response["Cache-Control"] == "private, no-store"

    plain = public_or_private(
        request := anonymous_get(),
        TemplateResponse(request, engines["django"].from_string("<p>公开</p>")),
    ).render()
    assert plain["Cache-Control"] == "public, max-age=300"


def test_a_pending_message_keeps_the_page_private():
    request = anonymous_get()
    request._messages.add(25, "感谢您的评价！")
    assert public_or_private(request, page())["Cache-Control"] == "private, no-store"


def test_a_response_setting_a_cookie_is_never_shared():
    request = anonymous_get()
    response = page()
    response.set_cookie("pledges_visitor", "abc")
    assert public_or_private(request, response)["Cache-Control"] == "private, no-store"


def test_a_post_is_private_even_for_anonymous_visitors():
    request = RequestFactory().post("/pledges/p/1/rate/")
    request.user = AnonymousUser()
    assert public_or_private(request, page())["Cache-Control"] == "private, no-store"


def test_an_earlier_private_header_is_not_loosened():
    response = page()
    response["Cache-Control"] = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert public_or_private(anonymous_get(), response)["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (404, f"public, max-age={ERROR_MAX_AGE}"),
        (410, f"public, max-age={ERROR_MAX_AGE}"),
        (500, "private, no-store"),
    ],
)
def test_error_pages_are_not_cached_long(status, expected):
    response = HttpResponse("出错了", status=status)
    assert public_or_private(anonymous_get(), response)["Cache-Control"] == expected


def test_max_age_zero_means_cache_but_ask_again_every_time():
    response = public_or_private(anonymous_get(), page(), max_age=0)
    assert response["Cache-Control"] == "public, no-cache"


def test_private_replaces_whatever_was_there():
    response = page()
    response["Cache-Control"] = "public, max-age=300"
    private(response)
    assert response["Cache-Control"] == "private, no-store"
    assert {"Cookie", "Accept-Language"} <= vary_of(response)


def test_decorators_apply_the_same_rule():
    @cache_public_or_private(max_age=60)
    def listing(request):
        return page()

    @cache_public_or_private
    def default(request):
        return page()

    @cache_private
    def mine(request):
        return page()

    assert listing(anonymous_get())["Cache-Control"] == "public, max-age=60"
    assert default(anonymous_get())["Cache-Control"] == "public, max-age=300"
    assert mine(anonymous_get())["Cache-Control"] == "private, no-store"
    assert default.__name__ == "default"


def test_every_public_page_type_uses_the_mixin():
    from honors.models import HonorRollPage
    from pledges.models import PledgeWallPage
    from portal.models import HomePage, StudyIndexPage
    from volunteers.models import VolunteerIndexPage

    for model in (HomePage, StudyIndexPage, StudyArticlePage, HonorRollPage, VolunteerIndexPage):
        assert issubclass(model, PublicCacheMixin), model
    # The wall's routes decide page by page in pledges.views.public.
    assert not issubclass(PledgeWallPage, PublicCacheMixin)


# --- through the whole stack -----------------------------------------------------------


def test_home_page_is_public_for_visitors_private_for_members(client, home, member_a):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert {"Cookie", "Accept-Language"} <= vary_of(response)

    client.force_login(member_a.user)
    response = client.get("/")
    assert response["Cache-Control"] == "private, no-store"  # it has the 退出 form token


def test_site_search_is_public_for_visitors_private_for_members(client, home, member_a):
    response = client.get(reverse("search"), {"q": "党建"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert {"Cookie", "Accept-Language"} <= vary_of(response)

    client.force_login(member_a.user)
    assert client.get(reverse("search"), {"q": "党建"})["Cache-Control"] == "private, no-store"


def test_a_missing_page_is_cached_for_a_minute_at_most(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Cache-Control"] == f"public, max-age={ERROR_MAX_AGE}"


def test_a_password_protected_article_stays_private_after_the_password(client, study):
    article = make_article(parent=study)
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="党建2025"
    )
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk]),
        {"password": "党建2025", "return_url": article.url},
    )

    response = client.get(article.url)

    assert response.status_code == 200
    assert "学习贯彻党的二十大精神" in response.content.decode()
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]

"""The only csrf_exempt views are Wagtail's admin API (DRF), and they still refuse a forged POST.

Django REST framework marks every API view csrf_exempt and checks the CSRF
token itself for requests signed in by session (SessionAuthentication), so a
form on another site cannot drive these endpoints with an editor's cookie.
"""

import pytest
from django.test import Client
from django.urls import get_resolver

from tests.factories import UserFactory

ADMIN_API_ROUTES = {
    "admin/api/main/^pages/",
    "admin/api/main/^pages/<int:pk>/",
    "admin/api/main/^pages/find/",
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/",
    "admin/api/main/^images/",
    "admin/api/main/^images/<int:pk>/",
    "admin/api/main/^images/find/",
    "admin/api/main/^documents/",
    "admin/api/main/^documents/<int:pk>/",
    "admin/api/main/^documents/find/",
}


def routes(patterns, prefix=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_csrf_exempt_views_are_exactly_the_admin_api():
    exempt = {
        route
        for route, view in routes(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False)
    }
    assert exempt == ADMIN_API_ROUTES


@pytest.mark.django_db
def test_forged_page_action_without_csrf_token_is_refused(home):
    user = UserFactory(is_superuser=True, is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert home.live
    response = client.post(
        f"/admin/api/main/pages/{home.pk}/action/unpublish/",
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 403
    home.refresh_from_db()
    assert home.live


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/api/main/pages/", "/admin/api/main/images/", "/admin/api/main/documents/"]
)
def test_listing_endpoints_accept_no_post(url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.post(url, data="{}", content_type="application/json").status_code in {403, 405}

"""Behind nginx: the visitor's own address counts for sign-in and rating limits, not nginx's."""

import pytest
from django.test import RequestFactory

from portal.client_address import client_ip

LOGIN_URL = "/accounts/login/"
NGINX = "10.0.0.2"


def through_nginx(client, visitor, path, data):
    """A POST as nginx forwards it: from nginx's address, the visitor appended to XFF."""
    return client.post(path, data, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=visitor)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_ten_failures_from_one_visitor_do_not_lock_out_everybody(
    client, behind_one_proxy, member_a, member_b
):
    for n in range(12):
        through_nginx(
            client, "203.0.113.7", LOGIN_URL, {"login": f"nobody{n}", "password": "wrong-guess"}
        )
    response = through_nginx(
        client,
        "198.51.100.20",
        LOGIN_URL,
        {"login": member_b.user.username, "password": "pass-12345"},
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == member_b.user


@pytest.mark.django_db
def test_the_visitor_who_keeps_failing_is_limited(client, behind_one_proxy, member_a):
    for n in range(12):
        through_nginx(
            client, "203.0.113.7", LOGIN_URL, {"login": f"nobody{n}", "password": "wrong-guess"}
        )
    response = through_nginx(
        client,
        "203.0.113.7",
        LOGIN_URL,
        {"login": member_a.user.username, "password": "pass-12345"},
    )
    assert "登录失败次数过多" in response.content.decode()


def test_a_forged_forwarded_header_does_not_choose_the_address(behind_one_proxy):
    # The visitor sends "1.2.3.4"; nginx appends the address it saw.
    request = RequestFactory().get(
        "/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    assert client_ip(request) == "203.0.113.7"


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.9"

"""A member signs in on a phone-sized screen and reaches 我的."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import MemberFactory, OrganisationFactory, SecretaryFactory

SCREENS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/screens"))

pytestmark = pytest.mark.e2e


@pytest.fixture
def member(transactional_db):
    branch = OrganisationFactory(name="红星社区党支部")
    return MemberFactory(name="王秀英", organisation=branch, user__username="wangxiuying")


def test_member_signs_in_with_username_and_sees_their_name(page, live_server, member):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名或邮箱").fill("wangxiuying")
    page.get_by_label("密码", exact=True).fill("pass-12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/me/")
    expect(page.get_by_role("heading", name="王秀英")).to_be_visible()
    expect(page.get_by_text("红星社区党支部").first).to_be_visible()


def test_wrong_password_keeps_the_member_on_the_login_page(page, live_server, member):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名或邮箱").fill("wangxiuying")
    page.get_by_label("密码", exact=True).fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")


@pytest.mark.parametrize("width", [390, 1280])
def test_login_page_fits_the_screen(page, live_server, transactional_db, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    field = page.get_by_label("用户名或邮箱").bounding_box()
    assert field["height"] >= 44  # a comfortable tap target
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"login-{width}.png"), full_page=True)


def test_secretary_with_two_step_signs_in_to_the_admin(
    page, live_server, transactional_db, settings
):
    from allauth.mfa.totp.internal import auth as totp_auth

    settings.MFA_TOTP_TOLERANCE = 1  # a code typed at the end of its 30 seconds still counts

    secretary = SecretaryFactory(name="李书记", user__username="lishuji")
    secret = totp_auth.generate_totp_secret()
    totp_auth.TOTP.activate(secretary.user, secret)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url("**/accounts/login/?next=/admin/")
    page.get_by_label("用户名或邮箱").fill("lishuji")
    page.get_by_label("密码", exact=True).fill("pass-12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    counter = next(iter(totp_auth.yield_hotp_counters_from_time()))
    code = totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="确认登录").click()
    page.wait_for_url(f"{live_server.url}/admin/")

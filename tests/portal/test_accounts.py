"""Sign-in with django-allauth: login, rate limits, password reset, email, two-step, 我的."""

import re
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from portal import member_links as member_links_module
from portal.member_links import register_member_link
from portal.models import StudyRecord
from tests.factories import MemberFactory, UserFactory

PASSWORD = "pass-12345"  # tests.factories.UserFactory's password
LOGIN_URL = "/accounts/login/"


@pytest.fixture
def totp_tolerance(settings):
    # One step either side, so a test that straddles a 30-second boundary still passes.
    settings.MFA_TOTP_TOLERANCE = 1


def sign_in(client, login, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password, **extra})


def text_of(response) -> str:
    return response.content.decode()


def current_totp(secret: str) -> str:
    counter = next(iter(totp_auth.yield_hotp_counters_from_time()))
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter + 1))


def link_in(message) -> str:
    match = re.search(r"https?://[^\s]+", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[1]


# --- the login page -------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_chinese_with_reset_link_and_no_signup_link(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    text = text_of(response)
    assert "用户名或邮箱" in text
    assert "密码" in text
    assert "忘记密码" in text
    assert reverse("account_reset_password") in text
    assert "/accounts/signup/" not in text
    assert "Sign" not in text  # no English left over from allauth's own templates
    assert 'class="stacked auth-form"' in text
    assert "auth-page" in text  # the site's layout, with the sign-in box


@pytest.mark.django_db
def test_member_signs_in_with_username_and_lands_on_me(client, member_a):
    response = sign_in(client, member_a.user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:me")
    page = client.get(reverse("portal:me"))
    assert member_a.name in text_of(page)


@pytest.mark.django_db
def test_member_signs_in_with_email(client, member_a):
    response = sign_in(client, member_a.user.email.upper())
    assert response.status_code == 302
    assert client.get(reverse("portal:me")).wsgi_request.user == member_a.user


@pytest.mark.django_db
def test_empty_login_form_asks_for_both_fields(client):
    response = client.post(LOGIN_URL, {})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"login", "password"}
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_chinese_message(client, member_a):
    response = sign_in(client, member_a.user.username, "not-the-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in text_of(response)
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_wrong_password_for_an_email_is_refused_with_a_chinese_message(client, member_a):
    response = sign_in(client, member_a.user.email, "not-the-password")
    assert response.status_code == 200
    assert "邮箱或密码不正确" in text_of(response)


@pytest.mark.django_db
def test_inactive_user_cannot_sign_in(client, member_a):
    member_a.user.is_active = False
    member_a.user.save()
    response = sign_in(client, member_a.user.username)
    assert response["Location"] == reverse("account_inactive")
    assert "账号已停用" in text_of(client.get(response["Location"]))
    assert client.get(reverse("portal:me")).status_code == 302
    # A wrong password tells nothing about whether the account is disabled.
    response = sign_in(client, member_a.user.username, "wrong-guess")
    assert "用户名或密码不正确" in text_of(response)


@pytest.mark.django_db
def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert "不开放注册" in text_of(response)
    assert "支部书记" in text_of(response)
    response = client.post(
        "/accounts/signup/",
        {
            "username": "intruder",
            "email": "intruder@example.cn",
            "password1": "Very-long-pass-987",
            "password2": "Very-long-pass-987",
        },
    )
    assert not EmailAddress.objects.filter(email="intruder@example.cn").exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="intruder").exists()


@pytest.mark.django_db
def test_logout_asks_in_chinese_and_signs_out(client, member_a):
    client.force_login(member_a.user)
    assert "确定要退出登录吗" in text_of(client.get("/accounts/logout/"))
    client.post("/accounts/logout/")
    assert client.get(reverse("portal:me")).status_code == 302


# --- rate limits ---------------------------------------------------------------------


@pytest.mark.django_db
def test_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(
    client, member_a
):
    username = member_a.user.username
    for _ in range(5):
        assert "用户名或密码不正确" in text_of(sign_in(client, username, "wrong-guess"))
    response = sign_in(client, username)
    assert response.status_code == 200
    assert "登录失败次数过多" in text_of(response)
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_failures_for_one_username_do_not_lock_out_another(client, member_a, member_b):
    for _ in range(5):
        sign_in(client, member_a.user.username, "wrong-guess")
    response = sign_in(client, member_b.user.username)
    assert response.status_code == 302
    assert response.wsgi_request.user == member_b.user


@pytest.mark.django_db
def test_a_good_login_does_not_reset_the_failure_count(client, member_a):
    username = member_a.user.username
    for _ in range(4):
        sign_in(client, username, "wrong-guess")
    assert sign_in(client, username).status_code == 302  # fifth try, right password
    client.post("/accounts/logout/")
    sign_in(client, username, "wrong-guess")  # the fifth failure
    assert "登录失败次数过多" in text_of(sign_in(client, username))


# --- the Wagtail admin signs in through allauth -----------------------------------------


@pytest.mark.django_db
def test_admin_sends_visitors_to_the_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


@pytest.mark.django_db
def test_secretary_signing_in_from_the_admin_lands_in_the_admin(client, secretary_a):
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": secretary_a.user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_wagtail_login_page_cannot_be_used_to_skip_allauth(client, secretary_a):
    assert client.get("/admin/login/?next=/admin/pages/")["Location"] == (
        "/accounts/login/?next=/admin/pages/"
    )
    # A password posted straight to Wagtail's old login URL signs nobody in.
    client.post("/admin/login/", {"username": secretary_a.user.username, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_wagtail_password_reset_goes_to_allauth(client):
    response = client.get("/admin/password_reset/")
    assert response["Location"] == reverse("account_reset_password")
    response = client.get("/admin/password_reset/confirm/abc/def/")
    assert response["Location"] == reverse("account_reset_password")


@pytest.mark.django_db
def test_admin_logout_signs_out_and_returns_to_the_allauth_login(client, secretary_a):
    client.force_login(secretary_a.user)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert client.get("/admin/").status_code == 302


# --- password reset and the "set your password" link ------------------------------------


@pytest.mark.django_db
def test_password_reset_mail_is_chinese_and_its_link_sets_a_new_password(client, member_a):
    user = member_a.user
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert "邮件已发送" in text_of(client.get(response["Location"]))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "【党建与志愿服务门户】设置新的登录密码"
    assert "党建与志愿服务门户" in message.body
    assert f"您的登录用户名是：{user.username}" in message.body

    key_url = link_in(message)
    response = client.get(key_url)  # allauth moves the key into the session
    form_url = response["Location"]
    page = client.get(form_url)
    assert "设置新密码" in text_of(page)
    response = client.post(
        form_url, {"password1": "Hongqi-2024-new", "password2": "Hongqi-2024-new"}
    )
    assert response.status_code == 302
    assert "密码已设置" in text_of(client.get(response["Location"]))

    assert sign_in(client, user.username, PASSWORD).status_code == 200  # old one is gone
    assert sign_in(client, user.username, "Hongqi-2024-new").status_code == 302


@pytest.mark.django_db
def test_member_added_without_a_password_sets_one_from_the_link(client):
    member = MemberFactory(user__email="laoli@example.cn")
    member.user.set_unusable_password()
    member.user.save()
    client.post(reverse("account_reset_password"), {"email": "laoli@example.cn"})
    assert len(mail.outbox) == 1
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    client.post(form_url, {"password1": "Dangyuan-2024", "password2": "Dangyuan-2024"})
    assert sign_in(client, "laoli@example.cn", "Dangyuan-2024").status_code == 302


@pytest.mark.django_db
def test_reset_for_an_unknown_email_says_how_to_get_an_account_without_a_signup_link(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.cn"})
    assert response.status_code == 302  # the same answer as for a known email
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "没有登记这个邮箱的账号" in body
    assert "支部书记" in body
    assert "signup" not in body


@pytest.mark.django_db
def test_reset_request_with_a_malformed_email_is_refused(client):
    response = client.post(reverse("account_reset_password"), {"email": "不是邮箱"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_bad_reset_key_shows_a_chinese_invalid_link_page(client, member_a):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    response = client.get(url)
    assert response.status_code == 200
    assert "链接无效" in text_of(response)
    response = client.post(url, {"password1": "x", "password2": "y", "junk": "\x00" * 10})
    assert response.status_code == 200
    assert "链接无效" in text_of(response)
    member_a.user.refresh_from_db()
    assert member_a.user.check_password(PASSWORD)


@pytest.mark.django_db
def test_used_reset_link_cannot_be_used_twice(client, member_a):
    client.post(reverse("account_reset_password"), {"email": member_a.user.email})
    key_url = link_in(mail.outbox[0])
    form_url = client.get(key_url)["Location"]
    client.post(form_url, {"password1": "Hongqi-2024-new", "password2": "Hongqi-2024-new"})
    response = client.get(key_url, follow=True)
    assert "链接无效" in text_of(response)


@pytest.mark.django_db
def test_mismatched_new_passwords_keep_the_old_one(client, member_a):
    client.post(reverse("account_reset_password"), {"email": member_a.user.email})
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    response = client.post(form_url, {"password1": "Hongqi-2024-a", "password2": "Hongqi-2024-b"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    member_a.user.refresh_from_db()
    assert member_a.user.check_password(PASSWORD)


# --- email verification --------------------------------------------------------------


@pytest.mark.django_db
def test_adding_an_email_sends_a_chinese_verification_mail_whose_link_confirms_it(client, member_a):
    client.force_login(member_a.user)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "zhang@example.cn"}
    )
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="zhang@example.cn")
    assert address.user == member_a.user and not address.verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "【党建与志愿服务门户】请确认您的电子邮箱"
    assert "请点击下面的链接确认" in message.body

    page = text_of(client.get(reverse("account_email")))
    assert "zhang@example.cn" in page and "未确认" in page

    confirm_url = link_in(message)
    client.post(confirm_url)
    address.refresh_from_db()
    assert address.verified
    assert "已确认" in text_of(client.get(reverse("account_email")))


@pytest.mark.django_db
def test_verification_mail_can_be_sent_again(client, member_a):
    client.force_login(member_a.user)
    client.post(reverse("account_email"), {"action_add": "", "email": "zhang@example.cn"})
    cache.clear()  # the resend is rate-limited; this is a later visit
    client.post(reverse("account_email"), {"action_send": "", "email": "zhang@example.cn"})
    assert [m.to for m in mail.outbox] == [["zhang@example.cn"], ["zhang@example.cn"]]


@pytest.mark.django_db
def test_adding_a_malformed_email_is_refused(client, member_a):
    client.force_login(member_a.user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "zhang@"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not EmailAddress.objects.filter(email__startswith="zhang").exists()
    assert mail.outbox == []


# --- two-step sign-in (MFA) -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/accounts/2fa/", "/accounts/2fa/totp/activate/", "/accounts/2fa/recovery-codes/generate/"],
)
def test_ordinary_member_cannot_set_up_two_step(client, member_a, url):
    sign_in(client, member_a.user.username)
    response = client.get(url)
    assert response.status_code == 403
    assert "只对支部书记和党委管理员开放" in text_of(response)
    assert client.post(url, {"code": "123456"}).status_code == 403
    assert not Authenticator.objects.filter(user=member_a.user).exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_two_step_pages(client):
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def activate_totp(client, user) -> str:
    """Signs in through the form (activation wants a fresh sign-in) and turns TOTP on."""
    assert sign_in(client, user.username).status_code == 302
    # Turning two-step on asks for the password once more, then comes back.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert "请输入您的登录密码" in text_of(client.get(response["Location"]))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "开启两步验证" in text_of(page)
    secret = client.session[totp_auth.SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp(secret)})
    assert response.status_code == 302, response.context["form"].errors
    return secret


@pytest.mark.django_db
def test_secretary_activates_totp_and_sign_in_then_asks_for_the_code(
    client, secretary_a, totp_tolerance
):
    user = secretary_a.user
    index = client.get("/accounts/2fa/")
    assert index.status_code == 302  # not signed in yet
    secret = activate_totp(client, user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert "已开启" in text_of(client.get("/accounts/2fa/"))
    client.post("/accounts/logout/")

    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("portal:me")).wsgi_request.user.is_authenticated

    page = client.get(reverse("mfa_authenticate"))
    assert "请打开手机上的身份验证器应用" in text_of(page)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]

    response = client.post(reverse("mfa_authenticate"), {"code": current_totp(secret)})
    assert response.status_code == 302
    me = client.get(reverse("portal:me"))
    assert me.status_code == 200
    assert secretary_a.name in text_of(me)


@pytest.mark.django_db
def test_a_used_totp_code_cannot_be_replayed(client, secretary_a, totp_tolerance):
    user = secretary_a.user
    secret = activate_totp(client, user)
    client.post("/accounts/logout/")
    code = current_totp(secret)
    sign_in(client, user.username)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, user.username)
    replay = client.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert replay.context["form"].errors["code"]


@pytest.mark.django_db
def test_committee_admin_may_set_up_two_step(client, committee, totp_tolerance):
    activate_totp(client, committee.user)
    assert Authenticator.objects.filter(user=committee.user).exists()


@pytest.mark.django_db
def test_former_secretary_with_two_step_can_still_turn_it_off(client, secretary_a, totp_tolerance):
    activate_totp(client, secretary_a.user)
    secretary_a.role = secretary_a.Role.MEMBER
    secretary_a.save()
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/2fa/totp/deactivate/").status_code == 200


# --- 我的 --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_me_requires_sign_in(client):
    response = client.get(reverse("portal:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_me_shows_name_organisation_status_post_and_study_progress(client, member_a):
    member_a.post = "社区网格员"
    member_a.save()
    StudyRecord.objects.create(
        member=member_a,
        source=StudyRecord.Source.LECTURE,
        source_key="lecture-1",
        title="党课：学习党章",
        hours=Decimal("2.5"),
        studied_on=timezone.localdate(),
    )
    client.force_login(member_a.user)
    response = client.get(reverse("portal:me"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = text_of(response)
    for expected in ("甲党员", "甲党支部", "正式党员", "社区网格员", "已完成 2.5 学时"):
        assert expected in text, expected
    assert reverse("portal:my_study") in text
    assert reverse("account_change_password") in text


@pytest.mark.django_db
def test_me_offers_two_step_and_admin_only_to_staff(client, member_a, secretary_a):
    client.force_login(member_a.user)
    text = text_of(client.get(reverse("portal:me")))
    assert "两步验证" not in text
    assert "管理后台" not in text.split("<main", 1)[1]

    client.force_login(secretary_a.user)
    text = text_of(client.get(reverse("portal:me")))
    assert reverse("mfa_index") in text
    assert "两步验证" in text
    assert 'href="/admin/"' in text.split("<main", 1)[1]


@pytest.mark.django_db
def test_me_for_an_account_without_a_member_record_says_whom_to_ask(client):
    client.force_login(UserFactory())
    response = client.get(reverse("portal:me"))
    assert response.status_code == 200
    assert "未关联党员信息" in text_of(response)


@pytest.fixture
def member_link_registry():
    """The registry as the installed apps left it, restored after the test."""
    saved = dict(member_links_module._registry)
    yield member_links_module
    member_links_module._registry.clear()
    member_links_module._registry.update(saved)


@pytest.mark.django_db
def test_me_shows_the_cards_other_apps_register(client, member_a, member_link_registry):
    register_member_link(
        title="测试卡片乙", url_name="portal:my_study", description="卡片说明", order=-1
    )
    register_member_link(title="测试卡片甲", url_name="search", order=-2)
    client.force_login(member_a.user)
    text = text_of(client.get(reverse("portal:me")))
    assert "测试卡片乙" in text and "卡片说明" in text
    assert text.index("测试卡片甲") < text.index("测试卡片乙")
    assert 'href="/search/"' in text


def test_registering_a_url_name_again_replaces_its_card(member_link_registry):
    register_member_link(title="测试卡片", url_name="portal:my_study")
    register_member_link(title="测试卡片（新）", url_name="portal:my_study")
    links = [
        link for link in member_link_registry.member_links() if link.url_name == "portal:my_study"
    ]
    assert [str(link.title) for link in links] == ["测试卡片（新）"]


@pytest.mark.django_db
@pytest.mark.parametrize("records", [1, 20])
def test_me_query_count_does_not_grow_with_study_records(
    client, member_a, records, django_assert_num_queries
):
    for n in range(records):
        StudyRecord.objects.create(
            member=member_a,
            source=StudyRecord.Source.LECTURE,
            source_key=f"lecture-{n}",
            title=f"党课{n}",
            hours=Decimal("1"),
            studied_on=timezone.localdate(),
        )
    client.force_login(member_a.user)
    client.get(reverse("portal:me"))  # warm per-process caches (settings, site)
    # session, user, member (page), member (role check), 2× permissions,
    # study requirement, the year's hours total; then 等我处理: a returned pledge,
    # open 评议 not yet given, activities to log (the volunteer settings and the
    # working-day calendar only when one is overdue), records and corrections to
    # review, returned records, tomorrow's activities, sign-ups, and the reminder
    # choice. None grows with the member's records.
    with django_assert_num_queries(17):
        client.get(reverse("portal:me"))


@pytest.mark.django_db
def test_admin_logout_by_get_only_asks_and_keeps_the_user_signed_in(client, secretary_a):
    """A link or <img src="/admin/logout/"> on any page must not sign a secretary out."""
    client.force_login(secretary_a.user)
    response = client.get("/admin/logout/")
    assert response.status_code == 200
    assert "确定要退出登录吗" in text_of(response)
    assert "sessionid" not in response.cookies or response.cookies["sessionid"].value
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_admin_logout_post_without_csrf_token_is_refused(secretary_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a.user)
    assert client.post("/admin/logout/").status_code == 403
    assert client.get("/admin/").status_code == 200

"""Sign-in with django-allauth: closed sign-up, Chinese wording, and the guards around it.

Members are added by their branch secretary, so nobody signs up. Two-step
sign-in (allauth's MFA) is offered to the people who can change other
members' data: secretaries and committee admins. Wagtail's own login and
password-reset pages are routed to allauth so the admin gets the same rate
limits and two-step check as the public site.
"""

from functools import wraps

from allauth.account import views as allauth_account_views
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base import views as mfa_views
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_code_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from portal.permissions import is_staff_role


class PortalAccountAdapter(DefaultAccountAdapter):
    # allauth's own zh_Hans wording is literal ("此账号未激活", "不正确的 token");
    # these are the messages members actually meet, in the portal's words.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("此账号已停用。如有疑问，请联系所在支部书记。"),
        "username_password_mismatch": _("用户名或密码不正确，请检查后重新输入。"),
        "email_password_mismatch": _("邮箱或密码不正确，请检查后重新输入。"),
        "too_many_login_attempts": _(
            "登录失败次数过多，请过几分钟再试。忘记密码可点击“忘记密码”重新设置。"
        ),
        "invalid_password_reset": _("链接无效或已过期，请重新申请。"),
        "rate_limited": _("操作太频繁，请稍后再试。"),
    }

    def is_open_for_signup(self, request) -> bool:
        # Members are added by their branch secretary; the public needs no account.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without django.contrib.sites allauth names the site by its host name;
        # the mails should name the portal.
        super().send_mail(template_prefix, email, {"portal_name": site_name(), **context})


class PortalLoginForm(LoginForm):
    """allauth's login form, labelled for members who sign in with username or email."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("用户名或邮箱")
        login.widget.attrs.update(
            {
                "placeholder": "",
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        )
        password = self.fields["password"]
        password.label = _("密码")
        password.widget.attrs["placeholder"] = ""
        # The login page shows its own, larger “忘记密码” link under the button.
        password.help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("在本机保持登录")


def _label_code_field(form, *, digits_only: bool) -> None:
    code = form.fields["code"]
    code.label = _("验证码")
    code.widget.attrs.update({"placeholder": "", "autocomplete": "one-time-code"})
    if digits_only:
        # Brings up the number pad on phones; recovery codes need letters, so
        # only the set-up form asks for digits.
        code.widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]*"})


class PortalAuthenticateForm(AuthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label_code_field(self, digits_only=False)


class PortalReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label_code_field(self, digits_only=False)


class PortalActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _label_code_field(self, digits_only=True)


class PortalMFAAdapter(DefaultMFAAdapter):
    """Names the portal in authenticator apps (MFA_TOTP_ISSUER)."""


def site_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def may_set_up_two_step(user) -> bool:
    """Only secretaries and committee admins may turn two-step sign-in on."""
    return is_staff_role(user)


def may_manage_two_step(user) -> bool:
    """Anyone who already has two-step sign-in may still see and switch it off.

    A secretary who hands over the post keeps their authenticator; they must
    not be locked out of removing it.
    """
    if may_set_up_two_step(user):
        return True
    return Authenticator.objects.filter(user_id=user.pk).exists()


def _guarded(view, allowed):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        # Anonymous visitors go on to allauth, which sends them to the login page.
        if user.is_authenticated and not allowed(user):
            return TemplateResponse(request, "mfa/staff_only.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


class AdminLogoutView(allauth_account_views.LogoutView):
    """allauth's sign-out (confirm on GET, sign out on POST), back to the sign-in page."""

    def get_redirect_url(self) -> str:
        return self.get_next_url() or reverse("account_login")


# Shadow allauth's MFA management URLs (same paths, so reverse() is unaffected);
# `portal.urls` includes these before allauth's own. Sign-in itself
# (/accounts/2fa/authenticate/) is left alone: whoever has a code must be able to use it.
mfa_guard_urlpatterns = [
    path("", _guarded(mfa_views.index, may_manage_two_step)),
    path("totp/activate/", _guarded(totp_views.activate_totp, may_set_up_two_step)),
    path("totp/deactivate/", _guarded(totp_views.deactivate_totp, may_manage_two_step)),
    path(
        "recovery-codes/",
        _guarded(recovery_code_views.view_recovery_codes, may_manage_two_step),
    ),
    path(
        "recovery-codes/generate/",
        _guarded(recovery_code_views.generate_recovery_codes, may_manage_two_step),
    ),
    path(
        "recovery-codes/download/",
        _guarded(recovery_code_views.download_recovery_codes, may_manage_two_step),
    ),
]

# Wagtail's login view would accept a password without allauth's rate limit or
# two-step check, and its reset form has no rate limit: send both to allauth.
# Its logout answers a GET: sign-out goes through allauth too.
admin_login_urlpatterns = [
    path(
        "login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    re_path(
        r"^password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    # Wagtail's own logout view drops the session cookie even on a GET (which
    # it then refuses), so a link or <img> to /admin/logout/ signed people out.
    # allauth's asks for confirmation on GET and signs out on a POST with CSRF,
    # which is what the admin menu's 退出 button sends.
    path("logout/", AdminLogoutView.as_view(), name="portal_admin_logout"),
]

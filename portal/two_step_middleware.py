"""The admin opens only with two-step sign-in for those who must have it (portal.services.two_step).

Checked once per five minutes per session, not on every request: the answer
lives in the session, so admin pages cost no extra query.
"""

import time
from datetime import UTC, datetime

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portal.services import two_step

SESSION_KEY = "portal_two_step"
RECHECK_SECONDS = 300


class RequireTwoStepMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._gates(request):
            state = self._state(request)
            if not state["enrolled"]:
                if time.time() >= state["deadline"]:
                    messages.error(
                        request,
                        _(
                            "为保护党员个人信息，管理后台要求开启两步验证。请先用手机验证器完成设置。"
                        ),
                    )
                    return redirect("mfa_activate_totp")
                if not state.get("warned"):
                    state["warned"] = True
                    request.session[SESSION_KEY] = state
                    self._warn(request, state["deadline"])
        return self.get_response(request)

    @staticmethod
    def _gates(request) -> bool:
        user = getattr(request, "user", None)
        return (
            request.path.startswith("/admin/")
            and not request.path.startswith("/admin/logout/")
            and user is not None
            and user.is_authenticated
            and two_step.is_required_for(user)
        )

    @staticmethod
    def _state(request) -> dict:
        state = request.session.get(SESSION_KEY)
        fresh = (
            state
            and state.get("user") == request.user.pk
            and time.time() - state.get("checked", 0) < RECHECK_SECONDS
        )
        if fresh:
            return state
        enrolment = two_step.enrolment_of(request.user)
        state = {
            "user": request.user.pk,
            "checked": time.time(),
            "enrolled": enrolment.enrolled,
            "deadline": enrolment.deadline.timestamp() if enrolment.deadline else 0,
            "warned": bool(state and state.get("warned")),
        }
        request.session[SESSION_KEY] = state
        return state

    @staticmethod
    def _warn(request, deadline: float) -> None:
        when = timezone.localtime(datetime.fromtimestamp(deadline, tz=UTC))
        messages.warning(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _(
                    "为保护党员个人信息，请在%(date)s前开启两步验证，到期后管理后台需凭手机验证码登录。"
                )
                % {"date": formats.date_format(when, "Y年n月j日")},
                reverse("mfa_activate_totp"),
                _("现在开启"),
            ),
        )

"""长辈模式: larger text and targets, chosen by a plain link and remembered in a cookie.

A link rather than a form keeps anonymous pages free of form tokens, so they
stay cacheable (the cookie is in Vary, see portal.caching).
"""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from portal.caching import private

COOKIE = "portal_display"
MODES = {"large", "normal"}


def large_text(request) -> bool:
    return request.COOKIES.get(COOKIE) == "large"


def switch_display(request, mode: str):
    if mode not in MODES:
        raise Http404("没有这种显示模式。")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if mode == "large":
        response.set_cookie(
            COOKIE, "large", max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return private(response)

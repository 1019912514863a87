"""Language switch by a plain link, so public pages carry no form token and stay cacheable."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from portal.caching import private


def switch_language(request, language_code: str):
    if language_code not in dict(settings.LANGUAGES):
        raise Http404("不支持该语言。")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language_code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return private(response)

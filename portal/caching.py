"""The one rule for who may keep a copy of a page: shared caches for anonymous pages, nobody else.

STYLE.md §9. A response is *public* (``public, max-age=N``) only when nothing in
it can belong to one visitor: the request is an anonymous GET, the page did not
render a form token (``{% csrf_token %}``), showed no flash message, and set no
cookie. Anything else is ``private, no-store``. Both carry ``Vary: Cookie,
Accept-Language``: the language comes from the language cookie (portal.middleware;
Accept-Language is kept in Vary for caches in front that normalise on it), and
the session cookie tells a member from a visitor, so a shared cache must key on
the cookies.

Use ``public_or_private`` (or ``@cache_public_or_private``, or ``PublicCacheMixin``
on a Wagtail page) for pages anyone may read, and ``private`` (or
``@cache_private``) for a member's own pages and downloads. Nothing else in the
project writes Cache-Control by hand.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_vary_headers

PUBLIC_MAX_AGE = 300
# A missing page may appear a minute later (an editor publishes it); don't pin the 404.
ERROR_MAX_AGE = 60
PRIVATE = "private, no-store"
VARY = ("Cookie", "Accept-Language")


def private(response):
    """Keep the response out of every cache: a member's page, a download, a cookie being set."""
    response["Cache-Control"] = PRIVATE
    patch_vary_headers(response, VARY)
    return response


def public_or_private(request, response, *, max_age: int = PUBLIC_MAX_AGE):
    """Public for ``max_age`` seconds when nothing personal is in the response, else private.

    ``max_age=0`` gives ``public, no-cache``: a cache may store the page but must
    ask again every time, for pages where a change must show at once (a revoked
    certificate). Error pages are capped at ERROR_MAX_AGE, server errors never
    shared. A TemplateResponse is judged after it renders, because only then is
    it known whether the template asked for a form token.
    """
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.add_post_render_callback(lambda rendered: _decide(request, rendered, max_age))
    else:
        _decide(request, response, max_age)
    return response


def is_personal(request, response) -> bool:
    """True when a shared cache would hand one visitor's page, token or cookie to another."""
    if request.method not in ("GET", "HEAD"):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    # get_token() marks the request; CsrfViewMiddleware then sets the cookie the form needs.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return True
    if len(messages.get_messages(request)) > 0:
        return True
    session = getattr(request, "session", None)
    if response.cookies or (session is not None and session.modified):
        return True
    # Never loosen what ran before: Wagtail marks pages behind a view restriction never-cache.
    earlier = response.get("Cache-Control", "")
    return "private" in earlier or "no-store" in earlier


def _decide(request, response, max_age: int) -> None:
    if response.status_code >= 500 or is_personal(request, response):
        private(response)
        return
    if response.status_code >= 400:
        max_age = min(max_age, ERROR_MAX_AGE)
    response["Cache-Control"] = f"public, max-age={max_age}" if max_age > 0 else "public, no-cache"
    patch_vary_headers(response, VARY)


def cache_public_or_private(view: Callable | None = None, *, max_age: int = PUBLIC_MAX_AGE):
    """Decorator form of public_or_private: ``@cache_public_or_private`` or ``(max_age=60)``."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            return public_or_private(request, view_func(request, *args, **kwargs), max_age=max_age)

        return wrapper

    return decorator(view) if view is not None else decorator


def cache_private(view_func):
    """Decorator form of private, for views that are personal whatever the outcome."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        return private(view_func(request, *args, **kwargs))

    return wrapper


class PublicCacheMixin:
    """For Wagtail pages, routable ones too: every route's response goes through public_or_private.

    Put it before RoutablePageMixin and Page in the bases. Pages behind a view
    restriction stay private: Wagtail's serve hook marks them never-cache and the
    rule does not loosen that.
    """

    cache_max_age = PUBLIC_MAX_AGE

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return public_or_private(request, response, max_age=self.cache_max_age)

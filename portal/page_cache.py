"""Anonymous pages served from the shared cache, dropped as soon as what they show changes.

`portal.caching` decides which responses are public (``public, max-age=N``,
``Vary: Cookie, Accept-Language``); `PublicPageCacheMiddleware` keeps exactly
those responses in the configured cache (Redis in production) and answers
them first thing, before the rest of the stack. Signed-in pages, pages with a
form token, a message or a cookie are private and never stored; neither are
errors.

Purging: every key carries a *generation*, and `purge_public_pages()` starts
a new one, so one write drops every cached page at once. That is coarse, but
a public page may show anything (a rating moves a ranking that appears on
the front page), and reads outnumber the writes that matter by far. Wagtail
publishing purges (portal.signals); each app names the models its public
pages show with `purge_public_pages_on_change` in its `ready()`.

On when `PUBLIC_PAGE_CACHE` is true: by default whenever `REDIS_URL` is set,
since a per-process cache could not be purged from the other processes.
"""

import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_max_age

from portal.caching import VARY

GENERATION_KEY = "public-pages:generation"


def enabled() -> bool:
    return bool(getattr(settings, "PUBLIC_PAGE_CACHE", False))


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def purge_public_pages() -> None:
    """Drops every cached public page, once the current transaction has committed."""
    if enabled():
        transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, None))


def purge_public_pages_on_change(*models) -> None:
    """Purges when a row of any of these models is saved or deleted (call from ready())."""
    for model in models:
        uid = f"public-page-cache:{model._meta.label}"
        post_save.connect(_purge_receiver, sender=model, dispatch_uid=f"{uid}:save", weak=False)
        post_delete.connect(_purge_receiver, sender=model, dispatch_uid=f"{uid}:del", weak=False)


def _purge_receiver(sender, **kwargs) -> None:
    purge_public_pages()


class PublicPageCacheMiddleware:
    """First in MIDDLEWARE: a cached page is answered before anything else runs.

    A hit is one cache round trip (the generation and the page in one
    ``get_many``) and a response built from stored bytes: no session, CSRF,
    language, CSP or URL resolving, since the stored response already carries
    every header the full stack gave it. The key is the URL (scheme and an
    allowed host included) and the request's ``Cookie`` and ``Accept-Language``
    headers, the ones every public page varies on (portal.caching.VARY), so a
    visitor with a session cookie never shares a copy with anyone else.

    Stored on the way out only when the portal's rule marked the response
    public with a max-age, with status 200, no cookie set and no Vary beyond
    those two headers; signed-in users and pages with a form token are private
    by that rule and so never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or request.method != "GET" or request.path.startswith(NEVER_CACHED):
            return self.get_response(request)
        try:
            key = _page_key(request)
        except DisallowedHost:
            return self.get_response(request)  # the normal stack answers the 400
        generation, entry = _read(key)
        if entry is not None and entry[0] == generation:
            return _response_from(entry)
        response = self.get_response(request)
        max_age = _storable_for(request, response)
        if max_age:
            cache.set(key, _entry(generation, response), max_age)
        return response


def _page_key(request) -> str:
    parts = "\n".join(
        (
            request.build_absolute_uri(),
            request.META.get("HTTP_COOKIE", ""),
            request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
        )
    )
    digest = hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()
    return f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.page.{digest}"


def _read(key: str) -> tuple[str, tuple | None]:
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return _generation(), None
    return generation, found.get(key)


_VARY = {header.lower() for header in VARY}


def _storable_for(request, response) -> int:
    """Seconds the response may be kept, or 0 when it must not be stored at all."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return 0
    control = response.get("Cache-Control", "")
    if not control.startswith("public") or "no-cache" in control or "no-store" in control:
        return 0
    if not set(h.strip().lower() for h in response.get("Vary", "").split(",")) <= _VARY:
        return 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return 0
    return get_max_age(response) or 0


def _entry(generation: str, response) -> tuple:
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("date", "age")]
    return (generation, time.time(), response.status_code, headers, response.content)


def _response_from(entry: tuple) -> HttpResponse:
    _generation_of, stored_at, status, headers, content = entry
    response = HttpResponse(content, status=status, headers=headers)
    # Downstream caches count the time already spent here against max-age.
    response["Age"] = str(max(0, int(time.time() - stored_at)))
    return response


# Never public anyway; skipping them saves a cache round trip.
NEVER_CACHED = ("/admin/", "/accounts/", "/me/", "/documents/", "/media/", "/static/")

"""Anonymous pages served from the shared cache, dropped as soon as what they show changes.

`portal.caching` decides which responses are public (``public, max-age=N``,
``Vary: Cookie, Accept-Language``); these two middlewares are Django's own
cache middleware keeping exactly those responses in the configured cache
(Redis in production). Signed-in pages, pages with a form token, a message or
a cookie are private and never stored; neither are errors.

Purging: every key carries a *generation*, and `purge_public_pages()` starts
a new one, so one write drops every cached page at once. That is coarse, but
a public page may show anything (a rating moves a ranking that appears on
the front page), and reads outnumber the writes that matter by far. Wagtail
publishing purges (portal.signals); each app names the models its public
pages show with `purge_public_pages_on_change` in its `ready()`.

On when `PUBLIC_PAGE_CACHE` is true: by default whenever `REDIS_URL` is set,
since a per-process cache could not be purged from the other processes.
"""

import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

logger = logging.getLogger(__name__)

GENERATION_KEY = "public-pages:generation"
_local = threading.local()


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


class _KeyPrefixPerRequest:
    """Django's cache middleware reads `self.key_prefix`; here it is the request's generation.

    A request is handled on one thread from the fetch to the update, and the
    generation is read once when it arrives, so a page rendered from data that
    changed meanwhile is stored under the old generation and never served.
    """

    @property
    def key_prefix(self) -> str:
        return getattr(_local, "key_prefix", settings.CACHE_MIDDLEWARE_KEY_PREFIX)

    @key_prefix.setter
    def key_prefix(self, value) -> None:
        pass  # Django's __init__ sets the static prefix; the generation replaces it.


class UpdatePublicPageCacheMiddleware(_KeyPrefixPerRequest, UpdateCacheMiddleware):
    """First in MIDDLEWARE: stores public responses on the way out."""

    def process_response(self, request, response):
        if not enabled() or not hasattr(request, "_public_cache_prefix"):
            return response
        _local.key_prefix = request._public_cache_prefix
        try:
            return super().process_response(request, response)
        finally:
            del _local.key_prefix


class FetchPublicPageCacheMiddleware(_KeyPrefixPerRequest, FetchFromCacheMiddleware):
    """Last in MIDDLEWARE: answers from the cache before any view or database query."""

    def process_request(self, request):
        if not enabled() or request.path.startswith(NEVER_CACHED):
            return None
        request._public_cache_prefix = f"{settings.CACHE_MIDDLEWARE_KEY_PREFIX}.{_generation()}"
        _local.key_prefix = request._public_cache_prefix
        try:
            return super().process_request(request)
        finally:
            del _local.key_prefix


# Never public anyway; skipping them saves a cache round trip.
NEVER_CACHED = ("/admin/", "/accounts/", "/me/", "/documents/", "/media/", "/static/")

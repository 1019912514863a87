"""Django's Redis cache backend, made an accelerator that may fail without breaking a page.

With Redis unreachable every read is a miss and every write is dropped, so
pages are built from the database (slower), allauth's rate limits let requests
through and Wagtail recomputes its site root paths. The outage is logged once
(portal.faults) and Redis is not retried for a few seconds, so a down cache
costs a request almost nothing.
"""

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from portal import faults

NAME = "Redis cache"
ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


def _safe(method_name: str, default=None, *, default_arg: str | None = None):
    parent = getattr(RedisCache, method_name)

    def method(self, *args, **kwargs):
        fallback = default
        if default_arg is not None:
            fallback = kwargs.get(default_arg, args[1] if len(args) > 1 else default)
        if faults.is_down(NAME):
            return fallback
        try:
            result = parent(self, *args, **kwargs)
        except ERRORS as error:
            faults.failed(NAME, error)
            return fallback
        faults.recovered(NAME)
        return result

    method.__name__ = method_name
    method.__doc__ = parent.__doc__
    return method


class ResilientRedisCache(RedisCache):
    get = _safe("get", default_arg="default")
    get_many = _safe("get_many", {})
    has_key = _safe("has_key", False)
    # add() answering True keeps allauth's and the rating limits' "first time" path working.
    add = _safe("add", True)
    set = _safe("set")
    set_many = _safe("set_many", [])
    touch = _safe("touch", False)
    delete = _safe("delete", False)
    delete_many = _safe("delete_many")
    clear = _safe("clear")
    incr = _safe("incr", 1)
    decr = _safe("decr", 0)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            if value is not None:
                self.add(key, value, timeout=timeout, version=version)
        return value

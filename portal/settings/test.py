"""Settings for the test suite: fast hashing, local memory, plain HTTP.

The database, broker and cache still come from the environment, so the same
suite runs on SQLite and again on PostgreSQL and Redis in CI.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, STORAGES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so tests see SQLite's real locking between connections
    # (tests/volunteers/test_concurrency.py); one per test process.
    # In memory-backed /dev/shm where there is one: a real file, without disk syncs.
    _folder = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {"NAME": str(_folder / f"portal-test-{os.getpid()}.sqlite3")}

# A fixed key of the suite's own: the placeholder would fail portal.E003.
SECRET_KEY = "test-suite-key-never-used-outside-the-tests-8f3b1c9e2d7a4f60b5e1c3d9a7f2e4b6"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
# Off even with Redis, so a test sees its own writes; tests/portal/test_page_cache.py turns it on.
PUBLIC_PAGE_CACHE = False

# Tasks run in the test process; the one test that needs a real worker sends
# its task by name (`send_task` ignores eager mode) to the configured broker.
CELERY_TASK_ALWAYS_EAGER = True
# Background work runs inline in tests; the scheduler is driven by the tests themselves.
PORTAL_BACKGROUND_THREADS = False
PORTAL_INPROCESS_SCHEDULER = False

"""Settings for every environment, read from environment variables.

Each variable is documented in the README. Defaults give a safe,
self-contained site: SQLite, in-process tasks, local-memory cache, DEBUG off.
"""

import json
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A key anyone can read here, used only when SECRET_KEY is not set: enough for
# DEBUG work and for commands that sign nothing (collectstatic, compilemessages).
# With DEBUG off the check portal.E003 stops every other command, and gunicorn
# refuses to load the site (portal/wsgi.py).
PLACEHOLDER_SECRET_KEY = "django-insecure-placeholder-set-SECRET_KEY-in-the-environment"
SECRET_KEY = os.environ.get("SECRET_KEY") or PLACEHOLDER_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Password of the demo accounts that `manage.py seed_demo` creates (development only).
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "dangjian2026"

INSTALLED_APPS = [
    "portal",
    "honors",
    "pledges",
    "volunteers",
    "activities",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "captcha",
    "health_check",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    # Django's own form and widget templates, for portal.form_rendering's renderer.
    "django.forms",
]

MIDDLEWARE = [
    # First: a cached anonymous page is answered before anything else runs (portal/page_cache.py).
    "portal.page_cache.PublicPageCacheMiddleware",
    # Next: a view that cannot reach the database answers the 503 page.
    "portal.views.errors.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Above the messages middleware, so a repeated post gets the first one's message too.
    "portal.submissions.OneSubmissionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.two_step_middleware.RequireTwoStepMiddleware",
    "portal.inputs.BadInputMiddleware",
    "portal.csp.PortalCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Posts that change the session itself are not de-duplicated (portal.submissions).
ONE_SUBMISSION_EXEMPT = [
    "/accounts/",
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/i18n/",
    "/language/",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.navigation",
            ],
        },
    },
]

# Every form renders through the project's templates (templates/forms/, and the
# empty choice in templates/django/forms/widgets/): errors beside their field.
FORM_RENDERER = "portal.form_rendering.PortalFormRenderer"

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server, the Celery worker and tests read while one writes.
    # IMMEDIATE transactions take the write lock when they begin, so a writer
    # waits its turn (up to `timeout` seconds) instead of failing with
    # "database is locked" when two read-then-write transactions meet.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database answers the 503 page in seconds, not after TCP's minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # A cache is an accelerator: with Redis down, reads miss and writes
            # are dropped (logged once), so pages still serve and sign-in works.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages kept in the cache and purged on every change they show
# (portal/page_cache.py). Only with a shared cache: a per-process one can't be purged
# from the other gunicorn workers.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", bool(REDIS_URL))
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Set-password links are handed over by the secretary, on paper or by message:
# valid for hours, not days (PASSWORD_RESET_TIMEOUT_HOURS, default 24), usable once,
# and void once the account's password, e-mail or powers change (portal/tokens.py).
PASSWORD_RESET_TIMEOUT = int(float(os.environ.get("PASSWORD_RESET_TIMEOUT_HOURS", "24")) * 3600)
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "portal.tokens.AccountPowerTokenGenerator"
LOGIN_REDIRECT_URL = "portal:me"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: members are added by their secretary, so open sign-up is off;
# they sign in with username or email and set their password from a link.
ACCOUNT_ADAPTER = "portal.accounts.PortalAccountAdapter"
ACCOUNT_FORMS = {"login": "portal.accounts.PortalLoginForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "【党建与志愿服务门户】"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {
    # Five failed attempts per username/email per five minutes, then a wait.
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# How many proxies in front of the site append to X-Forwarded-For (1 behind one
# nginx). Sign-in limits, rating limits and logs all read the visitor's address
# through allauth with this count (portal/client_address.py). The old
# PLEDGES_TRUST_X_FORWARDED_FOR=1 still means one proxy.
TRUSTED_PROXY_COUNT = int(
    os.environ.get(
        "TRUSTED_PROXY_COUNT", "1" if env_bool("PLEDGES_TRUST_X_FORWARDED_FOR", False) else "0"
    )
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Days a secretary or committee admin may use the admin before enrolling an
# authenticator (portal/services/two_step.py); then two-step sign-in is required.
TWO_STEP_GRACE_DAYS = int(os.environ.get("TWO_STEP_GRACE_DAYS", "7"))
MFA_ADAPTER = "portal.accounts.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "党建与志愿服务门户"
MFA_FORMS = {
    "authenticate": "portal.accounts.PortalAuthenticateForm",
    "reauthenticate": "portal.accounts.PortalReauthenticateForm",
    "activate_totp": "portal.accounts.PortalActivateTOTPForm",
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# 9月5日, not Django's 09月5日 (portal/dates.py writes every date on the site).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Public ratings (群众评议), counted per client address (allauth's client-address
# rule, so ALLAUTH_TRUSTED_PROXY_COUNT applies): a 验证码 after the first few
# of the day, a daily cap per rated window or pledge, and bursts held for checking.
PLEDGES_RATINGS_BEFORE_PROOF = int(os.environ.get("PLEDGES_RATINGS_BEFORE_PROOF", "3"))
PLEDGES_RATINGS_PER_ADDRESS_PER_DAY = int(
    os.environ.get("PLEDGES_RATINGS_PER_ADDRESS_PER_DAY", "10")
)
PLEDGES_BURST_MINUTES = 10
PLEDGES_BURST_PER_ADDRESS = 3
PLEDGES_BURST_PER_TARGET = int(os.environ.get("PLEDGES_BURST_PER_TARGET", "30"))
CAPTCHA_CHALLENGE_FUNCT = "pledges.forms.addition_challenge"
CAPTCHA_TIMEOUT = 15  # minutes
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 30
# Little rotation: a tilted "+" would read as "×".
CAPTCHA_LETTER_ROTATION = (-8, 8)
# Internal uploads (evidence and meeting photos), outside MEDIA_ROOT and served
# only through views that check scope; unset: "private_media" beside MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT") or None
# Certificate PDFs and zips: outside MEDIA_ROOT, served only by views that
# check ownership and revocation, never by the web server directly.
HONORS_CERTIFICATE_ROOT = Path(
    os.environ.get("HONORS_CERTIFICATE_ROOT", BASE_DIR / "private_media")
)
# A certificate batch without progress for this long is 停滞: the progress page
# says so, staff may retry it, and the sweep sends its missing work again.
HONORS_BATCH_STALL_SECONDS = int(os.environ.get("HONORS_BATCH_STALL_SECONDS", "300"))


def _internal_storage(name: str, root_setting: str) -> dict:
    """A folder outside MEDIA_ROOT, or the backend `<NAME>_STORAGE_BACKEND` names (JSON options)."""
    backend = os.environ.get(f"{name}_STORAGE_BACKEND")
    if backend:
        return {
            "BACKEND": backend,
            "OPTIONS": json.loads(os.environ.get(f"{name}_STORAGE_OPTIONS") or "{}"),
        }
    return {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"root_setting": root_setting},
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": _internal_storage("PRIVATE", "PRIVATE_MEDIA_ROOT"),
    "certificates": _internal_storage("CERTIFICATE", "HONORS_CERTIFICATE_ROOT"),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Fail fast when the broker is down: a request never waits more than a few
# seconds to enqueue; records left waiting are picked up by the sweeps below.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker died unacknowledged is delivered again after this long;
    # longer than any task runs (a chunk of certificates takes seconds).
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600")),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# Nothing a user waits on reads a task result: progress is in the database.
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the work, and give the task back when its worker dies:
# every task is idempotent, so a second delivery does no double work.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Without a broker, background work (certificate batches) runs in a thread of
# the web process so the request returns at once; the page polls its progress.
PORTAL_BACKGROUND_THREADS = CELERY_TASK_ALWAYS_EAGER
# Without a broker, the web process runs the periodic jobs below itself (one
# process at a time, under a file lock); with a broker, `celery beat` does.
PORTAL_INPROCESS_SCHEDULER = env_bool("PORTAL_INPROCESS_SCHEDULER", not CELERY_BROKER_URL)
PORTAL_SCHEDULER_LOCK = Path(os.environ.get("PORTAL_SCHEDULER_LOCK", BASE_DIR / ".scheduler.lock"))
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["wagtail-publish-scheduled"] = {
    # Wagtail's scheduled publishing (定时发布) and expiry: every minute.
    "task": "portal.publish_scheduled",
    "schedule": crontab(minute="*"),
}
CELERY_BEAT_SCHEDULE["honors-sweep"] = {
    # Picks up certificates still without their PDF and batches that are waiting
    # or stalled (a broker outage, a worker killed mid-batch): every two minutes.
    "task": "honors.sweep",
    "schedule": crontab(minute="*/2"),
}
CELERY_BEAT_SCHEDULE["pledges-monthly-ranking"] = {
    # 月评比: on the first of each month, rank the windows on last month's ratings.
    "task": "pledges.publish_monthly_ranking",
    "schedule": crontab(minute=30, hour=1, day_of_month=1),
}
CELERY_BEAT_SCHEDULE["portal-daily-digests"] = {
    # 每日提醒: what waits on each person, at most one email a day.
    "task": "portal.send_daily_digests",
    "schedule": crontab(minute=30, hour=7),
}
CELERY_BEAT_SCHEDULE["activities-enforce-deadlines"] = {
    # 摘牌 where a 限期整改书's deadline passed without a pass; daily, just after midnight.
    "task": "activities.enforce_deadlines",
    "schedule": crontab(minute=10, hour=0),
}
CELERY_BEAT_SCHEDULE["activities-due-reminders"] = {
    # Reminds branches 7 days and 1 day before deadlines and scheduled re-inspections.
    "task": "activities.send_due_reminders",
    "schedule": crontab(minute=0, hour=8),
}
CELERY_BEAT_SCHEDULE["pledges-half-year-stars"] = {
    # 一诺双评创十星: on 1 January and 1 July, star levels for the half year just ended.
    "task": "pledges.compute_half_year_stars",
    "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year="1,7"),
}
CELERY_BEAT_SCHEDULE["volunteers-remind-leaders"] = {
    # Emails leaders about service records 待审核 for more than three days.
    "task": "volunteers.remind_leaders",
    "schedule": crontab(minute=30, hour=8),
}
CELERY_BEAT_SCHEDULE["volunteers-close-activities"] = {
    # Records no-shows (signed up, never checked in) for activities that have ended.
    "task": "volunteers.close_ended_activities",
    "schedule": crontab(minute=20, hour=0),
}
CELERY_BEAT_SCHEDULE["volunteers-refresh-totals"] = {
    # Rebuilds the running hours totals from the records (they are kept in step on every
    # approval; this catches anything written around the services): nightly.
    "task": "volunteers.refresh_hours_totals",
    "schedule": crontab(minute=40, hour=3),
}

# Wagtail's own background jobs go through django-tasks.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

WAGTAIL_SITE_NAME = "党建与志愿服务门户"
# Wagtail's default moderation workflow sends pages to an empty "Moderators"
# group, which locks a submitted page for everyone. Secretaries and the
# committee publish directly; page permissions say who may.
WAGTAIL_WORKFLOW_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Gravatar is out of reach from many government networks: show initials instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Every user works in China time; the full list would show 600 English zone names.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
# Uploaded images are re-encoded (metadata dropped, non-images refused): portal.images.
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.images.PortalImageForm"
# Documents are always streamed by Wagtail's serve view, which runs the scope
# check in portal.library (internal documents only for users in scope); the
# web server must not serve MEDIA_ROOT/documents/ itself (README, nginx).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document downloads as an attachment: none is rendered by the browser.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "portal.search.backend",
    }
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer probes gunicorn over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview shows the page in a same-origin iframe, so DENY would
# break editing; SAMEORIGIN still refuses framing by any other site.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Content-Security-Policy (django-csp). The public site runs no inline script
# at all; style attributes (progress bars) are allowed, style sheets only from
# here. Iframes are the video embeds of study articles. The Wagtail admin
# (/admin/ only) gets PORTAL_ADMIN_CSP_DIRECTIVES from portal.csp.
_SELF = "'self'"
_CSP_FRAME_SRC = env_list("CSP_FRAME_SRC", "https:")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],
        "frame-src": [_SELF, *_CSP_FRAME_SRC],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
# Wagtail's admin still uses inline scripts and styles in places (and blob:
# images while uploading), so it is looser, but only under /admin/.
PORTAL_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
    "font-src": [_SELF, "data:"],
    "worker-src": [_SELF, "blob:"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

PORTAL_SECTION_TITLES = {
    "study": _("学习专栏"),
    "pledges": _("公开承诺"),
    "volunteers": _("志愿服务"),
    "honors": _("善行功德榜"),
}

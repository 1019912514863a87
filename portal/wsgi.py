"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
application = get_wsgi_application()

from portal.checks import refuse_placeholder_secret_key  # noqa: E402  (needs settings loaded)

refuse_placeholder_secret_key()

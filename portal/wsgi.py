"""WSGI entry point for gunicorn (and `runserver`, which loads the same application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
application = get_wsgi_application()

from portal.checks import refuse_placeholder_secret_key  # noqa: E402  (needs settings loaded)

refuse_placeholder_secret_key()

# Without a broker there is no `celery beat`: the web process runs the periodic
# jobs (scheduled publishing, the sweeps, rankings) itself. See portal/scheduler.py.
from portal import scheduler  # noqa: E402

scheduler.start()

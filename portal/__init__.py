"""The portal's own app: settings, organisations, members, study column, search."""

from .celery import app as celery_app

__all__ = ["celery_app"]

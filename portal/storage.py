"""Storage for internal uploads: outside MEDIA_ROOT, served only by views that check scope.

The web server serves MEDIA_ROOT to anyone who has a URL; evidence and
meeting photos are internal records, so they live here and reach a browser
only through a view that asks `portal.permissions` first.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateMediaStorage(FileSystemStorage):
    # Read from settings on every access so tests (and deployments) can move it.
    @property
    def base_location(self) -> str:
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        if configured:
            return str(configured)
        return str(Path(settings.MEDIA_ROOT).parent / "private_media")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


def private_storage() -> PrivateMediaStorage:
    return PrivateMediaStorage()

"""Storage for internal files: outside MEDIA_ROOT, with no URL, streamed only by views that check.

The web server serves MEDIA_ROOT to anyone who has a URL; evidence and meeting
photos are internal records and certificates can be revoked, so they live in
the named `STORAGES` entries "private" and "certificates" and reach a browser
only through a view that asks `portal.permissions` (or the revocation) first.
An operator may point either entry at another backend (an S3-compatible
bucket with django-storages) through the environment; see the README.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateFileSystemStorage(FileSystemStorage):
    """A folder named by a setting, read on every access so tests and deployments can move it."""

    def __init__(self, root_setting: str = "PRIVATE_MEDIA_ROOT", **kwargs):
        self.root_setting = root_setting
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        configured = getattr(settings, self.root_setting, None)
        if configured:
            return str(configured)
        return str(Path(settings.MEDIA_ROOT).parent / "private_media")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


def private_storage():
    """Evidence and meeting photos: `STORAGES["private"]`."""
    return storages["private"]

"""Where certificate PDFs and batch zips live: outside MEDIA_ROOT.

Files are served only through views that check ownership and revocation,
so a revoked certificate cannot be fetched by a URL that was once shared.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class CertificateStorage(FileSystemStorage):
    # Read from settings on every access so tests (and deployments) can move it.
    @property
    def base_location(self) -> str:
        configured = getattr(settings, "HONORS_CERTIFICATE_ROOT", None)
        if configured:
            return str(configured)
        return str(Path(settings.MEDIA_ROOT).parent / "private_media")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None


def certificate_storage() -> CertificateStorage:
    return CertificateStorage()

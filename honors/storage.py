"""Where certificate PDFs and batch zips live: `STORAGES["certificates"]`, outside MEDIA_ROOT.

Files are served only through views that check ownership and revocation,
so a revoked certificate cannot be fetched by a URL that was once shared.
"""

from django.core.files.storage import storages


def certificate_storage():
    return storages["certificates"]

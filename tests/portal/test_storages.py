"""Internal files go where the operator's STORAGES entries say, never under MEDIA_ROOT."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.files.base import ContentFile

from activities.models import MeetingPhoto
from honors.models import Certificate

ROOT = Path(__file__).resolve().parents[2]


def test_certificates_and_photos_are_stored_outside_media_root_with_no_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HONORS_CERTIFICATE_ROOT = tmp_path / "certificates"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    certificates = Certificate._meta.get_field("file").storage
    photos = MeetingPhoto._meta.get_field("image").storage

    name = certificates.save("certificates/a.pdf", ContentFile(b"%PDF-1.7"))
    assert (tmp_path / "certificates" / name).read_bytes() == b"%PDF-1.7"
    name = photos.save("activities/photos/a.jpg", ContentFile(b"jpeg"))
    assert (tmp_path / "private" / name).exists()
    assert not (tmp_path / "media").exists()
    assert certificates.base_url is None and photos.base_url is None


def test_an_operator_points_the_certificates_entry_at_another_backend(tmp_path):
    """What the README's S3 line does: the backend and its options come from the environment."""
    script = (
        "import django; django.setup();"
        "from honors.models import Certificate;"
        "s = Certificate._meta.get_field('file').storage;"
        "print(type(s).__module__ + '.' + type(s).__name__, s.location)"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "CERTIFICATE_STORAGE_BACKEND": "django.core.files.storage.FileSystemStorage",
        "CERTIFICATE_STORAGE_OPTIONS": json.dumps({"location": str(tmp_path / "bucket")}),
    }
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    backend, location = run.stdout.split()
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"
    assert location == str(tmp_path / "bucket")

"""Checks and re-encodes uploaded photos: images only, judged by content, size-limited.

Only the re-encoded JPEG (at most 1600 px, and a 400 px thumbnail) is kept:
the uploaded bytes never reach storage, so a script renamed .jpg cannot be
served back, and EXIF data (including location) is dropped.
"""

import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image

from portal.images import ImageRejected, decode_image

MAX_PHOTO_BYTES = 5 * 1024 * 1024
DISPLAY_SIZE = (1600, 1600)
THUMBNAIL_SIZE = (400, 400)


class PhotoError(Exception):
    """An upload that is not an acceptable photo; the message is shown as is."""


def _encode(image: Image.Image, size: tuple[int, int]) -> bytes:
    copy = image.copy()
    copy.thumbnail(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def process_photo(upload) -> tuple[ContentFile, ContentFile]:
    """The display image and thumbnail to store, or PhotoError with the reason in Chinese."""
    name = getattr(upload, "name", "") or _("照片")
    size = getattr(upload, "size", None)
    if not size:
        raise PhotoError(_("“%(name)s”是空文件，请重新选择照片。") % {"name": name})
    if size > MAX_PHOTO_BYTES:
        raise PhotoError(_("“%(name)s”超过 5 MB，请压缩后再上传。") % {"name": name})
    not_image = _("“%(name)s”不是图片，请上传 JPG、PNG 等格式的照片。") % {"name": name}
    try:
        image = decode_image(upload, not_image=not_image).convert("RGB")
    except ImageRejected as error:
        raise PhotoError(str(error)) from None
    stem = uuid.uuid4().hex
    return (
        ContentFile(_encode(image, DISPLAY_SIZE), name=f"{stem}.jpg"),
        ContentFile(_encode(image, THUMBNAIL_SIZE), name=f"{stem}-thumb.jpg"),
    )

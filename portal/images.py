"""Uploaded pictures are decoded and written again before they are stored.

What is kept is a fresh JPEG or PNG made from the decoded pixels, never the
uploaded bytes: metadata (EXIF, including the GPS position of a phone photo)
is dropped, and a file that only looks like an image (a GIF/script polyglot,
a truncated PNG) is refused with a message in Chinese instead of being stored
and failing later. Wagtail's image forms (`WAGTAILIMAGES_IMAGE_FORM_BASE`) and
the site's own photo fields go through `reencode_image`.
"""

import io
import os
import uuid

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from wagtail.images.forms import BaseImageForm

# Formats a phone or a scanner produces; anything else is refused.
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "GIF", "WEBP", "BMP", "HEIF", "TIFF"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; beyond that, a decompression bomb


class ImageRejected(Exception):
    """The upload is not a usable picture; the message says why, in Chinese."""


def _name(upload) -> str:
    return os.path.basename(getattr(upload, "name", "") or "") or _("图片")


def _not_image(upload) -> str:
    return _("“%(name)s”不是有效的图片（可能已损坏或只是改了扩展名），请上传 JPG 或 PNG 图片。") % {
        "name": _name(upload)
    }


def decode_image(upload, *, not_image: str = "") -> Image.Image:
    """Every pixel of an allowed format, upright (EXIF rotation applied), or ImageRejected.

    The site's photo fields and Wagtail's images share this one check; a caller
    may word the refusal for its own field (`not_image`).
    """
    name = _name(upload)
    not_image = not_image or _not_image(upload)
    try:
        upload.seek(0)
        probe = Image.open(upload)
        image_format = probe.format
        width, height = probe.size
        probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRejected(not_image) from None
    if image_format not in ALLOWED_FORMATS:
        raise ImageRejected(not_image)
    if width * height > MAX_PIXELS:
        raise ImageRejected(_("“%(name)s”像素过大，请缩小后再上传。") % {"name": name})
    try:
        upload.seek(0)
        image = Image.open(upload)
        image.load()  # decodes every pixel: a truncated file fails here, not later
        return ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRejected(not_image) from None


def reencode_image(upload) -> SimpleUploadedFile:
    """A new file holding only the upload's pixels, or ImageRejected with the reason."""
    image = decode_image(upload)
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    buffer = io.BytesIO()
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or ""))[0]
    # Stored names say nothing about the original file; a few characters of it help editors.
    stem = (stem[:40] or "image") + "-" + uuid.uuid4().hex[:8]
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        name, content_type = f"{stem}.png", "image/png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
        name, content_type = f"{stem}.jpg", "image/jpeg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def clean_uploaded_image(upload):
    """For a form's clean_<field>(): the re-encoded file, or a ValidationError."""
    if not upload or not hasattr(upload, "read"):
        return upload
    try:
        return reencode_image(upload)
    except ImageRejected as error:
        raise forms.ValidationError(str(error), code="invalid_image") from None


def _refusing_broken_files(to_python):
    """Wagtail's image field opens the file to count its pixels and lets Pillow's
    OSError (a truncated PNG) escape as a 500; it becomes the field's error."""

    def wrapped(data):
        try:
            return to_python(data)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise forms.ValidationError(_not_image(data), code="invalid_image") from None

    return wrapped


class PortalImageForm(BaseImageForm):
    """Wagtail's image form (single and multiple upload, replace file), re-encoding the file."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.to_python = _refusing_broken_files(field.to_python)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if "file" not in self.changed_data:
            return upload
        return clean_uploaded_image(upload)

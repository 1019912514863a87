"""Uploaded images are stored re-encoded: no metadata, nothing that is not an image."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from portal.images import ImageRejected, reencode_image
from portal.services.library import internal_collection

Image = get_image_model()
GPS_TAG = 0x8825


def jpeg_with_gps() -> bytes:
    image = PILImage.new("RGB", (64, 48), "blue")
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_TAG] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def gif_polyglot() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("P", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue() + b"<script>alert(document.cookie)</script>"


def truncated_png() -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((256, 256), 50).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()[:900]


def test_reencoding_drops_the_gps_position_and_other_exif():
    stored = reencode_image(SimpleUploadedFile("phone.jpg", jpeg_with_gps()))
    assert PILImage.open(io.BytesIO(jpeg_with_gps())).getexif().get(GPS_TAG)
    kept = PILImage.open(io.BytesIO(stored.read()))
    assert kept.format == "JPEG"
    assert kept.size == (64, 48)
    assert not kept.getexif()


def test_reencoding_keeps_only_pixels_of_a_polyglot():
    stored = reencode_image(SimpleUploadedFile("x.gif", gif_polyglot())).read()
    assert b"<script>" not in stored
    assert PILImage.open(io.BytesIO(stored)).format in {"PNG", "JPEG"}


@pytest.mark.parametrize(
    "content", [truncated_png(), b"GIF89a<script>alert(1)</script>", b"%PDF-1.4 not an image"]
)
def test_what_is_not_a_whole_image_is_refused_in_chinese(content):
    with pytest.raises(ImageRejected, match="不是有效的图片"):
        reencode_image(SimpleUploadedFile("photo.png", content))


@pytest.mark.django_db
def test_admin_upload_stores_the_reencoded_image_in_the_secretarys_collection(
    client, secretary_a, branch_a
):
    client.force_login(secretary_a.user)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "手机照片",
            "file": SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg"),
            "collection": internal_collection(branch_a).pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get(title="手机照片")
    assert image.collection == internal_collection(branch_a)
    with image.file.open("rb") as stored:
        data = stored.read()
    assert not PILImage.open(io.BytesIO(data)).getexif()
    assert b"PhoneMaker" not in data


@pytest.mark.django_db
@pytest.mark.parametrize("content", [truncated_png(), b"GIF89a<script>alert(1)</script>"])
def test_admin_upload_of_a_broken_image_is_a_field_error_not_a_500(
    client, secretary_a, branch_a, content
):
    client.force_login(secretary_a.user)
    for url in ["/admin/images/add/", "/admin/images/multiple/add/"]:
        data = {
            "title": "坏图片",
            "collection": internal_collection(branch_a).pk,
        }
        field = "file" if url.endswith("/images/add/") else "files[]"
        data[field] = SimpleUploadedFile("bad.png", content, content_type="image/png")
        response = client.post(url, data)
        assert response.status_code < 500, url
        text = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            text = json.loads(text)["error_message"]
        assert "图片" in text or "图像" in text, text
    assert not Image.objects.filter(title__in=["坏图片", "bad.png", "bad"]).exists()

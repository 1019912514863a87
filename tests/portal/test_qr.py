"""The one QR helper: it scales to its box, keeps a quiet zone and encodes SITE_URL."""

import re

import pytest

from portal.qr import page_public_url, public_url, qr_svg
from tests.documents import svg_qr_codes


def test_qr_svg_scales_to_its_box_with_a_quiet_zone():
    svg = qr_svg("https://dangjian.example.cn/certificates/2026-XZJGGW-0001/")
    tag = re.match(r"<svg[^>]*>", svg).group(0)
    assert "viewBox=" in tag
    assert "width=" not in tag and "height=" not in tag
    # A white square under it all, the first dark module four modules in.
    assert '<path fill="#fff"' in svg and 'd="M4 4.5h' in svg


@pytest.mark.parametrize("box_mm", [14, 30, 60])
def test_qr_svg_decodes_at_small_and_large_print_sizes(box_mm):
    url = "https://dangjian.example.cn/pledges/plates/12/"
    assert svg_qr_codes(qr_svg(url), box_mm=box_mm) == [url]


def test_public_url_uses_site_url_not_the_request_host(settings):
    settings.SITE_URL = "https://dangjian.example.cn"
    assert public_url("/me/volunteer/") == "https://dangjian.example.cn/me/volunteer/"


def test_page_url_ignores_wagtails_localhost_site_record(settings, home):
    settings.SITE_URL = "https://dangjian.example.cn"
    # tests.factories makes the Site record with hostname "localhost", as most installs have.
    assert page_public_url(home, "plates/3/") == "https://dangjian.example.cn/plates/3/"

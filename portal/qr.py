"""The one QR code of the portal: plates, certificates, proofs, notices and check-in.

Every code encodes a public URL built from SITE_URL (never the request's host
nor Wagtail's Site record, which says http://localhost in most installs), and
is an SVG with a viewBox and no fixed size, so it scales to the box CSS gives
it, with the four-module quiet zone scanners need and a white background of
its own, so it reads on a cream certificate or a red plate alike.
"""

import segno
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks


def public_url(path: str) -> str:
    """SITE_URL + an absolute path: what a phone that scans a printed code can reach."""
    if not path.startswith("/"):
        path = "/" + path
    return settings.SITE_URL + path


def page_public_url(page, subpath: str = "") -> str:
    """A Wagtail page's public URL (and a sub-page of a RoutablePage), on SITE_URL."""
    _site_id, _root, page_path = page.get_url_parts()
    return public_url((page_path or "/").rstrip("/") + "/" + subpath.lstrip("/"))


def qr_svg(url: str, *, label: str = "") -> SafeString:
    """An inline <svg> of `url` (error correction M) that fills its container's width."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, dark="#000", light="#fff", svgclass="qr-svg"
    )
    aria = escape(label or url)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{aria}" preserveAspectRatio="xMidYMid meet" '
        'shape-rendering="crispEdges" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - segno's markup, the URL escaped above

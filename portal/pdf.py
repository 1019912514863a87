"""PDF rendering with WeasyPrint from Django templates, shared by every app.

One FontConfiguration for the whole process: it holds the fonts WeasyPrint
has already found and loaded, and it must be the same object for the
stylesheets (their @font-face rules) and for write_pdf, or fonts are looked
up again for every document.
"""

import threading
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from portal.fonts import ensure_printable

FONT_CONFIG = FontConfiguration()

# Pango and fontconfig are not safe to drive from several threads at once
# (the threaded dev server, tests with threads); Celery workers are processes
# and never wait here.
_render_lock = threading.Lock()


@lru_cache(maxsize=32)
def _stylesheet(path: str) -> CSS:
    return CSS(filename=path, font_config=FONT_CONFIG)


def stylesheet(static_path: str) -> CSS:
    """A parsed stylesheet from the static files, parsed once per process."""
    path = finders.find(static_path)
    if not path:
        raise FileNotFoundError(static_path)
    if settings.DEBUG:
        return CSS(filename=path, font_config=FONT_CONFIG)
    return _stylesheet(path)


def render_pdf(
    template_name: str,
    context: dict,
    *,
    base_url: str | None = None,
    stylesheets: Sequence[str] = (),
) -> bytes:
    """Renders a Django template to PDF bytes; fonts are embedded and subsetted.

    Raises `portal.fonts.UnprintableText` (a ValidationError naming the
    character) rather than print a character as an empty box.
    """
    html = render_to_string(template_name, context)
    ensure_printable(html)
    sheets = [stylesheet(path) for path in stylesheets]
    with _render_lock:
        document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR))
        return document.write_pdf(stylesheets=sheets, font_config=FONT_CONFIG)

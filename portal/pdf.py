"""PDF rendering with WeasyPrint from Django templates, shared by every app.

One FontConfiguration for the whole process: it holds the fonts WeasyPrint
has already found and loaded, and it must be the same object for the
stylesheets (their @font-face rules) and for write_pdf, or fonts are looked
up again for every document.
"""

import math
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


PT_MM = 25.4 / 72


def text_height_mm(text: str, *, font_pt: float, width_mm: float, line_height: float) -> float:
    """How tall `text` sets in a box `width_mm` wide, counting each character as one em.

    A CJK character is one em wide and Latin letters and digits narrower, so
    the estimate errs on the tall side; each paragraph starts with a
    two-character indent.
    """
    per_line = max(int(width_mm / (font_pt * PT_MM)), 1)
    paragraphs = [p for p in text.splitlines() if p.strip()] or [""]
    lines = sum(math.ceil((len(p.strip()) + 2) / per_line) for p in paragraphs)
    return lines * font_pt * PT_MM * line_height


def fit_font_size(
    text: str,
    *,
    width_mm: float,
    height_mm: float,
    largest: float,
    smallest: float,
    line_height: float,
) -> float | None:
    """The largest size (in half points) at which `text` fits its box, or None if none does.

    Callers refuse the document on None rather than let the text be clipped.
    """
    size = largest
    while size >= smallest:
        if text_height_mm(text, font_pt=size, width_mm=width_mm, line_height=line_height) <= (
            height_mm
        ):
            return size
        size -= 0.5
    return None

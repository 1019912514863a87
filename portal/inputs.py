"""Reading numbers that arrive in URLs and forms: an id or a year that is not one is None.

`"²".isdigit()` is true and `int("²")` raises; a twenty-digit id overflows
SQLite's integers. Every view that takes an id or a year from the request
reads it through these, then answers 404 (an id) or a Chinese 400 (a year).
"""

import logging

from django.db import DataError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_ID = 2**63 - 1  # the largest integer PostgreSQL's bigint and SQLite can hold
YEARS = range(2000, 2101)


def parse_id(value) -> int | None:
    """A positive database id, or None for anything else (empty, ², 1 OR 1=1, too large)."""
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_year(value) -> int | None:
    """A year the portal deals in (2000–2100), or None."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 4:
        return None
    year = int(value)
    return year if year in YEARS else None


def object_or_404(queryset_or_model, value, **lookups):
    """The object with the id `value` (as sent by the client), else 404."""
    pk = parse_id(value)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset_or_model, pk=pk, **lookups)


def guard_chooser_widgets() -> None:
    """Wagtail's chooser widgets render a refused id as empty instead of raising.

    A form posted with `member=abc` fails validation as it should, but when the
    form is shown again with its errors, Wagtail's BaseChooser.get_instance
    looks the posted text up as a primary key and catches only DoesNotExist:
    `abc`, `²` or `1 OR 1=1` raise ValueError and the page answers 500.
    Called once from PortalConfig.ready().
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.get_instance, "guarded", False):
        return
    original = BaseChooser.get_instance

    def get_instance(self, value):
        if value is None or isinstance(value, self.model_class):
            return original(self, value)
        if isinstance(value, str | int) and parse_id(value) is None:
            return None
        return original(self, value)

    get_instance.guarded = True
    BaseChooser.get_instance = get_instance


def _raised_while_reading_the_post(exception) -> bool:
    """True when a form widget failed to read the posted data (a malformed post, not a bug)."""
    traceback = exception.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_name == "value_from_datadict":
            return True
        traceback = traceback.tb_next
    return False


def _raised_by_pillow(exception) -> bool:
    """True when Pillow could not read an uploaded file (truncated, or not an image at all)."""
    traceback = exception.__traceback__
    while traceback is not None:
        if "/PIL/" in traceback.tb_frame.f_code.co_filename:
            return True
        traceback = traceback.tb_next
    return False


def _number_out_of_range(exception) -> bool:
    if isinstance(exception, OverflowError):  # SQLite: "Python int too large to convert"
        return True
    return isinstance(exception, DataError) and "out of range" in str(exception)


class BadInputMiddleware:
    """The last line for input no view expected: a client error, never a 500.

    - a number too large for the database in a URL or a form (SQLite raises
      OverflowError, PostgreSQL "out of range"): no such object, 404;
    - a form post that a widget cannot read (a StreamField post without its
      `-count`, rich text that is not JSON): 400, and nothing was saved, since
      widgets read the post while the form validates, before any save;
    - an upload Pillow cannot read (a truncated PNG) in a form that does not
      check it itself: 400, for the same reason.
    Views still check their own input (parse_id, forms); this catches the rest.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _number_out_of_range(exception):
            logger.info("number out of range in %s: %s", request.path, exception)
            from portal.views.errors import page_not_found

            return page_not_found(request, exception)
        if (
            request.method == "POST"
            and isinstance(exception, KeyError | ValueError | TypeError | IndexError)
            and _raised_while_reading_the_post(exception)
        ):
            logger.info("malformed post to %s: %r", request.path, exception)
            return bad_request(
                request,
                _("提交的内容格式不正确，未保存任何内容。请刷新页面后重新填写。"),
            )
        if (
            request.method == "POST"
            and request.FILES
            and isinstance(exception, OSError | ValueError | SyntaxError)
            and _raised_by_pillow(exception)
        ):
            logger.info("unreadable upload to %s: %r", request.path, exception)
            return bad_request(
                request, _("上传的图片文件已损坏或不是图片，未保存任何内容。请重新选择图片。")
            )
        return None


def bad_request(request, message: str):
    """A Chinese 400 page with `message`, kept out of shared caches."""
    response = render(request, "400.html", {"message": message}, status=400)
    response["Cache-Control"] = "private, no-store"
    return response

"""Friendly Chinese error pages; the 500 and 503 pages need no database."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from portal.caching import PRIVATE, public_or_private

logger = logging.getLogger(__name__)

# What a database that is down, restarting or out of connections raises.
UNAVAILABLE = (OperationalError, InterfaceError)


def page_not_found(request, exception=None):
    # Briefly shareable (ERROR_MAX_AGE): a page an editor is about to publish shows soon.
    return public_or_private(request, render(request, "404.html", status=404))


def database_unavailable() -> HttpResponse:
    """The 系统维护中 page: a static template, no request context, so no query runs."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = PRIVATE
    return response


def server_error(request):
    # Rendered without the request: context processors (navigation, the user)
    # would query the database, which may be the very thing that failed.
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        return database_unavailable()
    response = HttpResponseServerError(loader.render_to_string("500.html"))
    response["Cache-Control"] = PRIVATE
    return response


class DatabaseUnavailableMiddleware:
    """Answers the 503 page when a view fails because the database cannot be reached.

    Errors raised outside a view (loading the session of a signed-in user) reach
    `server_error` above, which gives the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE) and not _is_query_bug(exception):
            logger.error("database unavailable: %s", exception)
            return database_unavailable()
        return None


def _is_query_bug(error: DatabaseError) -> bool:
    # SQLite reports a bad query (no such table/column) as OperationalError too.
    text = str(error).lower()
    return "no such" in text or "syntax error" in text

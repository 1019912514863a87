"""Friendly Chinese error pages."""

from django.shortcuts import render

from portal.caching import cache_private, public_or_private


def page_not_found(request, exception=None):
    # Briefly shareable (ERROR_MAX_AGE): a page an editor is about to publish shows soon.
    return public_or_private(request, render(request, "404.html", status=404))


@cache_private
def server_error(request):
    return render(request, "500.html", status=500)

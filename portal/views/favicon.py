"""/favicon.ico: browsers ask for it on every first visit, whatever the page's <link rel=icon>."""

from django.shortcuts import redirect
from django.templatetags.static import static

from portal.caching import public_or_private

ICON_MAX_AGE = 24 * 3600


def favicon(request):
    response = redirect(static("img/favicon.ico"), permanent=False)
    return public_or_private(request, response, max_age=ICON_MAX_AGE)

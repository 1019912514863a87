"""Site search across the public pages, Chinese words found inside unspaced text."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

from portal.caching import cache_public_or_private

MAX_QUERY_LENGTH = 100
# Wagtail's tree root is depth 1 and each site's home page depth 2.
SITE_ROOT_DEPTH = 2


@cache_public_or_private
def search(request):
    # Chinese words inside unspaced text are matched by the search backend
    # (portal.search), so the view passes the typed words on as they are.
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page = None
    if query:
        # The front page is where the visitor came from, never an answer.
        pages = Page.objects.live().public().exclude(depth__lte=SITE_ROOT_DEPTH)
        results = pages.specific().search(query)
        results_page = Paginator(results, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "results_page": results_page,
        },
    )

"""Public pages behind the front page's notices block (its certificate box asks honors' lookup)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from portal.caching import cache_public_or_private
from portal.models import Notice


@cache_public_or_private
def notice_list(request):
    notices = Notice.objects.live().select_related("organisation")
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(request, "portal/notice_list.html", {"notices_page": page})


@cache_public_or_private
def notice_detail(request, pk: int):
    notice = get_object_or_404(Notice.objects.live().select_related("organisation"), pk=pk)
    return render(request, "portal/notice_detail.html", {"notice": notice})

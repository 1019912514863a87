"""Public pages behind the front page's blocks: notices and the certificate-number lookup."""

import re

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from portal.caching import cache_public_or_private
from portal.models import Notice

NUMBER = re.compile(r"^[A-Za-z0-9_-]{4,40}$")
# honors owns certificates; portal knows only the name of its verification URL.
VERIFY_URL_NAME = "honors:verify"


@cache_public_or_private
def notice_list(request):
    notices = Notice.objects.live().select_related("organisation")
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(request, "portal/notice_list.html", {"notices_page": page})


@cache_public_or_private
def notice_detail(request, pk: int):
    notice = get_object_or_404(Notice.objects.live().select_related("organisation"), pk=pk)
    return render(request, "portal/notice_detail.html", {"notice": notice})


@cache_public_or_private
def certificate_lookup(request):
    """A typed number goes to that certificate's verification page, which says if it is real."""
    number = " ".join(request.GET.get("number", "").split()).replace(" ", "").upper()
    if "number" not in request.GET:
        return render(request, "portal/certificate_lookup.html", {})
    error = ""
    if not number:
        error = _("请输入证书编号。")
    elif not NUMBER.match(number):
        error = _("证书编号由字母、数字和短横线组成，例如 2025-XZJGGW-0001，请核对后重新输入。")
    else:
        try:
            return redirect(reverse(VERIFY_URL_NAME, args=[number]))
        except NoReverseMatch:
            error = _("证书查询暂不可用。")
    return render(
        request,
        "portal/certificate_lookup.html",
        {"number": request.GET.get("number", "")[:40], "error": error},
        status=400,
    )

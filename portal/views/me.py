"""我的: a signed-in member's own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.permissions import member_of
from portal.services.study import year_progress


@login_required
def me(request):
    member = member_of(request.user)
    context = {"member": member}
    if member is not None:
        context["progress"] = year_progress(member=member)
    response = render(request, "portal/me.html", context)
    response["Cache-Control"] = "private, no-store"
    return response

"""我的: a signed-in member's own page, the start of everything personal on the site."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.caching import cache_private
from portal.member_links import member_links
from portal.models import Member
from portal.permissions import is_staff_role
from portal.services.study import year_progress
from portal.workbench import member_todos


@cache_private
@login_required
def me(request):
    user = request.user
    member = Member.objects.select_related("organisation").filter(user=user).first()
    context = {
        "member": member,
        "member_links": member_links(),
        # Two-step sign-in guards the people who can change others' data.
        "offer_two_step": is_staff_role(user),
        "offer_admin": user.has_perm("wagtailadmin.access_admin"),
    }
    if member is not None:
        context["progress"] = year_progress(member=member)
        context["todos"] = member_todos(member)
    return render(request, "portal/me.html", context)

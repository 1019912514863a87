"""The one "member required" check for members' own pages on the public site."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.caching import cache_private
from portal.permissions import member_of


def member_required(view):
    """Signed in (else to the sign-in page) and linked to a member (else a 403 page that says
    so); the member is `request.member`. Every such page is personal and never cached."""

    @wraps(view)
    @cache_private
    @login_required
    def wrapper(request, *args, **kwargs):
        member = member_of(request.user)
        if member is None:
            return render(request, "portal/me.html", {"member": None}, status=403)
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper

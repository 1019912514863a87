"""我的: a signed-in member's own page, the start of everything personal on the site."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.caching import cache_private
from portal.decorators import member_required
from portal.member_links import member_links
from portal.models import Member, ReminderPreference
from portal.permissions import is_staff_role
from portal.services.digests import reminder_channel, set_reminder_channel
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
        context["reminder_channel"] = reminder_channel(member)
        context["reminder_choices"] = ReminderPreference.Channel.choices
    return render(request, "portal/me.html", context)


@require_POST
@member_required
def reminders(request):
    """每日提醒: email or none, the person's own choice."""
    member = request.member
    channel = request.POST.get("channel", "")
    if channel not in ReminderPreference.Channel.values:
        messages.error(request, _("请选择提醒方式。"))
        return redirect("portal:me")
    set_reminder_channel(member=member, channel=channel)
    messages.success(
        request, _("已保存：%(c)s。") % {"c": ReminderPreference.Channel(channel).label}
    )
    return redirect("portal:me")

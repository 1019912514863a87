"""The volunteer work on the workbench: records and corrections to review, overdue activities,
and a member's returned records and tomorrow's activities. Registered from `apps.py`."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.workbench import Todo
from volunteers import selectors
from volunteers.models import Activity, ServiceRecord, SignUp, VolunteerIndexPage
from volunteers.templatetags.volunteer_tags import subpage_url


def _review_todos(member) -> list[Todo]:
    """The same querysets the 审核与管理 page lists, so each count is that list's length."""
    lead = reverse("volunteers:lead")
    overdue = selectors.overdue_activities_of(selectors.managed_teams(member))
    return [
        Todo(
            key="volunteers.overdue",
            label=_("逾期未完成记录的活动"),
            count=len(overdue),
            url=f"{lead}#overdue",
            hint=_("活动结束10个工作日内应完成记录"),
            level="urgent",
        ),
        Todo(
            key="volunteers.records",
            label=_("待审核的服务记录"),
            count=selectors.review_queue_count(member),
            url=f"{lead}#queue",
        ),
        Todo(
            key="volunteers.corrections",
            label=_("待处理的更正申请"),
            count=selectors.corrections_queue_count(member),
            url=f"{lead}#corrections",
        ),
    ]


def staff_todos(user, member) -> list[Todo]:
    if member is None:
        return []
    return _review_todos(member)


def member_todos(member) -> list[Todo]:
    todos = _review_todos(member)
    returned = (
        ServiceRecord.objects.filter(member=member, status=ServiceRecord.Status.RETURNED)
        .only("pk", "title", "return_reason")
        .order_by("-reviewed_at")[:5]
    )
    for record in returned:
        todos.append(
            Todo(
                key=f"volunteers.returned.{record.pk}",
                label=_("服务记录被退回：%(title)s") % {"title": record.title},
                count=1,
                url=reverse("volunteers:edit_record", args=[record.pk]),
                hint=record.return_reason,
            )
        )
    new_record = reverse("volunteers:new_record")
    for activity in selectors.attended_without_record(member):
        todos.append(
            Todo(
                key=f"volunteers.log.{activity.pk}",
                label=_("填报服务时长：%(title)s") % {"title": activity.title},
                count=1,
                url=f"{new_record}?activity={activity.pk}",
                hint=_("时间已按活动安排填好，核对后提交"),
            )
        )
    tomorrow = timezone.localdate() + timedelta(days=1)
    sign_ups = list(
        SignUp.objects.filter(
            member=member,
            status=SignUp.Status.SIGNED_UP,
            activity__starts_at__date=tomorrow,
        )
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity")
    )
    section = VolunteerIndexPage.objects.live().first() if sign_ups else None
    for entry in sign_ups:
        activity = entry.activity
        url = subpage_url(section, "activity", activity.pk) or reverse("volunteers:my_hours")
        todos.append(
            Todo(
                key=f"volunteers.tomorrow.{activity.pk}",
                label=_("明天 %(time)s %(title)s")
                % {
                    "time": timezone.localtime(activity.starts_at).strftime("%H:%M"),
                    "title": activity.title,
                },
                count=1,
                url=url,
                hint=activity.place,
            )
        )
    return todos

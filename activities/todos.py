"""Inspection work on the workbench: applications to inspect and rectification deadlines,
per campaign, counted as the campaign's dashboard counts them; and the branches that still
have to hold this month's 三会一课. Registered from `apps.py`."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Assessment
from activities.selectors import SOON_DAYS, compliance_branches, count_meetings_due
from portal.workbench import Todo

Status = Assessment.Status


def count_branches_with_meetings_due(user, today) -> int:
    """The length of 组织生活落实情况's 本月待开展 list, for the branches in the user's scope."""
    paths = list(compliance_branches(user).values_list("path", flat=True))
    return count_meetings_due(paths=paths, today=today)


def meeting_todos(user) -> list[Todo]:
    from portal.permissions import is_staff_role

    if not is_staff_role(user):
        return []
    today = timezone.localdate()
    return [
        Todo(
            key="activities.meetings_due",
            label=_("本月应开展的组织生活"),
            count=count_branches_with_meetings_due(user, today),
            url=reverse("activities_compliance") + "#due",
            hint=_("三会一课：%(m)s月尚未开展的党支部") % {"m": today.month},
        )
    ]


def staff_todos(user, member) -> list[Todo]:
    return meeting_todos(user) + inspection_todos(user)


def inspection_todos(user) -> list[Todo]:
    inspector = user.has_perm("activities.inspect_assessment")
    manager = user.has_perm("activities.change_assessment")
    if not (inspector or manager):
        return []
    soon = timezone.localdate() + datetime.timedelta(days=SOON_DAYS)
    rows = (
        Assessment.objects.for_user(user)
        .values("campaign_id", "campaign__name")
        .annotate(
            to_inspect=Count("pk", filter=Q(status__in=[Status.SUBMITTED, Status.RESUBMITTED])),
            rectifying=Count("pk", filter=Q(status=Status.RECTIFYING, rectify_deadline__lte=soon)),
        )
        .filter(Q(to_inspect__gt=0) | Q(rectifying__gt=0))
        .order_by("campaign_id")
    )
    todos = []
    for row in rows:
        url = reverse("activities_dashboard", args=[row["campaign_id"]])
        if inspector:
            todos.append(
                Todo(
                    key=f"activities.inspect.{row['campaign_id']}",
                    label=_("待验收的申报：%(c)s") % {"c": row["campaign__name"]},
                    count=row["to_inspect"],
                    url=url,
                )
            )
        if manager:
            todos.append(
                Todo(
                    key=f"activities.rectify.{row['campaign_id']}",
                    label=_("整改期限将到：%(c)s") % {"c": row["campaign__name"]},
                    count=row["rectifying"],
                    url=url,
                    hint=_("%(n)s 天内到期或已逾期") % {"n": SOON_DAYS},
                    level="urgent",
                )
            )
    return todos

"""Reminding leaders of records that have waited too long, and of overdue activities."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from volunteers.models import Activity, ServiceRecord, Team, VolunteerSettings

from .activities import mark_no_shows


def close_ended_activities() -> int:
    """Records no-shows for activities that ended in the last 30 days."""
    since = timezone.now() - timedelta(days=30)
    total = 0
    for activity in Activity.objects.ended().filter(ends_at__gte=since).only("pk", "ends_at"):
        total += mark_no_shows(activity=activity)
    return total


def remind_leaders_of_waiting_records() -> int:
    """Emails each team's leaders about records 待审核 for more than three days.

    Returns the number of emails queued; `portal.send_email` runs in-process
    when no broker is configured.
    """
    from portal.tasks import send_email

    settings = VolunteerSettings.load()
    cutoff = timezone.now() - timedelta(days=settings.reminder_after_days)
    teams = (
        Team.objects.annotate(
            waiting=Count(
                "records",
                filter=Q(
                    records__status=ServiceRecord.Status.PENDING, records__created_at__lt=cutoff
                ),
            ),
            oldest=Min(
                "records__created_at",
                filter=Q(records__status=ServiceRecord.Status.PENDING),
            ),
        )
        .filter(waiting__gt=0)
        .prefetch_related("leaders__user")
    )
    sent = 0
    site = django_settings.SITE_URL
    for team in teams:
        recipients = [
            leader.user.email for leader in team.leaders.all() if leader.user and leader.user.email
        ]
        if not recipients:
            continue
        subject = _("【志愿服务】%(team)s有 %(n)s 条服务记录待审核") % {
            "team": team.name,
            "n": team.waiting,
        }
        body = _(
            "%(team)s有 %(n)s 条服务记录待审核超过 %(days)s 天，"
            "最早一条提交于 %(oldest)s。\n请及时审核：%(url)s\n"
        ) % {
            "team": team.name,
            "n": team.waiting,
            "days": settings.reminder_after_days,
            "oldest": timezone.localtime(team.oldest).strftime("%Y-%m-%d"),
            "url": f"{site}/me/volunteer/lead/teams/{team.pk}/",
        }
        send_email.delay(subject, body, recipients)
        sent += 1
    return sent

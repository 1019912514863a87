"""The daily digest: what waits on each person, by email, at most once a day, kept as sent."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Member, ReminderDigest, ReminderPreference
from portal.workbench import member_todos, staff_todos


def reminder_channel(member: Member) -> str:
    preference = getattr(member, "reminder_preference", None)
    return preference.channel if preference else ReminderPreference.Channel.EMAIL


def set_reminder_channel(*, member: Member, channel: str) -> ReminderPreference:
    if channel not in ReminderPreference.Channel.values:
        raise ValueError(channel)
    preference, _created = ReminderPreference.objects.update_or_create(
        member=member, defaults={"channel": channel}
    )
    return preference


def _todos(member: Member) -> list:
    """Staff work and own work together, each item once."""
    seen, todos = set(), []
    for todo in staff_todos(member.user) + member_todos(member):
        if todo.key not in seen:
            seen.add(todo.key)
            todos.append(todo)
    return todos


def _body(member: Member, todos: list) -> str:
    site = settings.SITE_URL
    lines = [_("%(name)s，您好：以下事项等您处理。") % {"name": member.name}, ""]
    for todo in todos:
        url = todo.url if todo.url.startswith("http") else site + todo.url
        lines.append(f"· {todo.label}：{todo.shown_count}  {url}")
    lines += ["", _("不想再收到提醒，可在“我的”页面选择“不提醒”：%(url)s/me/") % {"url": site}]
    return "\n".join(lines)


def send_daily_digests(*, today=None) -> int:
    """One email to each person with work waiting who chose email; a second run the same day
    sends nothing (the unique day row is the guard, also against two workers at once)."""
    from portal.tasks import send_email

    today = today or timezone.localdate()
    people = (
        Member.objects.filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(reminder_preference__channel=ReminderPreference.Channel.NONE)
        .exclude(pk__in=ReminderDigest.objects.filter(sent_on=today).values("member_id"))
        .select_related("user", "organisation")
    )
    sent = 0
    for member in people:
        todos = _todos(member)
        if not todos:
            continue
        body = _body(member, todos)
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(
                    member=member,
                    sent_on=today,
                    email=member.user.email,
                    item_count=sum(todo.count for todo in todos),
                    body=body,
                )
                subject = _("【党建门户】您有 %(n)s 项待办") % {"n": len(todos)}
                transaction.on_commit(
                    lambda s=subject, b=body, e=member.user.email: send_email.delay(s, b, [e])
                )
        except IntegrityError:  # another worker sent today's already
            continue
        sent += 1
    return sent

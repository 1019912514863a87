"""What the services share: the error type, who may manage what, and working days."""

from datetime import date

from django.utils import timezone

from portal.models import Member, Organisation
from portal.workdays import WorkingCalendar
from volunteers.models import Activity, ServiceRecord, Team, VolunteerSettings


class VolunteerError(Exception):
    """An operation that cannot be done; the message is shown to the person as it is."""


def is_secretary_over(member: Member, organisation: Organisation) -> bool:
    """A secretary or committee admin whose organisation contains `organisation`."""
    return member.role in {
        Member.Role.SECRETARY,
        Member.Role.COMMITTEE,
    } and member.organisation.contains(organisation)


def is_leader_of(member: Member, team: Team) -> bool:
    return team.leaders.filter(pk=member.pk).exists()


def can_manage_team(member: Member, team: Team) -> bool:
    """Leaders run their team; the secretary of the organisation that set it up may too."""
    return is_leader_of(member, team) or is_secretary_over(member, team.organisation)


def can_review(member: Member, record: ServiceRecord) -> bool:
    """The team's leaders, or a secretary of the volunteer's own branch (or above)."""
    return is_leader_of(member, record.team) or is_secretary_over(
        member, record.member.organisation
    )


def add_working_days(start: date, days: int, calendar: WorkingCalendar | None = None) -> date:
    """`days` working days after `start`, by China's official holiday and 调休 calendar."""
    return (calendar or WorkingCalendar.load()).add_working_days(start, days)


def record_due_on(
    activity: Activity,
    settings: VolunteerSettings | None = None,
    calendar: WorkingCalendar | None = None,
) -> date:
    """Records are due within 10 working days after the activity ends."""
    settings = settings or VolunteerSettings.load()
    return add_working_days(
        timezone.localdate(activity.ends_at), settings.record_due_working_days, calendar
    )

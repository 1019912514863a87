"""What the services share: the error type, who may manage what, and working days."""

from datetime import date, timedelta

from django.utils import timezone

from portal.models import Member, Organisation
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


def add_working_days(start: date, days: int) -> date:
    """`days` working days after `start`, counting Monday to Friday.

    Public holidays and the weekend make-up days (调休) are not modelled: a
    deadline over 国庆 comes a few days early, which errs on the side of asking.
    """
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def record_due_on(activity: Activity, settings: VolunteerSettings | None = None) -> date:
    """Records are due within 10 working days after the activity ends."""
    settings = settings or VolunteerSettings.load()
    return add_working_days(timezone.localdate(activity.ends_at), settings.record_due_working_days)

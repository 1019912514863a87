"""What the services share: the error type and working days (who may do what is in
`volunteers.permissions`)."""

from datetime import date

from django.utils import timezone

from portal.workdays import WorkingCalendar
from volunteers.models import Activity, VolunteerSettings
from volunteers.permissions import (  # noqa: F401  (the services' callers import them here)
    can_manage_team,
    can_review,
    is_leader_of,
    is_secretary_over,
)


class VolunteerError(Exception):
    """An operation that cannot be done; the message is shown to the person as it is."""


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

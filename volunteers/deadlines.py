"""When a service record is due: working days by China's official holiday and 调休 calendar.

Reads as much as writes use it (the overdue lists, the lead page, late flags on
new records), so it sits beside the layers rather than in the services.
"""

from datetime import date

from django.utils import timezone

from portal.workdays import WorkingCalendar
from volunteers.models import Activity, VolunteerSettings


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

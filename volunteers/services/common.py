"""What the services share: the error type and working days (who may do what is in
`volunteers.permissions`)."""

from datetime import date, timedelta

from django.utils import timezone

from volunteers.models import Activity, VolunteerSettings
from volunteers.permissions import (  # noqa: F401  (the services' callers import them here)
    can_manage_team,
    can_review,
    is_leader_of,
    is_secretary_over,
)


class VolunteerError(Exception):
    """An operation that cannot be done; the message is shown to the person as it is."""


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

"""What the services share: the error type (working days are in `volunteers.deadlines`, who
may do what in `volunteers.permissions`)."""

from portal.refusals import Refusal
from volunteers.deadlines import add_working_days, record_due_on  # noqa: F401  (callers)
from volunteers.permissions import (  # noqa: F401  (the services' callers import them here)
    can_manage_team,
    can_review,
    is_leader_of,
    is_secretary_over,
)


class VolunteerError(Refusal):
    """An operation that cannot be done; the message is shown to the person as it is,
    beside the input named by `field` (the service's argument) when there is one."""

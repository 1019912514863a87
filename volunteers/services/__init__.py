"""The volunteer operations: every rule of joining, sign-up, check-in and records lives here.

Views, admin, tasks and the demo call these functions; each raises
`VolunteerError` with a Chinese message a member can act on.
"""

from .activities import (
    CheckOutResult,
    CheckOutTooSoon,
    cancel_sign_up,
    check_in,
    check_out,
    confirm_walk_in,
    mark_attendance,
    mark_no_shows,
    publish_activity,
    record_donations,
    served_hours,
    sign_up,
    times_from_activity,
    undo_check_out,
)
from .bulk import accept_corrections, approve_records
from .common import VolunteerError, add_working_days, can_manage_team, can_review, record_due_on
from .records import (
    approve_record,
    back_enter_hours,
    decide_correction,
    edit_record,
    record_hours,
    request_correction,
    return_record,
)
from .reminders import remind_leaders_of_waiting_records
from .teams import ensure_profile, join_team, leave_team, set_id_number, set_public_name_consent

__all__ = [
    "CheckOutResult",
    "CheckOutTooSoon",
    "VolunteerError",
    "accept_corrections",
    "add_working_days",
    "approve_record",
    "approve_records",
    "back_enter_hours",
    "can_manage_team",
    "can_review",
    "cancel_sign_up",
    "check_in",
    "check_out",
    "confirm_walk_in",
    "decide_correction",
    "edit_record",
    "ensure_profile",
    "set_id_number",
    "join_team",
    "leave_team",
    "mark_attendance",
    "mark_no_shows",
    "publish_activity",
    "record_donations",
    "record_due_on",
    "record_hours",
    "remind_leaders_of_waiting_records",
    "request_correction",
    "return_record",
    "served_hours",
    "set_public_name_consent",
    "sign_up",
    "times_from_activity",
    "undo_check_out",
]

"""Celery tasks of activities: thin wrappers over services."""

from celery import shared_task

from activities.services.assessment import enforce_deadlines
from activities.services.reminders import send_due_reminders


@shared_task(name="activities.enforce_deadlines")
def enforce_rectification_deadlines() -> dict:
    """Daily: 摘牌 where a rectification deadline passed without a pass."""
    report = enforce_deadlines()
    return {"revoked": report.revoked, "overdue": report.overdue}


@shared_task(name="activities.send_due_reminders")
def remind_due_dates() -> int:
    """Daily: remind branches of deadlines and inspections 7 days and 1 day ahead."""
    return send_due_reminders()

"""Celery tasks of the volunteers app: thin wrappers over services."""

from celery import shared_task

from volunteers.services.reminders import (
    close_ended_activities,
    remind_leaders_of_waiting_records,
)
from volunteers.services.totals import refresh_hours_totals


@shared_task(name="volunteers.remind_leaders")
def remind_leaders() -> int:
    return remind_leaders_of_waiting_records()


@shared_task(name="volunteers.close_ended_activities")
def close_activities() -> int:
    return close_ended_activities()


@shared_task(name="volunteers.refresh_hours_totals")
def refresh_totals() -> int:
    return refresh_hours_totals()

"""Celery tasks of pledges: thin wrappers over services."""

from celery import shared_task
from django.utils import timezone

from pledges import services


@shared_task(name="pledges.publish_monthly_ranking")
def publish_monthly_ranking() -> str:
    """On the first of each month: rank the windows on last month and publish the notice."""
    ranking = services.publish_monthly_ranking(month=services.previous_month(timezone.localdate()))
    return ranking.slug

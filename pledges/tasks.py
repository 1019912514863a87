"""Celery tasks of pledges: thin wrappers over services."""

from celery import shared_task
from django.utils import timezone

from pledges import services


@shared_task(name="pledges.publish_monthly_ranking")
def publish_monthly_ranking() -> str:
    """On the first of each month: rank the windows on last month and publish the notice."""
    ranking = services.publish_monthly_ranking(month=services.previous_month(timezone.localdate()))
    return ranking.slug


@shared_task(name="pledges.compute_half_year_stars")
def compute_half_year_stars() -> int:
    """On 1 January and 1 July: 一诺双评创十星 for the half year just ended."""
    year, half = services.last_half(timezone.localdate())
    return len(services.compute_stars(year=year, half=half))

"""Celery tasks of the portal app: thin wrappers over services."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command


@shared_task(name="portal.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    """Sends a plain-text email outside the request, retrying while the mail server is down."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task(name="portal.send_daily_digests")
def send_daily_digests() -> int:
    """每日提醒: one email a day to each person with work waiting, unless they chose none."""
    from portal.services.digests import send_daily_digests as send

    return send()


@shared_task(name="portal.publish_scheduled")
def publish_scheduled() -> None:
    """Every minute: Wagtail's 定时发布 (pages and snippets whose time has come) and expiry."""
    call_command("publish_scheduled", verbosity=0)

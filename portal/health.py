"""Health endpoints for the load balancer and monitoring (django-health-check).

- ``/health/ready/``: can this web process serve pages? Only the database: a
  node is taken out of the load balancer when it cannot read, never because
  Redis or a worker is down (pages still serve then, see README).
- ``/health/``: every component: database, cache (Redis), broker, and at least
  one Celery worker answering a ping (the workers' heartbeat). Monitoring
  alerts on it; it answers 500 while any component is down. Without a broker
  (the embedded default) the broker and worker checks are left out.

Both answer JSON with ``?format=json`` or ``Accept: application/json``.
"""

import dataclasses
import datetime

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class RedisCache(HealthCheck):
    """Pings the cache's Redis directly: the cache backend itself hides an outage."""

    timeout = datetime.timedelta(seconds=2)

    def run(self):
        from redis import Redis
        from redis.exceptions import RedisError

        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        except (RedisError, OSError) as error:
            raise ServiceUnavailable("Redis cache unreachable") from error
        finally:
            client.close()


@dataclasses.dataclass
class Broker(HealthCheck):
    """Opens a connection to the Celery broker, as sending a task would."""

    timeout = datetime.timedelta(seconds=4)

    def run(self):
        from portal.celery import app

        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=2)
        except Exception as error:  # kombu wraps every transport's errors differently
            raise ServiceUnavailable("Celery broker unreachable") from error


@dataclasses.dataclass
class Workers(HealthCheck):
    """At least one Celery worker answers a ping within two seconds."""

    timeout = datetime.timedelta(seconds=4)

    def run(self):
        from portal.celery import app

        try:
            replies = app.control.ping(timeout=2.0) or []
        except Exception as error:
            raise ServiceUnavailable("Celery broker unreachable") from error
        if not replies:
            raise ServiceUnavailable("No Celery worker answered")


def _all_checks() -> list:
    checks: list = ["health_check.checks.Database"]
    checks.append(RedisCache if settings.REDIS_URL else "health_check.checks.Cache")
    if settings.CELERY_BROKER_URL:
        checks += [Broker, Workers]
    return checks


class ReadyView(HealthCheckView):
    checks = ("health_check.checks.Database",)


class FullView(HealthCheckView):
    def get_checks(self):
        self.checks = _all_checks()
        return super().get_checks()

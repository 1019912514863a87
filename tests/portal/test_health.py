"""The health endpoints the load balancer and monitoring poll."""

import pytest

from tests.portal.test_faults import DEAD_REDIS, database_down

pytestmark = pytest.mark.django_db


def test_ready_and_full_report_ok_when_everything_is_up(client, settings):
    # The embedded default: no broker, so no worker is expected (CI's second run sets one).
    settings.CELERY_BROKER_URL = ""
    assert client.get("/health/ready/?format=json").status_code == 200
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    report = response.json()
    assert any("Database" in name for name in report)
    assert any("Cache" in name for name in report)
    assert set(report.values()) == {"OK"}
    assert "no-cache" in response["Cache-Control"]


def test_database_down_takes_the_node_out_of_the_load_balancer(client):
    client.get("/health/ready/?format=json")  # warm up
    with database_down():
        response = client.get("/health/ready/?format=json")
    assert response.status_code == 500
    assert "OK" not in response.json().values()


def test_redis_down_is_reported_but_the_node_stays_ready(client, settings):
    settings.REDIS_URL = DEAD_REDIS
    full = client.get("/health/?format=json")
    assert full.status_code == 500
    assert any("Redis cache unreachable" in v for v in full.json().values())
    assert client.get("/health/ready/?format=json").status_code == 200


def test_broker_and_workers_are_checked_when_a_broker_is_configured(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    from portal.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app._pool = None
    try:
        response = client.get("/health/?format=json")
    finally:
        app.conf.broker_url = saved
        app._pool = None
    report = response.json()
    assert response.status_code == 500
    celery = {
        name: value for name, value in report.items() if "Broker" in name or "Workers" in name
    }
    assert any("Workers" in name for name in celery)
    assert any(value != "OK" for value in celery.values()), report


def test_the_probe_is_not_redirected_to_https(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/"]
    assert client.get("/health/ready/").status_code == 200

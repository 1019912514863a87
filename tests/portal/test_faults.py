"""A bad day: Redis or the database unreachable, and the periodic jobs that must still run."""

import contextlib
import datetime
import time
from io import StringIO
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connections
from django.test import Client
from django.utils import timezone

from portal import faults, scheduler
from portal.models import StudyArticlePage
from tests.factories import make_article

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.fixture(autouse=True)
def _fresh_fault_state():
    faults._down.clear()
    yield
    faults._down.clear()


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    return settings


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses to run without it
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False


class TestRedisDown:
    def test_every_section_serves_and_members_sign_in(self, demo, dead_redis, caplog):
        client = Client()
        for url in ("/", "/study/", "/pledges/", "/honors/", "/volunteers/", "/search/?q=党"):
            response = client.get(url)
            assert response.status_code == 200, url
        response = client.post("/accounts/login/", {"login": "member", "password": "dangjian2026"})
        assert response.status_code == 302
        assert client.get("/me/").status_code == 200
        assert client.get("/me/volunteer/").status_code == 200
        staff = Client()
        staff.post("/accounts/login/", {"login": "secretary", "password": "dangjian2026"})
        assert staff.get("/admin/").status_code == 200
        # Logged once for the outage, not once per request.
        outages = [r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]
        assert len(outages) == 1

    def test_a_down_cache_costs_a_request_almost_nothing(self, study, dead_redis):
        client = Client()
        client.get("/")  # the first request finds Redis down
        started = time.monotonic()
        for _ in range(5):
            assert client.get("/study/").status_code == 200
        assert (time.monotonic() - started) / 5 < 1.0

    def test_wrong_passwords_are_still_refused(self, member_a, dead_redis):
        member_a.user.set_password("right-password-1")
        member_a.user.save()
        client = Client()
        response = client.post(
            "/accounts/login/", {"login": member_a.user.username, "password": "wrong"}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        response = client.post(
            "/accounts/login/", {"login": member_a.user.username, "password": "right-password-1"}
        )
        assert response.status_code == 302
        assert "_auth_user_id" in client.session


@contextlib.contextmanager
def database_down():
    """Every query fails as it does when PostgreSQL is stopped or unreachable."""
    wrapper = connections["default"]
    error = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    with (
        mock.patch.object(type(wrapper), "ensure_connection", side_effect=error),
        mock.patch.object(type(wrapper), "_cursor", side_effect=error),
    ):
        yield


class TestDatabaseDown:
    @pytest.mark.parametrize("url", ["/", "/study/", "/honors/", "/pledges/"])
    def test_visitors_get_the_chinese_503_page_fast(self, db, url):
        client = Client(raise_request_exception=False)
        client.get(url)  # warm up: URLconf and templates loaded, as in a running server
        with database_down():
            started = time.monotonic()
            response = client.get(url)
            elapsed = time.monotonic() - started
        assert response.status_code == 503
        text = response.content.decode()
        assert "系统维护中" in text
        assert "Internal Server Error" not in text
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        assert elapsed < 2

    def test_signed_in_members_and_staff_get_it_too(self, db, member_a, secretary_a, home):
        client = Client(raise_request_exception=False)
        client.force_login(member_a.user)
        staff = Client(raise_request_exception=False)
        staff.force_login(secretary_a.user)
        with database_down():
            response = staff.get("/admin/")
            assert response.status_code == 503
            assert "系统维护中" in response.content.decode()
            for url in ("/", "/me/", "/me/volunteer/"):
                response = client.get(url)
                assert response.status_code == 503, url
                assert "系统维护中" in response.content.decode()

    def test_the_500_page_itself_needs_no_database(self, db, rf):
        from portal.views.errors import server_error

        with database_down():
            response = server_error(rf.get("/"))
        assert response.status_code == 500
        assert "系统繁忙" in response.content.decode()


class TestScheduledJobs:
    def test_a_scheduled_article_goes_live_after_its_time(self, study, client):
        article = make_article(title="定时发布的学习文章", slug="scheduled")
        article.unpublish()
        go_live = timezone.now() + datetime.timedelta(minutes=10)
        article.go_live_at = go_live
        article.save_revision().publish()  # with a future go-live time: 已计划
        article.refresh_from_db()
        assert not article.live
        assert "定时发布的学习文章" not in client.get("/study/").content.decode()

        last_run: dict = {}
        scheduler.run_due_jobs(last_run=last_run)  # the web process starts its clock
        with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
            ran = scheduler.run_due_jobs(last_run=last_run)
        assert "wagtail-publish-scheduled" in ran
        article.refresh_from_db()
        assert article.live
        assert "定时发布的学习文章" in client.get("/study/").content.decode()

    def test_daily_jobs_wait_for_their_hour(self, db):
        last_run: dict = {}
        start = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=datetime.UTC)  # 17:00 in Shanghai
        with time_machine.travel(start, tick=False):
            scheduler.run_due_jobs(last_run=last_run)
        with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
            ran = scheduler.run_due_jobs(last_run=last_run)
        assert "wagtail-publish-scheduled" in ran
        assert "honors-sweep" in ran
        assert "volunteers-close-activities" not in ran  # 00:20 Shanghai time
        with time_machine.travel(start + datetime.timedelta(hours=8), tick=False):
            ran = scheduler.run_due_jobs(last_run=last_run)
        assert "volunteers-close-activities" in ran
        assert "activities-enforce-deadlines" in ran

    def test_every_periodic_job_is_in_the_beat_schedule(self, settings):
        tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        assert {"portal.publish_scheduled", "honors.sweep"} <= tasks


def test_scheduled_article_is_not_listed_before_its_time(study):
    article = make_article(title="尚未发布", slug="later")
    article.unpublish()
    article.go_live_at = timezone.now() + datetime.timedelta(days=1)
    article.save_revision().publish()
    scheduler.run_due_jobs(last_run={})
    assert not StudyArticlePage.objects.get(pk=article.pk).live

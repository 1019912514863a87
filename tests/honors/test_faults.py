"""Certificates on a bad day: the broker down, a worker dead mid-batch, a task delivered twice."""

import datetime
import re
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from honors import services
from honors.models import Certificate, CertificateBatch
from honors.services import batches
from portal import faults
from portal.celery import app
from tests.factories import CommitteeAdminFactory, MemberFactory, OrganisationFactory
from tests.honors.factories import EntryFactory, HonorCategoryFactory
from tests.honors.test_views import assert_refused

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture(autouse=True)
def _fresh_fault_state():
    faults._down.clear()
    yield
    faults._down.clear()


@contextmanager
def broker_down(settings):
    """Celery configured for a broker that refuses connections, as in production with Redis down."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = DEAD_BROKER
    app.conf.task_always_eager = False
    app._pool = None
    try:
        yield
    finally:
        app.conf.update(saved)
        app._pool = None
        settings.CELERY_TASK_ALWAYS_EAGER = True


def make_roll(count: int, organisation) -> None:
    category = HonorCategoryFactory(name="敬业")
    for i in range(count):
        EntryFactory(organisation=organisation, category=category, person_name=f"典型{i:02d}")


def age(batch, seconds: int) -> None:
    """Moves a batch's last progress into the past, as if nothing happened for `seconds`."""
    past = timezone.now() - datetime.timedelta(seconds=seconds)
    CertificateBatch.objects.filter(pk=batch.pk).update(heartbeat_at=past, created_at=past)


class TestBrokerDown:
    def test_issuing_a_certificate_answers_fast_and_the_sweep_renders_it(
        self,
        client,
        settings,
        committee,
        branch_a,
        person_title,
        django_capture_on_commit_callbacks,
    ):
        award = services.grant_award(
            title=person_title,
            holder=MemberFactory(organisation=branch_a),
            period="2025年度",
            certificate=False,
        )
        client.force_login(committee.user)
        with broker_down(settings), django_capture_on_commit_callbacks(execute=True):
            started = time.monotonic()
            response = client.post(reverse("honors_admin:award_certificate", args=[award.pk]))
            elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 5
        certificate = Certificate.objects.get(award=award)
        assert not certificate.file  # numbered and waiting, not lost
        # The broker is back: the next sweep renders what was waiting.
        with django_capture_on_commit_callbacks(execute=True):
            report = batches.sweep(waiting_after=0)
        certificate.refresh_from_db()
        assert report["certificates"] == 1
        assert certificate.file
        assert Certificate.objects.filter(award=award).count() == 1

    def test_starting_a_batch_answers_fast_and_the_sweep_completes_it(
        self, client, settings, committee, branch_a, django_capture_on_commit_callbacks
    ):
        make_roll(12, branch_a)
        client.force_login(committee.user)
        with broker_down(settings), django_capture_on_commit_callbacks(execute=True):
            started = time.monotonic()
            response = client.post(
                reverse("honors_admin:new_batch"), {"kind": "roll", "period": "2025年度"}
            )
            elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 5
        batch = CertificateBatch.objects.get()
        assert batch.status == CertificateBatch.Status.PENDING
        assert not Certificate.objects.exists()  # nothing half-done
        page = client.get(reverse("honors_admin:batch", args=[batch.pk]))
        assert "排队中" in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            batches.sweep(waiting_after=0)
        batch.refresh_from_db()
        assert batch.status == CertificateBatch.Status.DONE
        assert batch.done == batch.total == 12
        assert Certificate.objects.exclude(file="").count() == 12


@pytest.fixture
def running_batch(committee, branch_a, django_capture_on_commit_callbacks):
    """A 25-certificate batch whose worker died after the first chunk of 10."""
    make_roll(25, branch_a)
    with mock.patch.object(batches, "_send_missing"):
        batch = services.start_batch(by=committee.user, kind="roll", period="2025年度")
        batches.run_batch(batch=batch)
    batch.refresh_from_db()
    ids = list(batch.certificates.order_by("number").values_list("pk", flat=True))
    batches.render_chunk(batch=batch, certificate_ids=ids[:10])
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == ("running", 10, 25)
    return batch


def count_renders():
    return mock.patch.object(batches, "render_certificate", wraps=batches.render_certificate)


class TestWorkerLost:
    def test_progress_page_says_when_a_batch_is_stalled(self, client, committee, running_batch):
        client.force_login(committee.user)
        url = reverse("honors_admin:batch_progress", args=[running_batch.pk])
        assert client.get(url).json()["stalled"] is False
        age(running_batch, 3600)
        progress = client.get(url).json()
        assert progress["stalled"] is True
        assert "生成已停滞" in progress["stall_text"]
        page = client.get(reverse("honors_admin:batch", args=[running_batch.pk])).content.decode()
        assert "生成已停滞" in page and "重试" in page and "取消" in page

    def test_sweep_finishes_a_stalled_batch_rendering_each_certificate_once(
        self, running_batch, django_capture_on_commit_callbacks
    ):
        age(running_batch, 3600)
        CertificateBatch.objects.filter(pk=running_batch.pk).update(
            created_at=timezone.now() - datetime.timedelta(hours=2)
        )
        with count_renders() as render, django_capture_on_commit_callbacks(execute=True):
            report = batches.sweep()
        assert report["batches"] == 1
        running_batch.refresh_from_db()
        assert running_batch.status == CertificateBatch.Status.DONE
        assert running_batch.done == 25
        rendered = [call.kwargs["certificate"].pk for call in render.call_args_list]
        assert len(rendered) == len(set(rendered)) == 15  # only the missing ones

    def test_a_batch_still_making_progress_is_left_alone(
        self, running_batch, django_capture_on_commit_callbacks
    ):
        with count_renders() as render, django_capture_on_commit_callbacks(execute=True):
            report = batches.sweep()
        assert report["batches"] == 0
        assert render.call_count == 0

    def test_a_chunk_delivered_twice_does_no_double_work(self, running_batch):
        ids = list(running_batch.certificates.order_by("number").values_list("pk", flat=True))
        with count_renders() as render:
            batches.render_chunk(batch=running_batch, certificate_ids=ids[:10])
        assert render.call_count == 0
        running_batch.refresh_from_db()
        assert running_batch.done == 10


class TestRetryAndCancel:
    def test_staff_retry_a_stalled_batch(
        self, client, committee, running_batch, django_capture_on_commit_callbacks
    ):
        client.force_login(committee.user)
        url = reverse("honors_admin:batch_retry", args=[running_batch.pk])
        response = client.post(url)  # still making progress: refused with a reason
        assert response.status_code == 302
        running_batch.refresh_from_db()
        assert running_batch.status == "running" and running_batch.done == 10
        age(running_batch, 3600)
        # An hour later the secretary opens the batch page again and presses 重试 there:
        # a new rendering of the form, not a repeat of the first post.
        page = client.get(reverse("honors_admin:batch", args=[running_batch.pk]))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"csrfmiddlewaretoken": token.group(1)})
        running_batch.refresh_from_db()
        assert running_batch.status == CertificateBatch.Status.DONE
        assert running_batch.done == 25

    def test_staff_cancel_a_batch_and_queued_chunks_then_do_nothing(
        self, client, committee, running_batch
    ):
        client.force_login(committee.user)
        response = client.post(reverse("honors_admin:batch_cancel", args=[running_batch.pk]))
        assert response.status_code == 302
        running_batch.refresh_from_db()
        assert running_batch.status == CertificateBatch.Status.CANCELLED
        ids = list(running_batch.certificates.values_list("pk", flat=True))
        with count_renders() as render:
            batches.render_chunk(batch=running_batch, certificate_ids=ids)
        assert render.call_count == 0
        page = client.get(reverse("honors_admin:batch", args=[running_batch.pk]))
        assert "已取消" in page.content.decode()

    def test_another_committee_cannot_retry_or_cancel(self, client, running_batch):
        other = CommitteeAdminFactory(
            organisation=OrganisationFactory(name="另一党委", kind="committee")
        )
        client.force_login(other.user)
        age(running_batch, 3600)
        for name in ("batch_retry", "batch_cancel"):
            assert_refused(client.post(reverse(f"honors_admin:{name}", args=[running_batch.pk])))
        running_batch.refresh_from_db()
        assert running_batch.status == "running"

    def test_a_secretary_cannot_cancel(self, client, secretary_a, running_batch):
        client.force_login(secretary_a.user)
        assert_refused(client.post(reverse("honors_admin:batch_cancel", args=[running_batch.pk])))
        running_batch.refresh_from_db()
        assert running_batch.status == "running"


class TestWithoutBroker:
    def test_the_batch_page_returns_at_once_and_the_work_runs_in_the_background(
        self, client, settings, committee, branch_a, django_capture_on_commit_callbacks
    ):
        settings.PORTAL_BACKGROUND_THREADS = True
        make_roll(3, branch_a)
        client.force_login(committee.user)
        started_threads = []
        with mock.patch("portal.background.threading.Thread") as thread:
            thread.return_value.start.side_effect = lambda: started_threads.append(1)
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    reverse("honors_admin:new_batch"), {"kind": "roll", "period": "2025年度"}
                )
        assert response.status_code == 302
        assert started_threads == [1]
        batch = CertificateBatch.objects.get()
        assert batch.status == CertificateBatch.Status.PENDING  # the request did not wait
        # What the thread runs:
        target, args = thread.call_args.kwargs["target"], thread.call_args.kwargs["args"]
        with (
            # In the test's own thread and transaction: keep its connection open.
            mock.patch("portal.background.connection"),
            mock.patch("portal.background.close_old_connections"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            target(*args)
        batch.refresh_from_db()
        assert batch.status == CertificateBatch.Status.DONE

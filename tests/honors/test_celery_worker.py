"""A real worker SIGKILLed mid-batch: another worker and the sweep finish it, each certificate once.

Runs only where a broker is configured (CI's second run, against Redis); the
workers share the test database (PostgreSQL, or the SQLite test file).
"""

import io
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from honors.models import Certificate, CertificateBatch, CertificateSequence
from portal.celery import app
from tests.honors.factories import EntryFactory, HonorCategoryFactory
from tests.portal.test_celery_worker import start_worker, stop_worker

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL, reason="no CELERY_BROKER_URL: tasks run in-process"
    ),
]

CERTIFICATES = 40


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, *, timeout: float, what: str, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    output = Path(log.name).read_text()[-3000:] if log else ""
    pytest.fail(f"timed out waiting for {what}\n{output}")


def progress(batch) -> tuple[str, int, int]:
    batch.refresh_from_db()
    return batch.status, batch.done, batch.total


def test_batch_survives_a_worker_killed_mid_batch(committee, branch_a, certificate_root, tmp_path):
    category = HonorCategoryFactory(name="敬业")
    for i in range(CERTIFICATES):
        EntryFactory(organisation=branch_a, category=category, person_name=f"典型{i:02d}")
    env = {
        # The workers run the production settings against the test database.
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "HONORS_CERTIFICATE_ROOT": str(certificate_root),
        "SITE_URL": settings.SITE_URL,
    }
    app.control.purge()
    batch = CertificateBatch.objects.create(
        kind="roll",
        period="2025年度",
        organisation=committee.organisation,
        created_by=committee.user,
        heartbeat_at=timezone.now(),
    )
    log = (tmp_path / "workers.log").open("w")
    first = start_worker(name="doomed", env=env, log=log)
    try:
        app.send_task("honors.tasks.run_certificate_batch", args=[batch.pk])
        wait_for(lambda: progress(batch)[1] >= 12, timeout=240, what="12 certificates", log=log)
        first.kill()  # SIGKILL: no warm shutdown, the running chunk is never acknowledged
        first.wait(timeout=20)
    finally:
        stop_worker(first)
    status, done, total = progress(batch)
    assert status == "running" and 12 <= done < total == CERTIFICATES

    second = start_worker(name="rescuer", env=env, log=log)
    try:
        # The queued chunks run; the killed one's stays unacknowledged until the
        # visibility timeout, so progress stops short of the total.
        def settled():
            before = progress(batch)
            time.sleep(4)
            after = progress(batch)
            return after if after == before else None

        status, done, _total = wait_for(settled, timeout=240, what="progress to settle", log=log)
        if status != "done":
            # The beat job, as it would run every two minutes, with a short stall limit.
            app.send_task("honors.sweep", kwargs={"stalled_after": 2})
        wait_for(
            lambda: progress(batch)[0] == "done", timeout=240, what="the batch to finish", log=log
        )
    finally:
        stop_worker(second)

    status, done, total = progress(batch)
    assert (status, done, total) == ("done", CERTIFICATES, CERTIFICATES)
    certificates = list(Certificate.objects.order_by("sequence"))
    assert len(certificates) == CERTIFICATES
    # Numbered exactly once each: no gaps, no number taken twice.
    assert [c.sequence for c in certificates] == list(range(1, CERTIFICATES + 1))
    assert CertificateSequence.objects.get().last == CERTIFICATES
    assert all(c.file for c in certificates)
    with batch.zip_file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert sorted(names) == sorted(f"{c.number}-{c.holder_name}.pdf" for c in certificates)

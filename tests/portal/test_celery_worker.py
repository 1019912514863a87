"""A real Celery worker process, on the configured broker, runs a task and returns its result.

Runs only where a broker is configured (CI's second run, against Redis).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from portal.celery import app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.celery_worker,
    # The test process itself keeps eager mode on; the result comes from the worker.
    pytest.mark.filterwarnings("ignore:Results are not stored in backend"),
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL, reason="no CELERY_BROKER_URL: tasks run in-process"
    ),
]


@pytest.fixture
def worker():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--hostname=pytest-worker@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"worker exited early:\n{process.stdout.read()}")
            replies = app.control.ping(timeout=1.0) or []
            if any("pytest-worker@" in name for reply in replies for name in reply):
                break
        else:
            pytest.fail("worker did not answer a ping within 60 s")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_worker_process_runs_the_email_task_and_returns_its_result(worker):
    # send_task always goes through the broker, even with eager mode on in tests.
    result = app.send_task(
        "portal.send_email",
        args=["学习提醒", "请按时完成本年度学时。", ["member@example.cn"]],
    )
    assert result.get(timeout=60) == 1
    assert result.successful()

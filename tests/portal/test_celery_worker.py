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


def start_worker(
    *, name: str = "pytest-worker", env: dict | None = None, log=None
) -> subprocess.Popen:
    """Starts a solo-pool worker and waits until it answers a ping; output to `log` if given."""
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    full_env.update(env or {})
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
            f"--hostname={name}@%h",
        ],
        cwd=ROOT,
        env=full_env,
        stdout=log or subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else "(see the log)"
            pytest.fail(f"worker exited early:\n{output}")
        replies = app.control.ping(timeout=1.0) or []
        if any(f"{name}@" in worker for reply in replies for worker in reply):
            return process
    stop_worker(process)
    pytest.fail("worker did not answer a ping within 60 s")


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


@pytest.fixture
def worker():
    process = start_worker()
    try:
        yield process
    finally:
        stop_worker(process)


def test_worker_process_runs_the_email_task_and_returns_its_result(worker):
    # send_task always goes through the broker, even with eager mode on in tests.
    result = app.send_task(
        "portal.send_email",
        args=["学习提醒", "请按时完成本年度学时。", ["member@example.cn"]],
        ignore_result=False,  # results are off by default: nothing a user waits on reads them
    )
    assert result.get(timeout=60) == 1
    assert result.successful()

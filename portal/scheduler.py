"""The periodic jobs of CELERY_BEAT_SCHEDULE, run by the web process when there is no broker.

In production `celery beat` sends these jobs to the workers. The embedded
default (`make run`, or gunicorn without CELERY_BROKER_URL) has no beat, so
the web process starts this scheduler in a daemon thread (portal/wsgi.py):
once a minute it runs every job whose time has come, in-process. A file lock
(PORTAL_SCHEDULER_LOCK) lets only one process on the machine run it, so two
gunicorn workers do not publish the same page twice. Each job's crontab is
read from the same beat schedule, so both configurations run the same jobs
at the same times.
"""

import fcntl
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

TICK_SECONDS = 30
_started = False
_lock_file = None


def run_due_jobs(*, last_run: dict) -> list[str]:
    """Runs every beat job due since its last run (kept in `last_run`); returns their names.

    A job seen for the first time only starts its clock: a daily job runs at its
    hour, not whenever the web process happens to start.
    """
    from portal.celery import app

    # Importing every app's tasks module registers the tasks (a worker does it at start).
    app.loader.import_default_modules()
    now = timezone.now()
    ran = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        previous = last_run.get(name)
        if previous is None:
            last_run[name] = now
            continue
        # Time left until the first run after `previous`; due once it is past.
        if entry["schedule"].remaining_estimate(previous).total_seconds() > 0:
            continue
        last_run[name] = now
        task = app.tasks.get(entry["task"])
        if task is None:
            logger.error("scheduled job %s: no task named %s", name, entry["task"])
            continue
        try:
            task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}), throw=True)
        except Exception:
            logger.exception("scheduled job %s failed", name)
        ran.append(name)
    return ran


def _loop() -> None:
    last_run: dict = {}
    while True:
        time.sleep(TICK_SECONDS)
        close_old_connections()
        try:
            run_due_jobs(last_run=last_run)
        except Exception:  # the database may be down; try again next tick
            logger.exception("in-process scheduler tick failed")
        finally:
            connection.close()


def start() -> bool:
    """Starts the scheduler thread once per process, if this process wins the machine-wide lock."""
    global _started, _lock_file
    if _started or not settings.PORTAL_INPROCESS_SCHEDULER:
        return False
    try:
        _lock_file = open(settings.PORTAL_SCHEDULER_LOCK, "a")  # noqa: SIM115 (held for life)
        fcntl.flock(_lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # another process of this site runs it
    _started = True
    threading.Thread(target=_loop, name="portal-scheduler", daemon=True).start()
    logger.info(
        "in-process scheduler started (no broker): %s", ", ".join(settings.CELERY_BEAT_SCHEDULE)
    )
    return True

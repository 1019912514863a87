"""Sending work to the background: after the commit, never blocking a request for long.

`enqueue(task, *args)` is the one way the apps hand work to Celery:

- the task is sent only once the surrounding transaction commits, so a worker
  never looks for a row that is not there yet, and a rolled-back request sends
  nothing;
- with the broker down, sending fails within a few seconds (the settings'
  connection timeout and publish retry policy); the failure is logged once
  and swallowed: the record the task was for stays waiting in the database,
  and a periodic sweep sends it again once the broker is back;
- without a broker (the embedded default) the task runs in-process, or with
  ``background=True`` in a daemon thread so the request returns at once.

Every task sent this way must be idempotent: a sweep may send it again.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from portal import faults

logger = logging.getLogger(__name__)

NAME = "Celery broker"


def enqueue(task, *args, background: bool = False, **kwargs) -> None:
    """Sends `task(*args, **kwargs)` after the current transaction commits (see module doc)."""
    transaction.on_commit(lambda: send_now(task, *args, background=background, **kwargs))


def send_now(task, *args, background: bool = False, **kwargs) -> bool:
    """Sends at once; False when the broker refused (logged once, the sweep will retry)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        if background and settings.PORTAL_BACKGROUND_THREADS:
            threading.Thread(target=_run_in_thread, args=(task, args, kwargs), daemon=True).start()
        else:
            task.apply(args=args, kwargs=kwargs, throw=True)
        return True
    if faults.is_down(NAME):
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception as error:  # kombu raises its own OperationalError, redis its errors
        faults.failed(NAME, error)
        return False
    faults.recovered(NAME)
    return True


def _run_in_thread(task, args, kwargs) -> None:
    close_old_connections()
    try:
        task.apply(args=args, kwargs=kwargs, throw=True)
    except Exception:
        logger.exception("background task %s failed", task.name)
    finally:
        connection.close()

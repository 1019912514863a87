"""Logging a failing dependency (cache, broker) once per outage, not once per request."""

import logging
import threading
import time

logger = logging.getLogger("portal.faults")

# After a failure the dependency is not tried again for this long: requests stay
# fast while it is down, and it is back within seconds once it returns.
RETRY_AFTER = 5.0
# While it stays down, a reminder is logged at most this often.
REMIND_EVERY = 300.0

_lock = threading.Lock()
_down: dict[str, dict[str, float]] = {}


def is_down(name: str) -> bool:
    """True while `name` failed less than RETRY_AFTER seconds ago."""
    state = _down.get(name)
    return state is not None and time.monotonic() < state["retry_at"]


def failed(name: str, error: BaseException) -> None:
    """Records a failure of `name`; logs the first one and then a reminder every few minutes."""
    now = time.monotonic()
    with _lock:
        state = _down.get(name)
        first = state is None
        if first:
            state = _down[name] = {"since": now, "logged": now, "retry_at": now + RETRY_AFTER}
        state["retry_at"] = now + RETRY_AFTER
        remind = not first and now - state["logged"] >= REMIND_EVERY
        if remind:
            state["logged"] = now
    if first:
        logger.error("%s unavailable, carrying on without it: %s", name, error)
    elif remind:
        logger.error("%s still unavailable after %d s: %s", name, int(now - state["since"]), error)


def recovered(name: str) -> None:
    """Clears the failure of `name` and logs that it is back (once)."""
    if name not in _down:
        return
    with _lock:
        state = _down.pop(name, None)
    if state is not None:
        logger.warning(
            "%s available again after %d s", name, int(time.monotonic() - state["since"])
        )

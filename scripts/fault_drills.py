"""Fault drills against the production stack on this machine; prints a table of fault × outcome.

    .venv/bin/python scripts/fault_drills.py

Runs gunicorn (DEBUG off), a Celery worker, PostgreSQL and Redis, all on
loopback, and breaks one component at a time by pointing a fresh gunicorn or
worker at a closed port (nothing else on the machine is stopped), or by
SIGKILLing its own worker mid-batch. Uses its own database and Redis numbers,
set with DRILL_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/portal_drills,
created if missing), DRILL_REDIS_URL (redis://127.0.0.1:6379/6) and
DRILL_BROKER_URL (redis://127.0.0.1:6379/7). Every wait is bounded; the whole
run takes a few minutes. Run by hand, not in CI.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = int(os.environ.get("DRILL_PORT", "8004"))
BASE = f"http://127.0.0.1:{PORT}"
DEAD = "127.0.0.1:1"  # nothing listens on port 1: connection refused at once
DATABASE_URL = os.environ.get(
    "DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_drills"
)
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/6")
BROKER_URL = os.environ.get("DRILL_BROKER_URL", "redis://127.0.0.1:6379/7")
WORK = Path(tempfile.gettempdir()) / "portal-drills"
PASSWORD = "dangjian2026"
EXTRA_ENTRIES = 40  # roll entries added so a batch runs long enough to kill a worker in it

rows: list[tuple[str, str, str, str]] = []
processes: list[subprocess.Popen] = []


def env(**overrides) -> dict:
    values = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
        "DEBUG": "0",
        "SECRET_KEY": "drills-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": BASE,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "HONORS_CERTIFICATE_ROOT": str(WORK / "private"),
        "LOG_LEVEL": "ERROR",
    }
    values.update(overrides)
    return values


def manage(*args, timeout=600, **overrides) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env(**overrides),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def shell(code: str, **overrides) -> str:
    """Runs Python in `manage.py shell`; returns the last line it printed."""
    lines = manage("shell", "--no-imports", "-c", code, **overrides).strip().splitlines()
    return lines[-1] if lines else ""


def start(args: list[str], log: str, **overrides) -> subprocess.Popen:
    handle = (WORK / log).open("a")
    process = subprocess.Popen(
        args, cwd=ROOT, env=env(**overrides), stdout=handle, stderr=subprocess.STDOUT
    )
    processes.append(process)
    return process


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def gunicorn(**overrides) -> subprocess.Popen:
    process = start(
        [
            PY,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--timeout",
            "60",
        ],
        "gunicorn.log",
        **overrides,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            requests.get(f"{BASE}/health/ready/", timeout=5)
            return process
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start within 90 s (see the log in " + str(WORK) + ")")


def worker(name: str, **overrides) -> subprocess.Popen:
    process = start(
        [
            PY,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={name}@drills",
        ],
        "worker.log",
        **overrides,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        answer = shell(
            "from portal.celery import app; "
            f"print(any('{name}@' in w for r in (app.control.ping(timeout=1) or []) for w in r))"
        )
        if answer == "True":
            return process
    raise SystemExit(f"worker {name} did not answer within 90 s")


def timed(method, url, **kwargs):
    started = time.monotonic()
    try:
        response = method(url, timeout=30, allow_redirects=False, **kwargs)
    except requests.RequestException as error:
        return None, time.monotonic() - started, str(error)
    return response, time.monotonic() - started, ""


def sign_in(username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{BASE}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{BASE}/accounts/login/",
        data={"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{BASE}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    session.login_status = response.status_code
    return session


def start_batch(session: requests.Session):
    form = session.get(f"{BASE}/admin/honors/batches/new/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return timed(
        session.post,
        f"{BASE}/admin/honors/batches/new/",
        data={"kind": "roll", "period": "2025年度", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{BASE}/admin/honors/batches/new/"},
    )


def batch_state(pk: int) -> tuple[str, int, int, int]:
    out = shell(
        "from honors.models import CertificateBatch as B; "
        f"b = B.objects.get(pk={pk}); "
        "print(b.status, b.done, b.total, b.certificates.exclude(file='').count())"
    )
    status, done, total, files = out.split()
    return status, int(done), int(total), int(files)


def latest_batch() -> int:
    return int(
        shell("from honors.models import CertificateBatch as B; print(B.objects.latest('pk').pk)")
    )


def when_done(pk: int):
    """The batch's state once it is 已完成, else None (for wait())."""
    state = batch_state(pk)
    return state if state[0] == "done" else None


def when_done_at_least(pk: int, count: int):
    state = batch_state(pk)
    return state if state[1] >= count else None


def wait(condition, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(1)
    return None


def record(fault: str, action: str, outcome: str, ok: bool) -> None:
    rows.append((fault, action, outcome, "✅" if ok else "❌"))
    print(f"  {'ok ' if ok else 'FAIL'} {fault}: {action} → {outcome}", flush=True)


def prepare() -> None:
    WORK.mkdir(exist_ok=True)
    name = urlparse(DATABASE_URL).path.lstrip("/")
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False
    )
    print("migrate, collectstatic, seed_demo …", flush=True)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo", "--force")
    shell(
        "from honors.models import HonorRollEntry, HonorCategory; "
        "from portal.models import Organisation; "
        "o = Organisation.objects.get(code='JYJ'); c = HonorCategory.objects.first(); "
        "[HonorRollEntry.objects.get_or_create("
        f"person_name=f'演练典型{{i:02d}}', period='2025年度', "
        "organisation=o, category=c, defaults={'deed': '演练', 'consent_to_publish': True, "
        f"'status': 'approved'}}) for i in range({EXTRA_ENTRIES})]"
    )
    shell("from portal.celery import app; app.control.purge()")


def drill_redis_down() -> None:
    log = WORK / "gunicorn.log"
    offset = log.stat().st_size if log.exists() else 0
    web = gunicorn(REDIS_URL=f"redis://{DEAD}/0")
    try:
        pages = ["/", "/study/", "/pledges/", "/honors/", "/volunteers/", "/search/?q=党"]
        results = [timed(requests.get, BASE + url) for url in pages]
        codes = [r.status_code if r else "error" for r, _s, _e in results]
        slowest = max(s for _r, s, _e in results)
        record(
            "Redis down",
            "6 public pages",
            f"{codes.count(200)}/6 × 200, slowest {slowest:.2f} s",
            codes.count(200) == 6,
        )
        session = sign_in("member")
        me = session.get(f"{BASE}/me/volunteer/", timeout=30)
        record(
            "Redis down",
            "member signs in, opens /me/volunteer/",
            f"sign-in {session.login_status}, page {me.status_code}",
            session.login_status == 302 and me.status_code == 200,
        )
        health = requests.get(f"{BASE}/health/?format=json", timeout=30)
        ready = requests.get(f"{BASE}/health/ready/", timeout=30)
        record(
            "Redis down",
            "/health/ and /health/ready/",
            f"{health.status_code} (cache reported) / {ready.status_code}",
            health.status_code == 500 and ready.status_code == 200,
        )
    finally:
        stop(web)
    logged = log.read_bytes()[offset:].decode(errors="replace").count("Redis cache unavailable")
    record(
        "Redis down", "errors logged", f"{logged} line(s) for 2 gunicorn workers", 0 < logged <= 2
    )


def drill_database_down() -> None:
    web = gunicorn(DATABASE_URL=DATABASE_URL.replace("127.0.0.1:5432", DEAD))
    try:
        results = [timed(requests.get, BASE + url) for url in ("/", "/study/", "/honors/")]
        ok = all(
            r is not None and r.status_code == 503 and "系统维护中" in r.text
            for r, _s, _e in results
        )
        slowest = max(s for _r, s, _e in results)
        record(
            "PostgreSQL down",
            "3 pages",
            f"503 系统维护中 page, slowest {slowest:.2f} s",
            ok and slowest < 3,
        )
        ready = requests.get(f"{BASE}/health/ready/", timeout=30)
        record(
            "PostgreSQL down", "/health/ready/", str(ready.status_code), ready.status_code == 500
        )
    finally:
        stop(web)


def drill_broker_down() -> None:
    web = gunicorn(CELERY_BROKER_URL=f"redis://{DEAD}/1")
    try:
        session = sign_in("committee")
        response, seconds, error = start_batch(session)
        pk = latest_batch()
        status, done, total, _files = batch_state(pk)
        record(
            "Broker down",
            "start a certificate batch",
            f"{response.status_code if response else error} in {seconds:.2f} s, "
            f"batch {status} {done}/{total}",
            response is not None
            and response.status_code == 302
            and seconds < 5
            and status == "pending",
        )
    finally:
        stop(web)
    rescue = worker("sweeper")
    try:
        shell(
            "from portal.celery import app; "
            "app.send_task('honors.sweep', kwargs={'waiting_after': 0})"
        )
        final = wait(lambda: when_done(pk), 300)
        record(
            "Broker back",
            "the sweep picks the batch up",
            f"{final[0]} {final[1]}/{final[2]}" if final else f"not done: {batch_state(pk)}",
            bool(final) and final[1] == final[2] == final[3],
        )
    finally:
        stop(rescue)


def drill_worker_killed() -> None:
    web = gunicorn()
    doomed = worker("doomed")
    try:
        session = sign_in("committee")
        response, seconds, _error = start_batch(session)
        pk = latest_batch()
        reached = wait(lambda: when_done_at_least(pk, 12), 300)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
        at_kill = batch_state(pk)
        record(
            "Worker SIGKILLed",
            "mid-batch",
            f"killed at {at_kill[1]}/{at_kill[2]} (page answered in {seconds:.2f} s)",
            bool(reached),
        )
        rescuer = worker("rescuer")
        try:

            def settled():
                before = batch_state(pk)
                time.sleep(5)
                after = batch_state(pk)
                return after if after == before else None

            state = wait(settled, 300)
            stalled_at = f"{state[1]}/{state[2]}" if state else "?"
            if state and state[0] != "done":
                shell(
                    "from portal.celery import app; "
                    "app.send_task('honors.sweep', kwargs={'stalled_after': 3})"
                )
            final = wait(lambda: when_done(pk), 300)
            once = shell(
                "from honors.models import CertificateBatch as B; "
                f"b = B.objects.get(pk={pk}); "
                "ns = list(b.certificates.values_list('number', flat=True)); "
                "print(len(ns) == len(set(ns)))"
            )
            record(
                "Worker SIGKILLed",
                "second worker + sweep",
                (
                    f"settled at {stalled_at}, then {final[0]} {final[1]}/{final[2]}, "
                    f"{final[3]} PDFs, numbers unique: {once}"
                )
                if final
                else f"not done: {batch_state(pk)}",
                bool(final) and final[1] == final[2] == final[3] and once == "True",
            )
        finally:
            stop(rescuer)
    finally:
        stop(doomed, signal.SIGKILL)
        stop(web)


def main() -> None:
    prepare()
    drills = [drill_redis_down, drill_database_down, drill_broker_down, drill_worker_killed]
    try:
        for drill in drills:
            print(f"{drill.__name__} …", flush=True)
            try:
                drill()
            except (Exception, SystemExit) as error:  # one broken drill must not hide the others
                record(drill.__name__, "drill", f"crashed: {str(error)[:200]}", False)
    finally:
        for process in processes:
            stop(process, signal.SIGKILL)
    print()
    print("| fault | action | outcome | |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.exit(0 if all(row[3] == "✅" for row in rows) else 1)


if __name__ == "__main__":
    main()

"""Benchmark: the pledge wall and a window's page under load, with 2,000 pledges and 50,000 ratings.

Seeds its own database (SQLite at /tmp/pledges_bench.sqlite3 unless
BENCH_DATABASE_URL is set, e.g. postgres://postgres@127.0.0.1:5432/portal_bench),
starts gunicorn on loopback with production settings (DEBUG off, collected
static files) and runs wrk against a static file and both pages, printing
requests/s, p99, timeouts and errors, and each page's rate as a share of the
static file's rate on the same server in the same run (so the figure still
means something on a busy machine).

    .venv/bin/python benchmarks/pledges.py            # needs wrk (apt-get install wrk)
    BENCH_SECONDS=30 BENCH_CONNECTIONS=32 .venv/bin/python benchmarks/pledges.py

It runs twice: on a gunicorn without the page cache (every request renders
from the database) and on one with the Redis page cache on
(portal/page_cache.py), where the wall is answered from the cache; the
window page is rendered each time on both, because its rating form carries a
form token and a visitor cookie.
"""

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
# Replies slower than this count as timeouts (wrk's default of 2 s hid them from p99).
TIMEOUT = os.environ.get("BENCH_TIMEOUT", "10s")
# The cached run's Redis; keys carry their own prefix.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
PLEDGES, RATINGS, WINDOWS, MEMBERS = 2000, 50_000, 40, 400

ENV = {
    **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_BROKER_URL"}},
    "DJANGO_SETTINGS_MODULE": "portal.settings.base",
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/pledges_bench.sqlite3"),
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "pledges_bench_static"),
    "DATABASE_CONN_MAX_AGE": "60",
}


def seed() -> None:
    """Runs inside Django (called with --seed): a centre, windows, members, pledges, ratings."""
    import django

    django.setup()
    from django.utils import timezone
    from wagtail.models import Page, Site

    from pledges.models import Pledge, PledgeItem, PledgeWallPage, Rating, ServiceStandard
    from portal.models import HomePage, Member, Organisation

    if Pledge.objects.count() >= PLEDGES:
        print("已有基准数据，跳过写入。")
        return
    rng = random.Random(5)
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or root.add_child(
        instance=HomePage(title="党建与志愿服务门户", slug="bench-home")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "127.0.0.1", "root_page": home, "port": PORT}
    )
    wall = PledgeWallPage.objects.first() or home.add_child(
        instance=PledgeWallPage(title="公开承诺", slug="pledges")
    )
    committee = Organisation.objects.create(name="县直机关工委", code="B-XZJGGW", kind="committee")
    centre = Organisation.objects.create(
        name="行政服务中心党支部", code="B-FWZX", kind="branch", parent=committee
    )
    windows = [
        Organisation.objects.create(
            name=f"第{i}服务窗口", code=f"B-W{i}", kind="window", parent=centre
        )
        for i in range(WINDOWS)
    ]
    for window in windows:
        ServiceStandard.objects.bulk_create(
            ServiceStandard(
                window=window, name=f"服务事项{j}", procedure="受理—审核—办结", time_limit="即办"
            )
            for j in range(8)
        )
    members = Member.objects.bulk_create(
        Member(name=f"党员{i}", organisation=windows[i % WINDOWS]) for i in range(MEMBERS)
    )
    now = timezone.now()
    pledges = Pledge.objects.bulk_create(
        Pledge(member=members[i % MEMBERS], year=2026 - i // MEMBERS, status="published",
               published_at=now, home_path=members[i % MEMBERS].organisation.path)
        for i in range(PLEDGES)
    )  # fmt: skip
    PledgeItem.objects.bulk_create(
        (
            PledgeItem(pledge=p, content=f"承诺事项{k}：来有迎声、问有答声、走有送声", sort_order=k)
            for p in pledges
            for k in range(rng.randint(2, 5))
        ),
        batch_size=2000,
    )
    today = date.today()
    Rating.objects.bulk_create(
        (
            Rating(
                level=rng.choices([4, 3, 2, 1], weights=[70, 20, 7, 3])[0],
                visitor=f"bench-{n}",
                rated_on=today - timedelta(days=rng.randint(0, 364)),
                **({"window": windows[n % WINDOWS]} if n % 2 else {"pledge": pledges[n % PLEDGES]}),
            )
            for n in range(RATINGS)
        ),
        batch_size=5000,
    )
    print(f"写入：{PLEDGES} 份承诺、{RATINGS} 条评价、{WINDOWS} 个窗口，栏目 {wall.url}")


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def wait_until_up(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn 未能在 {timeout} 秒内启动：{url}")


@dataclass
class WrkResult:
    rps: float
    p99: str
    requests: int
    timeouts: int
    errors: int  # socket errors other than timeouts, plus non-2xx/3xx answers


def run_wrk(url: str) -> WrkResult:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", f"--timeout={TIMEOUT}", "--latency",
         url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    connect, read, write, timeouts = (int(n) for n in socket.groups()) if socket else (0, 0, 0, 0)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p99=re.search(r"99%\s+([\d.]+\w+)", output).group(1),
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        timeouts=timeouts,
        errors=connect + read + write + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("需要 wrk：sudo apt-get install wrk")
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    subprocess.run([PYTHON, __file__, "--seed"], cwd=ROOT, env=ENV, check=True)
    print(
        f"\nwrk -t2 -c{CONNECTIONS} -d{SECONDS}s --timeout={TIMEOUT}, gunicorn {WORKERS} "
        f"workers, {ENV['DATABASE_URL'].split(':')[0]}, load average {os.getloadavg()[0]:.1f}"
    )
    failed = False
    for label, extra in (
        ("不缓存", {"PUBLIC_PAGE_CACHE": "0"}),
        ("Redis 页面缓存", {"REDIS_URL": REDIS_URL, "PUBLIC_PAGE_CACHE": "1",
                           "CACHE_KEY_PREFIX": "pledges-bench"}),
    ):  # fmt: skip
        print(f"\n{label}：")
        failed |= measure({**ENV, **extra})
    if failed:
        raise SystemExit("有请求超时或出错，见上表。")


def measure(env: dict) -> bool:
    """Static file and both pages on one gunicorn; True when a request timed out or failed."""
    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi", "-w", str(WORKERS),
         "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{PORT}/pledges/"
    failed = False
    try:
        wait_until_up(base)
        pages = {"承诺墙 /pledges/": base, "窗口页 /pledges/windows/B-W1/": base + "windows/B-W1/"}
        for url in pages.values():  # warm up each worker
            for _ in range(WORKERS * 2):
                urllib.request.urlopen(url).read()
        static = run_wrk(f"http://127.0.0.1:{PORT}/static/css/portal.css")
        print(f"{'静态文件 portal.css':<32} {static.rps:>8.1f} 请求/秒   p99 {static.p99}")
        for name, url in pages.items():
            result = run_wrk(url)
            failed |= bool(result.timeouts or result.errors)
            print(
                f"{name:<32} {result.rps:>8.1f} 请求/秒   p99 {result.p99:<8} "
                f"静态文件的 {result.rps / static.rps:.1%}   "
                f"请求 {result.requests}，超时 {result.timeouts}，错误 {result.errors}"
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    return failed


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    if "--seed" in sys.argv:
        seed()
    else:
        main()

"""Benchmark: certificate PDFs — one after warm-up, a batch of 100 on one and two processes.

Seeds its own SQLite database in a temporary folder (or BENCH_DATABASE_URL),
with DEBUG off so parsed stylesheets are reused as in production, and prints
a small table. Targets on the 2-core machine: one certificate under 150 ms
(median) and under 250 KB; 100 under 20 s on one worker, faster on two.

    .venv/bin/python benchmarks/certificates.py
"""

import os
import statistics
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="certificates_bench_"))
# Only its own database, whatever DATABASE_URL the shell exports (production included).
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
)
for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
    os.environ.pop(name, None)
os.environ["SECRET_KEY"] = "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
os.environ["DEBUG"] = "0"
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.base"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

BATCH = 100
NAMES = ["王𠈌堃珺", "李堃", "邓小芸", "曾凡", "陈𠈌", "郭婷婷", "吕志伟", "蒋丽", "王珺", "黄敏"]


def seed() -> list[int]:
    from honors import services
    from honors.models import Title
    from portal.models import Member, Organisation

    settings.HONORS_CERTIFICATE_ROOT = WORKDIR / "private"
    call_command("migrate", verbosity=0)
    committee, _ = Organisation.objects.get_or_create(
        code="XZJGGW", defaults={"name": "县直机关工委", "kind": Organisation.Kind.COMMITTEE}
    )
    branch, _ = Organisation.objects.get_or_create(
        code="FWZX",
        defaults={
            "name": "行政服务中心党支部",
            "kind": Organisation.Kind.BRANCH,
            "parent": committee,
        },
    )
    title = Title.objects.get(name="服务之星")
    ids = []
    for i in range(BATCH + 1):
        member = Member.objects.create(name=NAMES[i % len(NAMES)], organisation=branch)
        award = services.grant_award(
            title=title, holder=member, period="2025年度", certificate=False
        )
        ids.append(services.issue_award_certificate(award=award, render=False).pk)
    return ids


def render_all(ids: list[int]) -> None:
    from honors.models import Certificate
    from honors.services import render_certificate

    settings.HONORS_CERTIFICATE_ROOT = WORKDIR / "private"
    for certificate in Certificate.objects.filter(pk__in=ids):
        render_certificate(certificate=certificate)
    connections.close_all()


def main() -> None:
    from honors.models import Certificate
    from honors.services.certificates import certificate_pdf

    ids = seed()
    first = Certificate.objects.get(pk=ids[0])  # holder 王𠈌堃珺: the Ext-B character
    t = time.perf_counter()
    certificate_pdf(first)
    cold = time.perf_counter() - t
    times, size = [], 0
    for _ in range(20):
        t = time.perf_counter()
        pdf = certificate_pdf(first)
        times.append(time.perf_counter() - t)
        size = len(pdf)

    batch_ids = ids[1:]
    t = time.perf_counter()
    render_all(batch_ids)
    one_worker = time.perf_counter() - t

    connections.close_all()
    halves = [batch_ids[0::2], batch_ids[1::2]]
    t = time.perf_counter()
    with get_context("fork").Pool(2) as pool:
        pool.map(render_all, halves)
    two_workers = time.perf_counter() - t

    rows = [
        ("first certificate (cold)", f"{cold * 1000:.0f} ms", ""),
        ("one certificate, median of 20", f"{statistics.median(times) * 1000:.0f} ms", "< 150 ms"),
        ("one certificate, fastest", f"{min(times) * 1000:.0f} ms", ""),
        ("PDF size", f"{size / 1024:.0f} KB", "< 250 KB"),
        (f"batch of {BATCH}, one worker", f"{one_worker:.1f} s", "< 20 s"),
        (f"batch of {BATCH}, two processes", f"{two_workers:.1f} s", "faster"),
    ]
    rows.append(("load average (1 min) at the end", f"{os.getloadavg()[0]:.1f}", "~0 when idle"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)}  {'result':>10}  target")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>10}  {target}")


if __name__ == "__main__":
    main()

"""Benchmark: volunteer totals and the 志愿服务台帐 export over 100,000 service records.

Seeds 1,000 members in 10 branches, 20 teams and 100,000 approved records over
two years in its own SQLite database (or BENCH_DATABASE_URL), then times the
member, team and branch totals (median of 20) and the branch-year ledger
export, and reports the export's peak Python memory at two sizes to show it
stays flat. Targets: totals under 100 ms, the committee's two-year export
(100,000 rows) under 20 s (the script exits non-zero over it), memory flat.
The seed is bulk_create, around the services, so the running hours totals
are rebuilt (`refresh_hours_totals`) before timing.

    .venv/bin/python benchmarks/volunteers.py
"""

import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="volunteers_bench_"))
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

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

MEMBERS = 1_000
BRANCHES = 10
TEAMS = 20
RECORDS = 100_000
YEAR = timezone.localdate().year - 1
EXPORT_BUDGET = 20  # seconds, the city-scale issue's budget for the committee's two years


def seed():
    from portal.models import Member, Organisation
    from volunteers.models import ServiceRecord, Team

    call_command("migrate", verbosity=0)
    committee, _ = Organisation.objects.get_or_create(
        code="BENCH", defaults={"name": "县直机关工委", "kind": Organisation.Kind.COMMITTEE}
    )
    branches = [
        Organisation.objects.get_or_create(
            code=f"BENCH{i}",
            defaults={
                "name": f"第{i}党支部",
                "kind": Organisation.Kind.BRANCH,
                "parent": committee,
            },
        )[0]
        for i in range(BRANCHES)
    ]
    if ServiceRecord.objects.count() >= RECORDS:
        call_command("refresh_hours_totals", stdout=open(os.devnull, "w"))  # noqa: SIM115
        return branches
    with transaction.atomic():
        members = Member.objects.bulk_create(
            [Member(name=f"党员{i}", organisation=branches[i % BRANCHES]) for i in range(MEMBERS)]
        )
        members = list(Member.objects.order_by("pk"))
        teams = [
            Team.objects.create(
                name=f"第{i}志愿服务队", field="扶弱助老", organisation=branches[i % BRANCHES]
            )
            for i in range(TEAMS)
        ]
        first_day = date(YEAR - 1, 1, 1)
        batch = []
        for i in range(RECORDS):
            member = members[i % MEMBERS]
            day = first_day + timedelta(days=(i // MEMBERS) * 7 + (i % 7))
            start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
                hours=8 + (i % 3) * 3
            )
            batch.append(
                ServiceRecord(
                    member=member,
                    team=teams[member.pk % TEAMS],
                    title="清扫责任区积雪",
                    served_on=day,
                    started_at=start,
                    ended_at=start + timedelta(hours=2),
                    place="人民路责任区",
                    content="清扫积雪、疏通道路",
                    hours="2",
                    organisation=branches[0],
                    person_in_charge="孙丽",
                    source=ServiceRecord.Source.CHECK_IN,
                    entered_by=member,
                    last_edited_by=member,
                    reviewed_by=members[0],
                    status=ServiceRecord.Status.APPROVED,
                    quality="good",
                )
            )
            if len(batch) == 5000:
                ServiceRecord.objects.bulk_create(batch)
                batch = []
        ServiceRecord.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # bulk_create goes around the services: rebuild the running totals, as the nightly task does.
    call_command("refresh_hours_totals", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return branches


def median_ms(function, repeat: int = 20) -> float:
    function()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def export(branch, start, end) -> tuple[float, float, int, int]:
    """Seconds, growth of the process's peak RSS in MiB, rows and bytes of one download.

    Peak RSS only grows, so a second, larger export that adds (almost) nothing
    shows memory does not follow the number of rows.
    """
    from portal.exports import xlsx_response
    from volunteers.selectors import LEDGER_HEADER, ledger_rows

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = 0

    def counted():
        nonlocal rows
        for row in ledger_rows(start=start, end=end, branch=branch):
            rows += 1
            yield row

    response = xlsx_response("台帐.xlsx", "志愿服务台帐", LEDGER_HEADER, counted())
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return elapsed, peak, rows, size


def report(label: str, seconds: float, peak: float, rows: int, size: int) -> None:
    print(
        f"{label}: {rows:,} rows, {size / 1024:.0f} KiB, {seconds:.2f} s, peak RSS +{peak:.1f} MiB"
    )


def main() -> None:
    from portal.models import Member
    from volunteers import selectors
    from volunteers.models import ServiceRecord, Team

    started = time.perf_counter()
    branches = seed()
    print(f"database: {connection.vendor}; seeded in {time.perf_counter() - started:.1f} s")
    print(f"records: {ServiceRecord.objects.count():,}; members: {Member.objects.count():,}")
    member = Member.objects.order_by("pk")[500]
    team = Team.objects.order_by("pk").first()
    committee = branches[0].parent
    results = [
        (
            "member totals (year, all, training, pending)",
            median_ms(lambda: selectors.member_totals(member, YEAR)),
        ),
        (
            "star progress from totals",
            median_ms(lambda: selectors.star_progress(selectors.member_totals(member).all_hours)),
        ),
        ("team year hours", median_ms(lambda: selectors.team_year_hours(team, YEAR))),
        (
            "branch totals (year, all, people)",
            median_ms(lambda: selectors.branch_totals(branches[3], YEAR)),
        ),
        (
            "committee totals (all 100k)",
            median_ms(lambda: selectors.branch_totals(committee, YEAR), 5),
        ),
        (
            "teams listing with year hours",
            median_ms(lambda: list(selectors.teams_for_listing(YEAR)), 5),
        ),
    ]
    for label, ms in results:
        print(f"{label:<48} {ms:8.1f} ms  {'OK' if ms < 100 else 'SLOW'}")
    year_start, year_end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    seconds, peak, rows, size = export(branches[3], year_start, year_end)
    report("branch-year ledger export", seconds, peak, rows, size)
    seconds, peak, rows, size = export(committee, date(YEAR - 1, 1, 1), year_end)
    report("committee two-year export", seconds, peak, rows, size)
    print(f"load average {os.getloadavg()[0]:.1f}")
    if seconds > EXPORT_BUDGET:
        raise SystemExit(f"committee two-year export over its {EXPORT_BUDGET} s budget")


if __name__ == "__main__":
    main()

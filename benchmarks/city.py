"""Benchmark: every page with a city's data, against the budgets of the city-scale issue.

Seeds a city into its own PostgreSQL database (CITY_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/portal_city; created when missing) on top
of the demo data: 6,000 organisations, 100,000 members, 1,000,000 service
records, 50,000 pledges, 500,000 ratings and 500 teams, written by bulk SQL
(a few minutes). A second run finds the city there and skips the seeding.
Then each page is fetched in-process (Django's test client, DEBUG off,
median of 5 after one warm-up) and the script prints page × ms × queries ×
budget, exiting non-zero when a page is over its budget. Before timing it
applies the migrations and rebuilds the running hours totals
(`refresh_hours_totals`), since the seed is bulk SQL that goes around the services.

    .venv/bin/python benchmarks/city.py
    CITY_RESEED=1 .venv/bin/python benchmarks/city.py   # drop the city and seed again
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("CITY_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_city")
# Only its own database, whatever the shell exports (production included).
os.environ["DATABASE_URL"] = DATABASE_URL
for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
    os.environ.pop(name, None)
os.environ |= {
    "DEBUG": "0",
    "DJANGO_SETTINGS_MODULE": "portal.settings.base",
    "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "city_bench_static"),
}

COMMITTEES, BRANCHES, WINDOWS = 59, 2950, 2990  # with the demo tree: about 6,000
MEMBERS, TEAMS, RECORDS_PER_VOLUNTEER = 100_000, 500, 20  # 50,000 volunteers: 1,000,000
PLEDGES, RATINGS = 50_000, 500_000
RUNS = 5


def ensure_database() -> None:
    import psycopg

    url = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{url[0]}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [url[1]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{url[1]}"')


def seeded() -> bool:
    from portal.models import Organisation

    return Organisation.objects.filter(code="city-c1").exists()


def drop_city(cursor) -> None:
    cursor.execute(
        "TRUNCATE volunteers_servicerecord, volunteers_recordversion, volunteers_teammembership,"
        " pledges_pledgeitem, pledges_rating CASCADE"
    )
    cursor.execute("DELETE FROM pledges_pledge WHERE member_id IN (SELECT id FROM portal_member"
                   " WHERE name LIKE '城党员%%')")  # fmt: skip
    cursor.execute("DELETE FROM volunteers_team WHERE name LIKE '城市志愿服务队%%'")
    cursor.execute("DELETE FROM portal_member WHERE name LIKE '城党员%%'")
    cursor.execute("DELETE FROM portal_organisation WHERE code LIKE 'city-w%%'")
    cursor.execute("DELETE FROM portal_organisation WHERE code LIKE 'city-b%%'")
    cursor.execute("DELETE FROM portal_organisation WHERE code LIKE 'city-c%%'")


def seed() -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from portal.models import Member, Organisation

    started = time.monotonic()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", force=True, stdout=quiet)
    root = Organisation.objects.get(code="XZJGGW")
    secretary_branch = Member.objects.get(user__username="secretary").organisation
    with transaction.atomic(), connection.cursor() as cursor:
        if os.environ.get("CITY_RESEED"):
            drop_city(cursor)
        step("organisations")
        cursor.execute(
            """INSERT INTO portal_organisation
               (name, short_name, kind, code, description, is_active, path, parent_id)
               SELECT '第' || g || '党委', '', 'committee', 'city-c' || g, '', true, '', %s
               FROM generate_series(1, %s) g""",
            [root.pk, COMMITTEES],
        )
        cursor.execute(
            """INSERT INTO portal_organisation
               (name, short_name, kind, code, description, is_active, path, parent_id)
               SELECT '第' || g || '党支部', '', 'branch', 'city-b' || g, '', true, '', c.id
               FROM generate_series(0, %s) g
               JOIN portal_organisation c ON c.code = 'city-c' || (1 + g %% %s)""",
            [BRANCHES - 1, COMMITTEES],
        )
        cursor.execute(
            """INSERT INTO portal_organisation
               (name, short_name, kind, code, description, is_active, path, parent_id)
               SELECT '第' || g || '服务窗口', '', 'window', 'city-w' || g, '', true, '', b.id
               FROM generate_series(0, %s) g
               JOIN portal_organisation b ON b.code = 'city-b' || (g %% %s)""",
            [WINDOWS - 1, BRANCHES],
        )
        for prefix in ("city-c", "city-b", "city-w"):
            cursor.execute(
                """UPDATE portal_organisation o SET path = p.path || o.id || '/'
                   FROM portal_organisation p WHERE o.parent_id = p.id AND o.code LIKE %s""",
                [prefix + "%"],
            )
        step("members")
        cursor.execute(
            """INSERT INTO portal_member
               (name, gender, status, joined_on, post, duties, phone, role, created_at,
                updated_at, photo_id, user_id, organisation_id, standing, left_on, destination)
               SELECT '城党员' || g, CASE WHEN g %% 2 = 0 THEN 'male' ELSE 'female' END, 'full',
                      NULL, '', '', '139' || lpad(g::text, 8, '0'), 'member', now(), now(),
                      NULL, NULL, o.id, 'active', NULL, ''
               FROM generate_series(0, %s) g
               JOIN portal_organisation o ON o.code = CASE
                   WHEN g %% 10 = 0 THEN 'city-w' || (g %% %s) ELSE 'city-b' || (g %% %s) END""",
            [MEMBERS - 1, WINDOWS, BRANCHES],
        )
        # The secretary's branch gets 55 members, as in the education committee's report.
        have = Member.objects.filter(organisation=secretary_branch).count()
        cursor.execute(
            """INSERT INTO portal_member
               (name, gender, status, joined_on, post, duties, phone, role, created_at,
                updated_at, photo_id, user_id, organisation_id, standing, left_on, destination)
               SELECT '城党员补' || g, 'female', 'full', NULL, '', '', '', 'member', now(), now(),
                      NULL, NULL, %s, 'active', NULL, ''
               FROM generate_series(1, %s) g""",
            [secretary_branch.pk, max(0, 55 - have)],
        )
        step("teams")
        cursor.execute(
            """INSERT INTO volunteers_team
               (name, field, description, contact_phone, is_active, created_at, organisation_id)
               SELECT '城市志愿服务队' || g, '扶弱助老', '', '', true, now(), o.id
               FROM generate_series(0, %s) g
               JOIN portal_organisation o ON o.code = 'city-b' || (g * 5 %% %s)""",
            [TEAMS - 1, BRANCHES],
        )
        cursor.execute(
            """CREATE TEMP TABLE city_volunteer ON COMMIT DROP AS
               SELECT m.id AS member_id, m.organisation_id,
                      (SELECT array_agg(id ORDER BY id) FROM volunteers_team
                        WHERE name LIKE '城市志愿服务队%%')[1 + (m.id %% %s)] AS team_id
               FROM portal_member m WHERE m.name LIKE '城党员%%' AND m.id %% 2 = 0""",
            [TEAMS],
        )
        cursor.execute(
            """INSERT INTO volunteers_teammembership (joined_at, left_at, member_id, team_id)
               SELECT now() - interval '800 days', NULL, member_id, team_id FROM city_volunteer"""
        )
        step("service records")
        cursor.execute(
            """INSERT INTO volunteers_servicerecord
               (kind, title, served_on, started_at, ended_at, place, content, hours,
                person_in_charge, source, status, quality, return_reason, reviewed_at, is_late,
                flag_reason, version, created_at, updated_at, activity_id, entered_by_id,
                last_edited_by_id, member_id, organisation_id, reviewed_by_id, team_id)
               SELECT 'service', '社区敬老院探望', d, d + time '09:00', d + time '11:00',
                      '敬老院', '陪老人聊天、打扫卫生', 2.0, '', 'self',
                      CASE WHEN n %% 20 = 0 THEN 'pending' ELSE 'approved' END, '', '',
                      CASE WHEN n %% 20 = 0 THEN NULL ELSE d + time '18:00' END, false, '', 1,
                      d + time '12:00', d + time '12:00', NULL, v.member_id, v.member_id,
                      v.member_id, v.organisation_id, NULL, v.team_id
               FROM city_volunteer v
               CROSS JOIN generate_series(1, %s) n
               CROSS JOIN LATERAL (
                   SELECT current_date - ((v.member_id * 7 + n * 37) %% 730)::int AS d) day""",
            [RECORDS_PER_VOLUNTEER],
        )  # fmt: skip
        step("pledges")
        cursor.execute(
            """INSERT INTO pledges_pledge
               (year, title, status, review_note, published_at, looked_back_at, created_at,
                updated_at, member_id, organisation_id, previous_id, reviewed_by_id, home_path)
               SELECT extract(year FROM current_date)::int, '', 'published', '', now(), NULL,
                      now(), now(), m.id, NULL, NULL, NULL, o.path
               FROM portal_member m JOIN portal_organisation o ON o.id = m.organisation_id
               WHERE m.name LIKE '城党员%%' AND m.id %% 2 = 1
               ORDER BY m.id LIMIT %s""",
            [PLEDGES],
        )
        cursor.execute(
            """INSERT INTO pledges_pledgeitem
               (content, sort_order, outcome, outcome_note, pledge_id)
               SELECT '承诺事项' || k || '：来有迎声、问有答声、走有送声', k, '', '', p.id
               FROM pledges_pledge p
               JOIN portal_member m ON m.id = p.member_id AND m.name LIKE '城党员%%'
               CROSS JOIN generate_series(1, 2) k"""
        )
        step("ratings")
        cursor.execute(
            """INSERT INTO pledges_rating
               (level, comment, comment_status, visitor, rated_on, created_at, pledge_id,
                window_id, address, check_status, check_reason)
               SELECT (ARRAY[4, 4, 4, 4, 4, 4, 3, 3, 2, 1])[1 + g %% 10], '', '', 'city-' || g,
                      current_date - (g %% 365), now(), NULL, w.id, '', '', ''
               FROM generate_series(0, %s) g
               JOIN portal_organisation w ON w.code = 'city-w' || (g %% %s)""",
            [RATINGS * 3 // 5 - 1, WINDOWS],
        )
        cursor.execute(
            """INSERT INTO pledges_rating
               (level, comment, comment_status, visitor, rated_on, created_at, pledge_id,
                window_id, address, check_status, check_reason)
               SELECT (ARRAY[4, 4, 4, 4, 4, 3, 3, 3, 2, 1])[1 + g %% 10], '', '', 'city-p' || g,
                      current_date - (g %% 365), now(), p.id, NULL, '', '', ''
               FROM generate_series(0, %s) g
               JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM pledges_pledge) p
                 ON p.n = g %% %s""",
            [RATINGS * 2 // 5 - 1, PLEDGES],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"城市数据已写入，用时 {time.monotonic() - started:.0f} 秒。")


def step(what: str) -> None:
    print(f"  写入 {what} …", flush=True)


def pages():
    """(name, budget in ms, who, how to fetch it) for each page in the issue's table."""
    from django.urls import reverse

    from pledges.models import Rating
    from portal.models import Organisation

    window = (
        Organisation.objects.filter(kind="window", code__startswith="city-w")
        .filter(pk__in=Rating.objects.values("window_id")[:1])
        .first()
    )
    root = Organisation.objects.get(code="XZJGGW")
    year = time.localtime().tm_year
    ledger = (
        f"{reverse('volunteers:ledger')}?scope=org:{root.pk}&start={year}-01-01&end={year}-12-31"
    )
    return [
        ("/volunteers/ （公开）", 150, None, "/volunteers/"),
        ("/pledges/ （公开）", 150, None, "/pledges/"),
        ("窗口页", 150, None, f"/pledges/windows/{window.code}/"),
        ("书记审核 /me/volunteer/lead/", 200, "secretary", reverse("volunteers:lead")),
        ("党委台帐页", 300, "committee", ledger),
        ("党委 branch_totals", 300, "committee", ("branch_totals", root)),
        ("学习情况（55 人支部）", 200, "secretary", reverse("portal_study_matrix")),
        ("/admin/ （党委）", 200, "committee", "/admin/"),
    ]


def measure(client, target) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from volunteers import selectors

    def fetch():
        if isinstance(target, tuple):
            selectors.branch_totals(target[1])
            return
        response = client.get(target)
        if response.status_code != 200:
            raise SystemExit(f"{target} 返回 {response.status_code}")

    fetch()  # warm-up: per-process caches, as a running worker has them
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            fetch()
            timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(queries)


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        # Only when there is something to apply: migrate's post_migrate step files the
        # library collections of all 6,000 organisations, minutes on a busy machine.
        call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if os.environ.get("CITY_RESEED") or not seeded():
        seed()
    else:
        print("已有城市数据，跳过写入（CITY_RESEED=1 重新写入）。")
    # The seed is bulk SQL, around the services: the running totals are rebuilt from the
    # records, as the nightly task does (a few seconds), so the pages read what they would.
    started = time.monotonic()
    call_command("refresh_hours_totals", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"服务时长合计已重建，用时 {time.monotonic() - started:.1f} 秒。")

    users = {
        name: get_user_model().objects.get(username=name) for name in ("secretary", "committee")
    }
    clients = {None: Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)

    print(f"\n负载 {os.getloadavg()[0]:.1f}，每页取 {RUNS} 次的中位数\n")
    print(f"{'页面':<30}{'毫秒':>9}{'查询':>6}{'预算':>7}")
    over = []
    for name, budget, who, target in pages():
        ms, queries = measure(clients[who], target)
        flag = "" if ms <= budget else "  超出预算"
        if flag:
            over.append(name)
        print(f"{name:<30}{ms:>9.0f}{queries:>6}{budget:>7}{flag}")
    if over:
        raise SystemExit(f"\n{len(over)} 个页面超出预算：{'、'.join(over)}")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()

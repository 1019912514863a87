"""`manage.py seed_demo`: fills a fresh database with demo data; `make run` calls it every time.

Idempotent: everything is created by natural key (organisation code, username,
page slug) only when missing, so a second run is fast and never overwrites or
deletes what a user has added or edited.

Portal's own data comes first: the 县直机关工委 tree with its branches and
service windows, about thirty members, the home page, the study column with
its articles, and three demo accounts (committee, secretary, member) whose
password is DEMO_PASSWORD (default "dangjian2026").

Extension point for the other apps: after portal's data, every installed app
may provide a module `<app>.demo` with a function `seed(*, stdout)` and an
optional int `ORDER` (default 100; lower runs first, ties in INSTALLED_APPS
order). Each `seed` runs in its own transaction, must be idempotent in the
same way, and writes its progress to `stdout`. A missing `demo` module is
skipped; an ImportError inside one is raised, not hidden.

Because the demo accounts share a published password, the command refuses to
run unless DEBUG is on, or `--force` is given.
"""

import time
import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.demo.seed import SeedResult, app_demo_seeders, seed_portal


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def accounts_box(result: SeedResult, *, password: str, site_url: str) -> str:
    header = ["用户名", "角色", "所在组织", "密码"]
    rows = [
        [
            account.username,
            account.role,
            account.organisation,
            password if account.password_is_demo else "（已修改，未重置）",
        ]
        for account in result.accounts
    ]
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    table = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)) for row in rows]
    header_line = "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(header))
    links = [f"网站首页  {site_url}/", f"管理后台  {site_url}/admin/"]
    inner = max(_width(line) for line in ["演示账号", header_line, *table, *links])

    def row(line: str) -> str:
        return f"║ {_pad(line, inner)} ║"

    rule = "─" * (inner + 2)
    return "\n".join(
        [
            f"╔{'═' * (inner + 2)}╗",
            row("演示账号"),
            row(header_line),
            f"╟{rule}╢",
            *map(row, table),
            f"╟{rule}╢",
            *map(row, links),
            f"╚{'═' * (inner + 2)}╝",
        ]
    )


class Command(BaseCommand):
    help = "创建演示数据（组织、党员、学习文章和三个演示账号）；可重复运行，不会覆盖已有数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="把三个演示账号的密码重设为 DEMO_PASSWORD。",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="在 DEBUG 关闭时仍然运行（演示账号的密码是公开的，生产环境不要使用）。",
        )

    def handle(self, *args, reset_passwords: bool = False, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "演示数据包含密码公开的账号，只能在开发环境（DEBUG=1）运行；确需运行请加 --force。"
            )
        password = settings.DEMO_PASSWORD
        started = time.monotonic()
        with transaction.atomic():
            result = seed_portal(password=password, reset_passwords=reset_passwords)
        if result.created_anything:
            self.stdout.write(
                f"门户演示数据：新建组织 {result.organisations} 个、党员 {result.members} 名、"
                f"页面 {result.pages} 个、学习记录 {result.study_records} 条。"
            )
        else:
            self.stdout.write("门户演示数据已齐全，未作改动。")

        for _order, label, seed in app_demo_seeders():
            with transaction.atomic():
                self.stdout.write(f"{label} 演示数据：")
                seed(stdout=self.stdout)

        self.stdout.write(f"用时 {time.monotonic() - started:.1f} 秒。")
        self.stdout.write(
            self.style.SUCCESS(accounts_box(result, password=password, site_url=settings.SITE_URL))
        )
